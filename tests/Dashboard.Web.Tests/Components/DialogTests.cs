using Bunit;
using Dashboard.Core.Identity;
using Dashboard.Core.Networking;
using Dashboard.Core.Routers;
using Dashboard.Web.Components.Pages.Admin;
using Dashboard.Web.Components.Pages.Identity;
using Dashboard.Web.Components.Pages.Project.Networks;
using Dashboard.Web.Components.Pages.Project.Routers;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace Dashboard.Web.Tests.Components;

/// <summary>The remaining dialogs: the domain's answer beside the field, and the action reaching the domain.</summary>
public class DialogTests : ComponentTest
{

    private static void Press(IRenderedComponent<MudDialogProvider> provider, string button) =>
        provider.ClickOn(r => r.FindAll("button").Single(b => b.TextContent.Trim() == button));

    /// <summary>Types into the labelled field, found and changed in one step (a re-render cannot leave the change on a stale handler).</summary>
    private static void Type(IRenderedComponent<MudDialogProvider> provider, string label, string value) => provider.ChangeOn(r => Field(r, label), value);

    private static AngleSharp.Dom.IElement Field(IRenderedComponent<MudDialogProvider> provider, string label) =>
        provider.FindAll(".mud-input-control").Single(c => c.QuerySelector("label")?.TextContent.Trim().TrimEnd('*') == label).QuerySelector("input, textarea")!;

    [Fact]
    public async Task Create_subnet_shows_the_domains_overlap_error_beside_the_cidr_then_creates()
    {
        await SignInAsync("demo", "demo");
        var network = (await Get<NetworkService>().ListAsync()).Single(n => n.Name == "private");
        var provider = await OpenDialogAsync(new DialogParameters<CreateSubnetDialog> { { d => d.NetworkId, network.Id } });

        Type(provider, "Network Address (CIDR)", "10.0.0.128/25");
        Press(provider, "Create");
        provider.WaitForAssertion(() => Assert.Contains("overlaps with another subnet", provider.Markup));

        Type(provider, "Network Address (CIDR)", "10.0.1.0/24");
        Press(provider, "Create");
        provider.WaitForAssertion(() => Assert.Contains(Get<NetworkService>().GetAsync(network.Id).Result.Subnets, s => s.Cidr == "10.0.1.0/24"));
    }

    [Fact]
    public async Task Create_subnet_from_a_pool_says_beside_the_pool_what_is_wrong_then_carves_the_network_mask_chosen()
    {
        await SignInAsync("demo", "demo");
        var caller = await Get<Dashboard.Web.Account.CurrentUser>().CallerAsync();
        var pool = await Get<Dashboard.Core.Ipam.SubnetPoolService>().CreateAsync(new Dashboard.Core.Ipam.SubnetPoolSpec(caller.ProjectId, ["10.90.0.0/16"]) { Name = "mine", DefaultPrefixLen = 24, MaxPrefixLen = 28 });
        var privateNet = (await Get<NetworkService>().ListAsync()).Single(n => n.Name == "private");
        var provider = await OpenDialogAsync(new DialogParameters<CreateSubnetDialog> { { d => d.NetworkId, privateNet.Id } });

        Choose(provider, "Network Address Source", "Allocate Network Address from a pool");
        Press(provider, "Create");
        provider.WaitForAssertion(() => Assert.Contains("Choose an address pool.", provider.Find("[data-testid=subnet-pool]").Closest(".mud-input-control")!.TextContent));
        Choose(provider, "Address pool", "mine (10.90.0.0/16)");
        Press(provider, "Create");
        // private's IPv4 subnet was not carved from the pool: said beside the pool, nothing made.
        provider.WaitForAssertion(() => Assert.Contains("must be allocated from the same subnet pool", provider.Find("[data-testid=subnet-pool]").Closest(".mud-input-control")!.TextContent));
        Assert.Single((await Get<NetworkService>().GetAsync(privateNet.Id)).Subnets);

        Press(provider, "Cancel");
        provider.WaitForAssertion(() => Assert.Empty(provider.FindAll(".mud-dialog")));
        var network = await Get<NetworkService>().CreateAsync(new NetworkSpec(caller.ProjectId, "pooled"));
        provider = await OpenDialogAsync(new DialogParameters<CreateSubnetDialog> { { d => d.NetworkId, network.Id } });
        Choose(provider, "Network Address Source", "Allocate Network Address from a pool");
        Choose(provider, "Address pool", "mine (10.90.0.0/16)");
        // The masks offered are the pool's bounds, its default first.
        await provider.InvokeAsync(() => provider.Find("[data-testid=prefix-length]").Closest(".mud-input-control")!.MouseDown());
        Popovers.WaitForAssertion(() => Assert.Equal(Enumerable.Range(8, 21).Select(l => $"/{l}").Prepend("Pool's default (/24)"),
            Popovers.FindAll(".mud-list-item").Select(i => i.TextContent.Trim()).Where(t => t.Contains('/'))));
        Popovers.ClickOn(r => r.FindAll(".mud-list-item").First(i => i.TextContent.Trim() == "/27"));
        Press(provider, "Create");
        provider.WaitForAssertion(() => Assert.Contains(Get<NetworkService>().GetAsync(network.Id).Result.Subnets, s => s.Cidr == "10.90.0.0/27" && s.SubnetPoolId == pool.Id));
    }

    [Fact]
    public async Task Create_subnet_offers_the_ipv6_address_mode_once_the_subnet_is_ipv6_and_creates_a_slaac_subnet()
    {
        await SignInAsync("demo", "demo");
        var network = (await Get<NetworkService>().ListAsync()).Single(n => n.Name == "private");
        var provider = await OpenDialogAsync(new DialogParameters<CreateSubnetDialog> { { d => d.NetworkId, network.Id } });
        Assert.Empty(provider.FindAll("[data-testid=ipv6-mode]"));

        Choose(provider, "IP Version", "IPv6");
        provider.WaitForAssertion(() => Assert.Contains("IPv6 Address Configuration Mode", provider.Markup));
        Choose(provider, "IPv6 Address Configuration Mode", "SLAAC");
        Type(provider, "Network Address (CIDR)", "fd00:a::/64");
        Press(provider, "Create");

        provider.WaitForAssertion(() => Assert.Contains(Get<NetworkService>().GetAsync(network.Id).Result.Subnets,
            s => s.Cidr == "fd00:a::/64" && s.Ipv6RaMode == "slaac" && s.Ipv6AddressMode == "slaac"));
    }

    /// <summary>Picks the option of a labelled select: it opens on mouse-down of its input, its options render in the popover provider.</summary>
    private void Choose(IRenderedComponent<MudDialogProvider> provider, string label, string option)
    {
        provider.InvokeAsync(() => provider.FindAll(".mud-select").First(c => c.QuerySelector("label")?.TextContent.Trim().TrimEnd('*') == label)
            .QuerySelector(".mud-input-control")!.MouseDown()).GetAwaiter().GetResult();
        Popovers.WaitForAssertion(() => Assert.Contains(Popovers.FindAll(".mud-list-item"), i => i.TextContent.Contains(option, StringComparison.Ordinal)));
        Popovers.ClickOn(r => r.FindAll(".mud-list-item").First(i => i.TextContent.Contains(option, StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Create_port_refuses_an_address_already_taken_and_creates_with_a_free_one()
    {
        await SignInAsync("demo", "demo");
        var caller = await Get<Dashboard.Web.Account.CurrentUser>().CallerAsync();
        var network = (await Get<NetworkService>().ListAsync()).Single(n => n.Name == "private");
        var taken = (await Get<PortService>().ListAsync(network.Id)).First().FixedIps[0].IpAddress;
        var provider = await OpenDialogAsync(new DialogParameters<PortDialog> { { d => d.Network, network }, { d => d.Caller, caller } });

        Type(provider, "Name", "probe");
        Type(provider, "Fixed IP Address", taken);
        Press(provider, "Create");
        provider.WaitForAssertion(() => Assert.Contains("already allocated", provider.Markup));

        Type(provider, "Fixed IP Address", "10.0.0.200");
        Press(provider, "Create");
        provider.WaitForAssertion(() => Assert.Contains(Get<PortService>().ListAsync(network.Id).Result, p => p.Name == "probe" && p.FixedIps[0].IpAddress == "10.0.0.200"));
    }

    [Fact]
    public async Task Create_user_refuses_mismatched_passwords_and_creates_the_member()
    {
        await SignInAsync("admin", "admin");
        var provider = await OpenDialogAsync(new DialogParameters<UserDialog>());

        Type(provider, "User Name", "carol");
        Type(provider, "Password", "pw-one-1");
        Type(provider, "Confirm Password", "pw-two-2");
        provider.WaitForAssertion(() => Assert.Contains("The passwords do not match.", provider.Markup));
        Press(provider, "Create User");
        Assert.Null(await Get<IdentityService>().FindUserAsync("carol"));

        Type(provider, "Confirm Password", "pw-one-1");
        Press(provider, "Create User");
        provider.WaitForAssertion(() => Assert.NotNull(Get<IdentityService>().FindUserAsync("carol").Result));
    }

    [Fact]
    public async Task Create_project_says_beside_the_name_that_it_is_required_then_creates()
    {
        await SignInAsync("admin", "admin");
        var provider = await OpenDialogAsync(new DialogParameters<ProjectDialog>());

        Press(provider, "Create Project");
        provider.WaitForAssertion(() => Assert.Contains("name must not be empty", NameHelp(provider)));
        Type(provider, "Name", "research");
        Press(provider, "Create Project");
        provider.WaitForAssertion(() => Assert.NotNull(Get<IdentityService>().FindProjectAsync("research").Result));
    }

    /// <summary>The message under the project's Name field.</summary>
    private static string NameHelp(IRenderedComponent<MudDialogProvider> provider) =>
        provider.FindAll(".mud-input-control").Single(c => c.QuerySelector("label")?.TextContent.Trim().TrimEnd('*') == "Name").TextContent;

    [Fact]
    public async Task Create_router_creates_it_for_the_project()
    {
        await SignInAsync("demo", "demo");
        var caller = await Get<Dashboard.Web.Account.CurrentUser>().CallerAsync();
        var provider = await OpenDialogAsync(new DialogParameters<RouterDialog> { { d => d.Caller, caller } });

        Type(provider, "Router Name", "edge");
        Press(provider, "Create Router");

        provider.WaitForAssertion(() => Assert.Contains(Get<RouterService>().ListAsync(caller.ProjectId).Result, r => r.Name == "edge"));
    }

    [Fact]
    public async Task Admin_create_network_asks_for_a_project_and_the_provider_fields_of_its_type()
    {
        await SignInAsync("admin", "admin");
        var before = (await Get<NetworkService>().ListAsync()).Count;
        var provider = await OpenDialogAsync(new DialogParameters<AdminCreateNetworkDialog>());

        Press(provider, "Create Network");

        provider.WaitForAssertion(() => Assert.Contains("Choose a project.", provider.Markup));
        Assert.Contains("Physical Network", provider.Markup);
        Assert.Contains("Segmentation ID", provider.Markup);
        Assert.Equal(before, (await Get<NetworkService>().ListAsync()).Count);
    }
}
