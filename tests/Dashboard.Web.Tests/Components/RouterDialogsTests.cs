using Bunit;
using Dashboard.Core.Routers;
using Dashboard.Web.Components.Pages.Project.Routers;
using MudBlazor;

namespace Dashboard.Web.Tests.Components;

public class RouterDialogsTests : ComponentTest
{
    [Fact]
    public async Task Edit_router_renames_it_and_turns_its_admin_state_and_a_bad_name_is_refused_beside_the_field()
    {
        await SignInAsync("demo", "demo");
        var caller = await Get<Dashboard.Web.Account.CurrentUser>().CallerAsync();
        var router = (await Get<RouterService>().ListAsync(caller.ProjectId)).Single(r => r.Name == "router1");

        var provider = await OpenDialogAsync(new DialogParameters<EditRouterDialog> { { d => d.Caller, caller }, { d => d.Router, router } });
        provider.ChangeOn(r => r.Find("[data-testid=router-name]"), new string('r', 256));
        provider.ClickOn(r => r.Find("[data-testid=save-router]"));
        provider.WaitForAssertion(() => Assert.Contains("exceeds maximum length of 255", provider.Find(".mud-input-helper-text.mud-input-error").TextContent));
        Assert.Equal("router1", (await Get<RouterService>().GetAsync(router.Id)).Name);

        provider.ChangeOn(r => r.Find("[data-testid=router-name]"), "edge");
        await provider.InvokeAsync(() => provider.Find("[data-testid=router-admin-state]").Change(false));
        provider.ClickOn(r => r.Find("[data-testid=save-router]"));

        provider.WaitForAssertion(() => Assert.Equal(("edge", false), (Get<RouterService>().GetAsync(router.Id).Result.Name, Get<RouterService>().GetAsync(router.Id).Result.AdminStateUp)));
    }

    [Fact]
    public async Task Static_routes_are_added_through_the_api_rules_and_a_next_hop_off_the_router_is_refused_beside_it()
    {
        await SignInAsync("demo", "demo");
        var caller = await Get<Dashboard.Web.Account.CurrentUser>().CallerAsync();
        var router = (await Get<RouterService>().ListAsync(caller.ProjectId)).Single(r => r.Name == "router1");

        var provider = await OpenDialogAsync(new DialogParameters<StaticRouteDialog> { { d => d.Caller, caller }, { d => d.Router, router } });
        provider.ChangeOn(r => r.Find("[data-testid=route-destination]"), "192.168.50.0/24");
        provider.ChangeOn(r => r.Find("[data-testid=route-nexthop]"), "10.99.0.1");
        provider.ClickOn(r => r.Find("[data-testid=add-route]"));
        provider.WaitForAssertion(() => Assert.Contains("is not connected with router", provider.Find(".mud-input-helper-text.mud-input-error").TextContent));
        Assert.Empty((await Get<RouterService>().GetAsync(router.Id)).Routes);

        provider.ChangeOn(r => r.Find("[data-testid=route-nexthop]"), "10.0.0.50");
        provider.ClickOn(r => r.Find("[data-testid=add-route]"));

        provider.WaitForAssertion(() => Assert.Equal([new Dashboard.Core.Ipam.HostRoute("192.168.50.0/24", "10.0.0.50")], Get<RouterService>().GetAsync(router.Id).Result.Routes));
    }

    [Fact]
    public async Task The_router_page_lists_static_routes_and_deletes_one()
    {
        await SignInAsync("demo", "demo");
        var caller = await Get<Dashboard.Web.Account.CurrentUser>().CallerAsync();
        var router = (await Get<RouterService>().ListAsync(caller.ProjectId)).Single(r => r.Name == "router1");
        await Get<Dashboard.Core.Extensions.ResourceOperations>().UpdateAsync(caller, "routers", router.Id, new System.Text.Json.Nodes.JsonObject
        {
            ["routes"] = new System.Text.Json.Nodes.JsonArray(
                new System.Text.Json.Nodes.JsonObject { ["destination"] = "192.168.50.0/24", ["nexthop"] = "10.0.0.50" },
                new System.Text.Json.Nodes.JsonObject { ["destination"] = "192.168.60.0/24", ["nexthop"] = "10.0.0.60" }),
        }, null, default);
        var dialogs = Render<MudDialogProvider>();
        Render<MudPopoverProvider>();

        var page = Render<RouterDetail>(p => p.Add(d => d.RouterId, router.Id));
        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("[role=tab]")));
        page.ClickOn(p => p.FindAll("[role=tab]").Single(t => t.TextContent.Trim() == "Static Routes"));
        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("[data-testid=static-routes] tbody tr").Count));
        page.ClickOn(p => p.Find("[aria-label='Delete route 192.168.50.0/24']"));
        dialogs.ClickOn(d => d.FindAll("button").Single(b => b.TextContent.Trim() == "Delete"));

        page.WaitForAssertion(() => Assert.Equal([new Dashboard.Core.Ipam.HostRoute("192.168.60.0/24", "10.0.0.60")], Get<RouterService>().GetAsync(router.Id).Result.Routes));
        page.WaitForAssertion(() => Assert.Single(page.FindAll("[data-testid=static-routes] tbody tr")));
    }

    [Fact]
    public async Task Chosen_interfaces_are_removed_together_and_one_neutron_refuses_is_named_with_the_reason()
    {
        await SignInAsync("demo", "demo");
        var caller = await Get<Dashboard.Web.Account.CurrentUser>().CallerAsync();
        var router = (await Get<RouterService>().ListAsync(caller.ProjectId)).Single(r => r.Name == "router1");
        var network = await Get<Dashboard.Core.Networking.NetworkService>().CreateAsync(new Dashboard.Core.Networking.NetworkSpec(caller.ProjectId, "spare"));
        var subnet = await Get<Dashboard.Core.Networking.SubnetService>().CreateAsync(new Dashboard.Core.Networking.SubnetSpec(network.Id, "10.47.0.0/24"));
        await Get<RouterService>().AddInterfaceAsync(router.Id, subnet.Id);
        var dialogs = Render<MudDialogProvider>();
        var snackbars = Render<MudSnackbarProvider>();
        Render<MudPopoverProvider>();
        var page = Render<RouterDetail>(p => p.Add(d => d.RouterId, router.Id));
        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("[role=tab]")));
        page.ClickOn(p => p.FindAll("[role=tab]").Single(t => t.TextContent.Trim() == "Interfaces"));
        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("[data-testid=router-interfaces] tbody tr").Count));

        await page.InvokeAsync(() => page.Find("[data-testid=router-interfaces] thead input[type=checkbox]").Change(true));
        page.ClickOn(p => p.Find("[data-testid=bulk-action]"));
        // Both named, in the list's order (interfaces come in port order, which is not the addresses').
        dialogs.WaitForAssertion(() => Assert.Matches("You have selected: (10\\.0\\.0\\.1, 10\\.47\\.0\\.1|10\\.47\\.0\\.1, 10\\.0\\.0\\.1)\\.", dialogs.Markup));
        dialogs.ClickOn(d => d.FindAll("button").Single(b => b.TextContent.Trim() == "Delete"));

        // The private subnet's interface carries the demo's floating IPs: Neutron refuses to remove it, and says why.
        snackbars.WaitForAssertion(() => Assert.Contains("Unable to delete interface \"10.0.0.1\"", snackbars.Markup));
        snackbars.WaitForAssertion(() => Assert.Contains("Removed interface \"10.47.0.1\"", snackbars.Markup));
        page.WaitForAssertion(() => Assert.Single(page.FindAll("[data-testid=router-interfaces] tbody tr")));
        Assert.Equal(["10.0.0.1"], (await Get<RouterService>().InterfacesAsync(router.Id)).Select(i => i.IpAddress));
    }

    [Fact]
    public async Task An_admin_creates_a_router_for_another_project_and_must_choose_one()
    {
        await SignInAsync("admin", "admin");
        var caller = await Get<Dashboard.Web.Account.CurrentUser>().CallerAsync();
        var projects = (await Get<Dashboard.Core.Identity.IdentityService>().ListProjectsAsync()).ToDictionary(p => p.Id, p => p.Name);
        var altDemo = projects.Single(p => p.Value == "alt_demo").Key;

        var provider = await OpenDialogAsync(new DialogParameters<RouterDialog> { { d => d.Caller, caller }, { d => d.Projects, projects } });
        provider.ChangeOn(r => r.FindAll("input").First(i => i.GetAttribute("data-testid") is null && i.Closest(".mud-select") is null), "alt-edge");
        provider.ClickOn(r => r.FindAll("button").Single(b => b.TextContent.Trim() == "Create Router"));
        provider.WaitForAssertion(() => Assert.Contains("Choose the project the router is for.", provider.Markup));
        Assert.DoesNotContain(await Get<RouterService>().ListAsync(), r => r.Name == "alt-edge");

        await provider.InvokeAsync(() => provider.FindComponent<MudSelect<string>>().Instance.SelectOption(altDemo));
        provider.ClickOn(r => r.FindAll("button").Single(b => b.TextContent.Trim() == "Create Router"));

        provider.WaitForAssertion(() => Assert.Equal(altDemo, Get<RouterService>().ListAsync().Result.Single(r => r.Name == "alt-edge").ProjectId));
    }

    [Fact]
    public async Task Create_router_offers_the_l3_agents_zones_as_hints_and_the_router_keeps_the_one_chosen()
    {
        await SignInAsync("demo", "demo");
        var caller = await Get<Dashboard.Web.Account.CurrentUser>().CallerAsync();

        var provider = await OpenDialogAsync(new DialogParameters<RouterDialog> { { d => d.Caller, caller } });
        provider.ChangeOn(r => r.FindAll("input").First(i => i.GetAttribute("data-testid") is null && i.Closest(".mud-select") is null), "zoned");
        var hints = provider.FindComponents<MudSelect<string>>().Single(s => s.Instance.Label == "Availability Zone Hints");
        await provider.InvokeAsync(() => hints.Instance.SelectOption("nova"));
        provider.ClickOn(r => r.FindAll("button").Single(b => b.TextContent.Trim() == "Create Router"));

        provider.WaitForAssertion(() => Assert.Equal(["nova"], Get<RouterService>().ListAsync().Result.Single(r => r.Name == "zoned").AvailabilityZoneHints));
    }

    [Fact]
    public async Task Set_gateway_from_a_routers_row_sets_it_and_the_list_shows_it()
    {
        await SignInAsync("demo", "demo");
        var caller = await Get<Dashboard.Web.Account.CurrentUser>().CallerAsync();
        await Get<RouterService>().CreateAsync(new RouterSpec(caller.ProjectId, "web-router"));
        var dialogs = Render<MudDialogProvider>();
        var popovers = Render<MudPopoverProvider>();
        var page = Render<Routers>();
        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("[data-testid=routers] tbody tr").Count));
        page.ClickOn(p => p.FindAll("button").First(b => b.TextContent.Trim() == "Set Gateway"));
        dialogs.WaitForAssertion(() => Assert.NotEmpty(dialogs.FindAll(".mud-select")));
        var network = (await Get<Dashboard.Core.Networking.NetworkService>().ListAsync()).Single(n => n.Name == "public");
        await dialogs.InvokeAsync(() => dialogs.FindComponent<MudSelect<string>>().Instance.SelectOption(network.Id));
        dialogs.ClickOn(d => d.FindAll("button").Single(b => b.TextContent.Trim() == "Submit"));
        page.WaitForAssertion(() => Assert.Contains("public", page.FindAll("[data-testid=routers] tbody tr").Single(r => r.TextContent.Contains("web-router")).TextContent));
    }
}
