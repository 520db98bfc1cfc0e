using Bunit;
using Dashboard.Core.Identity;
using Dashboard.Core.Networking;
using Dashboard.Core.Quotas;
using Dashboard.Web.Components.Pages.Project.Networks;
using MudBlazor;

namespace Dashboard.Web.Tests.Components;

public class NetworksPageTests : ComponentTest
{
    [Fact]
    public async Task Lists_the_projects_shared_and_external_networks_only()
    {
        await SignInAsync("demo", "demo");

        var page = Render<Networks>();

        page.WaitForAssertion(() => Assert.Contains("private-subnet 10.0.0.0/24", page.Markup));
        Assert.Contains(">public<", page.Markup);
        Assert.DoesNotContain("alt_private", page.Markup);
        Assert.Contains("Create Network", page.Find("[data-testid=create-network]").TextContent);
        // The external network's subnet is the operator's (get_subnet), as the API and Horizon say.
        Assert.DoesNotContain("172.24.4.0/24", page.Markup);
    }

    [Fact]
    public async Task A_network_shared_with_the_project_by_a_policy_is_listed_as_shared_with_its_subnets()
    {
        var identity = Get<IdentityService>();
        var demo = (await identity.FindProjectAsync("demo"))!;
        var alt = (await identity.FindProjectAsync("alt_demo"))!;
        var privateNet = (await Get<NetworkService>().ListAsync(demo.Id)).Single(n => n.Name == "private");
        await Get<RbacService>().CreateAsync(demo.Id, "network", privateNet.Id, RbacPolicy.AccessAsShared, alt.Id, byAdmin: false);
        await SignInAsync("alt_demo", "alt_demo");

        var page = Render<Networks>();

        page.WaitForAssertion(() => Assert.Contains("private-subnet 10.0.0.0/24", page.Find("tr:has(a[href$='" + privateNet.Id + "'])").TextContent));
        Assert.Contains("Yes", page.Find("tr:has(a[href$='" + privateNet.Id + "']) td[data-label=Shared]").TextContent);

        var detail = Render<NetworkDetail>(p => p.Add(d => d.NetworkId, privateNet.Id));
        detail.WaitForAssertion(() => Assert.Equal("Yes", detail.Find("[data-testid=network-shared]").TextContent));
    }

    [Fact]
    public async Task A_reader_sees_the_projects_networks_and_is_offered_no_change()
    {
        var identity = Get<IdentityService>();
        var reader = await identity.CreateUserAsync("demo_reader", "reader-pw");
        await identity.AssignRoleAsync((await identity.FindProjectAsync("demo"))!.Id, reader.Id, "reader");
        await SignInAsync("demo_reader", "demo");

        var page = Render<Networks>();

        page.WaitForAssertion(() => Assert.Contains("private-subnet 10.0.0.0/24", page.Markup));
        Assert.True(page.Find("[data-testid=create-network]").HasAttribute("disabled"));
        Assert.DoesNotContain("aria-label=\"Delete private\"", page.Markup);
        Assert.DoesNotContain("aria-label=\"Edit private\"", page.Markup);
    }

    [Fact]
    public async Task An_admin_sees_the_external_networks_subnet()
    {
        await SignInAsync("admin", "admin");

        var page = Render<Networks>();

        page.WaitForAssertion(() => Assert.Contains("public-subnet 172.24.4.0/24", page.Markup));
    }

    [Fact]
    public async Task Create_is_disabled_with_quota_exceeded_when_the_quota_is_used_up()
    {
        await SignInAsync("demo", "demo");
        var demo = (await Get<IdentityService>().FindProjectAsync("demo"))!;
        await Get<QuotaService>().SetAsync(demo.Id, new Dictionary<string, long> { ["network"] = 1 });

        var page = Render<Networks>();

        page.WaitForAssertion(() => Assert.Contains("(Quota exceeded)", page.Find("[data-testid=create-network]").TextContent));
        Assert.True(page.Find("[data-testid=create-network]").HasAttribute("disabled"));
    }

    [Fact]
    public async Task A_network_deleted_elsewhere_frees_the_quota_on_the_open_page()
    {
        await SignInAsync("demo", "demo");
        var demo = (await Get<IdentityService>().FindProjectAsync("demo"))!;
        await Get<QuotaService>().SetAsync(demo.Id, new Dictionary<string, long> { ["network"] = 2 });
        var spare = await Get<NetworkService>().CreateAsync(new NetworkSpec(demo.Id, "spare"));
        var page = Render<Networks>();
        page.WaitForAssertion(() => Assert.Contains("(Quota exceeded)", page.Find("[data-testid=create-network]").TextContent));

        await Get<NetworkService>().DeleteAsync(spare.Id);

        page.WaitForAssertion(() => Assert.DoesNotContain("(Quota exceeded)", page.Find("[data-testid=create-network]").TextContent));
        Assert.False(page.Find("[data-testid=create-network]").HasAttribute("disabled"));
    }

    [Fact]
    public async Task Choosing_every_row_offers_to_delete_only_the_networks_the_policy_lets_the_member_delete()
    {
        await SignInAsync("demo", "demo");
        var demo = (await Get<IdentityService>().FindProjectAsync("demo"))!;
        await Get<NetworkService>().CreateAsync(new NetworkSpec(demo.Id, "spare"));
        var dialogs = Render<MudDialogProvider>();
        Render<MudPopoverProvider>();
        var page = Render<Networks>();
        page.WaitForAssertion(() => Assert.Equal(3, page.FindAll("[data-testid=networks] tbody tr").Count));

        await page.InvokeAsync(() => page.Find("[data-testid=networks] thead input[type=checkbox]").Change(true));
        page.WaitForAssertion(() => Assert.Contains("(2)", page.Find("[data-testid=bulk-action]").TextContent));
        page.ClickOn(p => p.Find("[data-testid=bulk-action]"));

        dialogs.WaitForAssertion(() => Assert.Contains("You have selected: private, spare.", dialogs.Markup)); // not the operator's public
        dialogs.ClickOn(d => d.FindAll("button").Single(b => b.TextContent.Trim() == "Cancel"));
        Assert.Equal(3, (await Get<NetworkService>().ListAsync(demo.Id)).Count);
    }

    [Fact]
    public async Task The_dialog_shows_a_bad_cidr_beside_the_field_and_creates_network_and_subnet_together()
    {
        await SignInAsync("demo", "demo");
        var provider = Render<MudDialogProvider>();
        _ = Render<MudPopoverProvider>();
        var caller = await Get<Dashboard.Web.Account.CurrentUser>().CallerAsync();
        var dialog = await provider.InvokeAsync(() => Get<IDialogService>().ShowAsync<CreateNetworkDialog>("Create Network",
            new DialogParameters<CreateNetworkDialog> { { d => d.Caller, caller } }));

        provider.Find("input[data-testid=network-name]").Change("bunit-net");
        provider.ClickOn(r => r.Find("[data-testid=next]"));
        provider.Find("input[data-testid=subnet-cidr]").Change("10.5.0.0/40");
        provider.ClickOn(r => r.Find("[data-testid=next]"));
        provider.WaitForAssertion(() => Assert.Contains("10.5.0.0/40", provider.Find(".mud-input-helper-text.mud-input-error").TextContent));
        provider.Find("input[data-testid=subnet-cidr]").Change("10.5.0.7/24");
        provider.ClickOn(r => r.Find("[data-testid=next]"));
        provider.WaitForAssertion(() => Assert.Equal("'10.5.0.7/24' isn't a recognized IP subnet cidr, '10.5.0.0/24' is recommended", provider.Find(".mud-input-helper-text.mud-input-error").TextContent.Trim()));

        provider.Find("input[data-testid=subnet-cidr]").Change("10.5.0.0/24");
        provider.ClickOn(r => r.Find("[data-testid=next]"));
        provider.ClickOn(r => r.Find("[data-testid=submit]"));

        var result = await dialog.Result;
        Assert.False(result!.Canceled);
        var created = (await Get<NetworkService>().ListAsync(caller.ProjectId)).Single(n => n.Name == "bunit-net");
        Assert.Equal("10.5.0.0/24", created.Subnets.Single().Cidr);
    }
}
