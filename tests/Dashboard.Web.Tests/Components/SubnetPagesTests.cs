using Bunit;
using Dashboard.Core.Networking;
using Dashboard.Web.Components.Pages.Project.Networks;
using MudBlazor;

namespace Dashboard.Web.Tests.Components;

public class SubnetPagesTests : ComponentTest
{
    [Fact]
    public async Task Edit_subnet_changes_only_what_was_changed_and_refuses_a_bad_server_beside_its_field()
    {
        await SignInAsync("demo", "demo");
        var caller = await Get<Dashboard.Web.Account.CurrentUser>().CallerAsync();
        var subnet = (await Get<NetworkService>().ListAsync(caller.ProjectId)).Single(n => n.Name == "private").Subnets.Single();

        var provider = await OpenDialogAsync(new DialogParameters<EditSubnetDialog> { { d => d.Caller, caller }, { d => d.Subnet, subnet } });
        Assert.Equal("10.0.0.1", provider.Find("[data-testid=subnet-gateway]").GetAttribute("value"));
        provider.ChangeOn(r => r.Find("[data-testid=subnet-dns]"), "8.8.8.8\n8.8.4.400");
        provider.ClickOn(r => r.Find("[data-testid=save-subnet]"));
        provider.WaitForAssertion(() => Assert.Contains("8.8.4.400", provider.Find(".mud-input-helper-text.mud-input-error").TextContent));
        Assert.Equal(subnet.DnsNameservers, (await Get<SubnetService>().GetAsync(subnet.Id)).DnsNameservers); // unchanged

        provider.ChangeOn(r => r.Find("[data-testid=subnet-dns]"), "8.8.8.8\n8.8.4.4");
        provider.ChangeOn(r => r.Find("[data-testid=subnet-name]"), "private-renamed");
        provider.ClickOn(r => r.Find("[data-testid=save-subnet]"));

        // The gateway (router1's interface holds it) was not sent again: only the name and the servers changed.
        provider.WaitForAssertion(() =>
        {
            var now = Get<SubnetService>().GetAsync(subnet.Id).Result;
            Assert.True((now.Name, string.Join(" ", now.DnsNameservers), now.GatewayIp) == ("private-renamed", "8.8.8.8 8.8.4.4", "10.0.0.1"),
                $"{now.Name} [{string.Join(" ", now.DnsNameservers)}] {now.GatewayIp}");
        });
    }

    [Fact]
    public async Task The_subnet_page_shows_the_subnet_to_its_project_and_not_to_another()
    {
        await SignInAsync("demo", "demo");
        var caller = await Get<Dashboard.Web.Account.CurrentUser>().CallerAsync();
        var subnet = (await Get<NetworkService>().ListAsync(caller.ProjectId)).Single(n => n.Name == "private").Subnets.Single();

        var page = Render<SubnetDetail>(p => p.Add(d => d.SubnetId, subnet.Id));
        page.WaitForAssertion(() => Assert.Contains("10.0.0.0/24", page.Find("[data-testid=subnet-overview]").TextContent));
        Assert.Equal("10.0.0.1", page.Find("[data-testid=subnet-gateway-ip]").TextContent);
        Assert.False(page.Find("[data-testid=edit-subnet]").HasAttribute("disabled"));

        await SignInAsync("alt_demo", "alt_demo");
        var other = Render<SubnetDetail>(p => p.Add(d => d.SubnetId, subnet.Id));
        other.WaitForAssertion(() => Assert.NotEmpty(other.FindAll("[data-testid=subnet-not-found]")));
        Assert.DoesNotContain("10.0.0.0/24", other.Markup);
    }

    [Fact]
    public async Task An_ipv6_subnets_page_shows_its_address_and_router_advertisement_modes()
    {
        await SignInAsync("demo", "demo");
        var caller = await Get<Dashboard.Web.Account.CurrentUser>().CallerAsync();
        var network = await Get<NetworkService>().CreateAsync(new NetworkSpec(caller.ProjectId, "v6"));
        var subnet = await Get<SubnetService>().CreateAsync(new SubnetSpec(network.Id, "2001:db8:5::/64") { Ipv6RaMode = "slaac", Ipv6AddressMode = "slaac" });

        var page = Render<SubnetDetail>(p => p.Add(d => d.SubnetId, subnet.Id));

        page.WaitForAssertion(() => Assert.Equal("slaac", page.Find("[data-testid=ipv6-address-mode]").TextContent));
        Assert.Equal("slaac", page.Find("[data-testid=ipv6-ra-mode]").TextContent);
    }

    [Fact]
    public async Task Networks_offer_create_subnet_on_the_projects_own_networks_only()
    {
        await SignInAsync("demo", "demo");

        var page = Render<Networks>();

        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("[aria-label='Create subnet on private']")));
        Assert.Empty(page.FindAll("[aria-label='Create subnet on public']"));
    }
}
