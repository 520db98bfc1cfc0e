using Bunit;
using Dashboard.Core.Identity;
using Dashboard.Core.Networking;
using Dashboard.Core.Routers;
using Dashboard.Core.SecurityGroups;
using Dashboard.Web.Components.Pages.Project.Routers;
using Dashboard.Web.Components.Pages.Project.SecurityGroups;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace Dashboard.Web.Tests.Components;

/// <summary>Every list has the same toolbar: a filter, checkbox selection with a bulk action, the user's page size, one status chip.</summary>
public class ListToolbarTests : ComponentTest
{
    [Fact]
    public async Task Routers_filter_by_name_and_the_chosen_ones_are_deleted_together_after_one_confirmation()
    {
        await SignInAsync("demo", "demo");
        var caller = await Get<Dashboard.Web.Account.CurrentUser>().CallerAsync();
        foreach (var name in new[] { "edge-a", "edge-b", "core" })
        {
            await Get<RouterService>().CreateAsync(new RouterSpec(caller.ProjectId, name));
        }
        var dialogs = Render<MudDialogProvider>();
        Render<MudPopoverProvider>();
        var page = Render<Routers>();
        page.WaitForAssertion(() => Assert.Equal(4, page.FindAll("[data-testid=routers] tbody tr").Count));
        Assert.All(page.FindAll("[data-testid=routers] tbody tr"), row => Assert.NotNull(row.QuerySelector("[data-testid=status-chip]")));

        await page.InvokeAsync(() => page.Find("[data-testid=list-filter]").Input("edge"));
        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("[data-testid=routers] tbody tr").Count));
        Assert.True(page.Find("[data-testid=bulk-action]").HasAttribute("disabled"));
        foreach (var box in new[] { 0, 1 })
        {
            await page.InvokeAsync(() => page.FindAll("[data-testid=routers] tbody tr input[type=checkbox]")[box].Change(true));
        }
        page.WaitForAssertion(() => Assert.Contains("(2)", page.Find("[data-testid=bulk-action]").TextContent));
        page.ClickOn(p => p.Find("[data-testid=bulk-action]"));
        dialogs.WaitForAssertion(() => Assert.Contains("You have selected: edge-a, edge-b.", dialogs.Markup));
        dialogs.ClickOn(d => d.FindAll("button").Single(b => b.TextContent.Trim() == "Delete"));

        page.WaitForAssertion(() => Assert.Equal(["core", "router1"], Get<RouterService>().ListAsync(caller.ProjectId).Result.Select(r => r.Name).Order()));
    }

    [Fact]
    public async Task A_bulk_delete_leaves_the_rows_the_policy_keeps_and_lists_page_by_the_users_page_size()
    {
        await SignInAsync("demo", "demo");
        var caller = await Get<Dashboard.Web.Account.CurrentUser>().CallerAsync();
        await Get<SecurityGroupService>().CreateAsync(caller.ProjectId, "web");
        var dialogs = Render<MudDialogProvider>();
        Render<MudPopoverProvider>();
        var page = Render<CascadingValue<UserSettings>>(p => p.Add(c => c.Value, new UserSettings { PageSize = 1 }).AddChildContent<SecurityGroups>());
        page.WaitForAssertion(() => Assert.Single(page.FindAll("[data-testid=security-groups] tbody tr")));
        Assert.Contains("1-1 of 2", page.Markup);

        await page.InvokeAsync(() => page.Find("[data-testid=security-groups] thead input[type=checkbox]").Change(true)); // every row, default included
        page.ClickOn(p => p.Find("[data-testid=bulk-action]"));
        dialogs.WaitForAssertion(() => Assert.Contains("You have selected: web.", dialogs.Markup)); // not the default group
        dialogs.ClickOn(d => d.FindAll("button").Single(b => b.TextContent.Trim() == "Delete"));

        page.WaitForAssertion(() => Assert.Equal(["default"], Get<SecurityGroupService>().ListAsync(caller.ProjectId).Result.Select(g => g.Name)));
    }

    [Fact]
    public async Task Admin_floating_ips_have_the_same_toolbar_filter_and_status_chip()
    {
        await SignInAsync("admin", "admin");
        var page = Render<Dashboard.Web.Components.Pages.Admin.AdminFloatingIps>();
        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("[data-testid=admin-floating-ips] tbody tr [data-testid=status-chip]")));
        var address = page.Find("[data-testid=admin-floating-ips] tbody tr td:nth-child(3)").TextContent.Trim();

        await page.InvokeAsync(() => page.Find("[data-testid=list-filter]").Input("no-such-address"));
        page.WaitForAssertion(() => Assert.Contains("Nothing matches the filter.", page.Markup));
        await page.InvokeAsync(() => page.Find("[data-testid=list-filter]").Input(address));
        page.WaitForAssertion(() => Assert.Contains(address, page.Find("[data-testid=admin-floating-ips] tbody").TextContent));
        Assert.NotNull(page.Find("[data-testid=bulk-action]"));
    }

    [Fact]
    public async Task Network_agents_filter_by_host_and_keep_their_routers_and_networks_under_each_row()
    {
        await SignInAsync("admin", "admin");
        var page = Render<Dashboard.Web.Components.Pages.Admin.NetworkAgents.NetworkAgents>();
        page.WaitForAssertion(() => Assert.Equal(5, page.FindAll("[data-testid^=state-]").Count));

        await page.InvokeAsync(() => page.Find("[data-testid=list-filter]").Input("network1"));

        page.WaitForAssertion(() => Assert.Equal(3, page.FindAll("[data-testid^=state-]").Count)); // network1's OVS, L3 and DHCP agents
        Assert.Contains("Routers on this L3 agent", page.Markup);
        Assert.Contains("Networks served by this DHCP agent", page.Markup);
        Assert.DoesNotContain("state-compute1", page.Markup);
    }

    [Fact]
    public async Task Admin_networks_are_filtered_and_paged_in_the_database_and_a_bulk_delete_takes_only_the_page_shown()
    {
        await SignInAsync("admin", "admin");
        var caller = await Get<Dashboard.Web.Account.CurrentUser>().CallerAsync();
        foreach (var name in new[] { "bulk-1", "bulk-2", "bulk-3" })
        {
            await Get<NetworkService>().CreateAsync(new NetworkSpec(caller.ProjectId, name));
        }
        var dialogs = Render<MudDialogProvider>();
        Render<MudPopoverProvider>();
        var page = Render<CascadingValue<UserSettings>>(p => p.Add(c => c.Value, new UserSettings { PageSize = 2 })
            .AddChildContent<Dashboard.Web.Components.Pages.Admin.AdminNetworks>());
        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("[data-testid=admin-networks] tbody tr").Count));

        await page.InvokeAsync(() => page.Find("[data-testid=list-filter]").Input("BULK"));
        page.WaitForAssertion(() => Assert.Contains("1-2 of 3", page.Markup)); // the count is the database's, not the page's
        Assert.All(page.FindAll("[data-testid=admin-networks] tbody tr"), row => Assert.Contains("bulk-", row.TextContent));
        await page.InvokeAsync(() => page.Find("[data-testid=admin-networks] thead input[type=checkbox]").Change(true));
        page.WaitForAssertion(() => Assert.Contains("(2)", page.Find("[data-testid=bulk-action]").TextContent));
        page.ClickOn(p => p.Find("[data-testid=bulk-action]"));
        dialogs.WaitForAssertion(() => Assert.Contains("You have selected: bulk-1, bulk-2.", dialogs.Markup));
        dialogs.ClickOn(d => d.FindAll("button").Single(b => b.TextContent.Trim() == "Delete"));

        page.WaitForAssertion(() => Assert.Equal(["bulk-3"], Get<NetworkService>().ListAsync().Result.Select(n => n.Name).Where(n => n.StartsWith("bulk-", StringComparison.Ordinal))));
        page.WaitForAssertion(() => Assert.Equal("bulk-3", page.Find("[data-testid=admin-networks] tbody tr td:nth-child(3)").TextContent.Trim()));
        Assert.True(page.Find("[data-testid=bulk-action]").HasAttribute("disabled")); // nothing chosen is left
    }

    [Fact]
    public async Task Admin_ports_find_a_port_by_address_and_a_bulk_delete_says_which_ports_neutron_refuses()
    {
        await SignInAsync("admin", "admin");
        var ports = (await Get<PortService>().SearchAsync(new PortSearch(), 0, 100)).Items;
        var vm = ports.First(p => p.DeviceOwner.StartsWith("compute:", StringComparison.Ordinal));
        var routerPort = ports.First(p => p.DeviceOwner == DeviceOwners.RouterInterface);
        var dialogs = Render<MudDialogProvider>();
        var snackbars = Render<MudSnackbarProvider>();
        Render<MudPopoverProvider>();
        var page = Render<Dashboard.Web.Components.Pages.Admin.AdminPorts>();
        page.WaitForAssertion(() => Assert.Equal(ports.Count, page.FindAll("[data-testid=admin-ports] tbody tr").Count));

        await page.InvokeAsync(() => page.Find("[data-testid=list-filter]").Input(vm.MacAddress));
        page.WaitForAssertion(() => Assert.Single(page.FindAll("[data-testid=admin-ports] tbody tr")));
        Assert.Contains(vm.FixedIps[0].IpAddress, page.Find("[data-testid=admin-ports] tbody").TextContent);

        await page.InvokeAsync(() => page.Find("[data-testid=list-filter]").Input(""));
        page.WaitForAssertion(() => Assert.Equal(ports.Count, page.FindAll("[data-testid=admin-ports] tbody tr").Count));
        foreach (var id in new[] { vm.Id, routerPort.Id })
        {
            await page.InvokeAsync(() => page.FindAll("[data-testid=admin-ports] tbody tr").Single(r => r.InnerHtml.Contains(id)).QuerySelector("input[type=checkbox]")!.Change(true));
        }
        page.WaitForAssertion(() => Assert.Contains("(2)", page.Find("[data-testid=bulk-action]").TextContent));
        page.ClickOn(p => p.Find("[data-testid=bulk-action]"));
        dialogs.WaitForAssertion(() => Assert.Contains("Please confirm your selection.", dialogs.Markup));
        dialogs.ClickOn(d => d.FindAll("button").Single(b => b.TextContent.Trim() == "Delete"));

        snackbars.WaitForAssertion(() => Assert.Contains("cannot be deleted directly via the port API", snackbars.Markup));
        page.WaitForAssertion(() => Assert.Equal(ports.Count - 1, page.FindAll("[data-testid=admin-ports] tbody tr").Count));
        var left = (await Get<PortService>().SearchAsync(new PortSearch(), 0, 100)).Items.Select(p => p.Id).ToList();
        Assert.DoesNotContain(vm.Id, left);
        Assert.Contains(routerPort.Id, left);
    }

    [Fact]
    public async Task An_extensions_generated_list_has_the_same_filter_and_bulk_delete()
    {
        await SignInAsync("admin", "admin");
        var caller = await Get<Dashboard.Web.Account.CurrentUser>().CallerAsync();
        foreach (var name in new[] { "switch-1", "switch-2", "router-x" })
        {
            await Get<Dashboard.Core.Extensions.ResourceOperations>().CreateAsync(caller, "credentials",
                new System.Text.Json.Nodes.JsonObject { ["credential_name"] = name, ["user_name"] = "netops", ["password"] = "pw" }, default);
        }
        var dialogs = Render<MudDialogProvider>();
        Render<MudPopoverProvider>();
        var page = Render<Dashboard.Web.Components.Pages.Admin.Extensions.ExtensionResource>(p => p.Add(c => c.Alias, "credential").Add(c => c.Collection, "credentials"));
        page.WaitForAssertion(() => Assert.Equal(3, page.FindAll("[data-testid=extension-resources] tbody tr").Count));

        await page.InvokeAsync(() => page.Find("[data-testid=list-filter]").Input("switch"));
        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("[data-testid=extension-resources] tbody tr").Count));
        await page.InvokeAsync(() => page.Find("[data-testid=extension-resources] thead input[type=checkbox]").Change(true));
        page.ClickOn(p => p.Find("[data-testid=bulk-action]"));
        dialogs.WaitForAssertion(() => Assert.Contains("Delete credentials", dialogs.Markup));
        dialogs.ClickOn(d => d.FindAll("button").Single(b => b.TextContent.Trim() == "Delete"));

        page.WaitForAssertion(() => Assert.Equal(["router-x"],
            Get<Dashboard.Core.Extensions.ResourceOperations>().ListAsync(caller, "credentials", default).Result.Select(c => c["credential_name"]!.GetValue<string>())));
    }

    [Fact]
    public async Task A_groups_rules_are_filtered_by_what_they_say_and_deleted_together_named_in_words()
    {
        await SignInAsync("demo", "demo");
        var caller = await Get<Dashboard.Web.Account.CurrentUser>().CallerAsync();
        var group = await Get<SecurityGroupService>().CreateAsync(caller.ProjectId, "rules-bulk");
        await Get<SecurityGroupService>().AddRuleAsync(group.Id, new SecurityGroupRuleSpec("ingress", Protocol: "tcp", PortRangeMin: 22, PortRangeMax: 22, RemoteIpPrefix: "10.9.0.0/16"));
        var dialogs = Render<MudDialogProvider>();
        Render<MudPopoverProvider>();
        var page = Render<ManageRules>(p => p.Add(c => c.GroupId, group.Id));
        page.WaitForAssertion(() => Assert.Equal(3, page.FindAll("[data-testid=rules] tbody tr").Count)); // two egress rules and the new one

        await page.InvokeAsync(() => page.Find("[data-testid=list-filter]").Input("egress"));
        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("[data-testid=rules] tbody tr").Count));
        await page.InvokeAsync(() => page.Find("[data-testid=rules] thead input[type=checkbox]").Change(true));
        page.ClickOn(p => p.Find("[data-testid=bulk-action]"));
        dialogs.WaitForAssertion(() => Assert.Contains("You have selected: Egress IPv4 Any Any 0.0.0.0/0, Egress IPv6 Any Any ::/0.", dialogs.Markup));
        dialogs.ClickOn(d => d.FindAll("button").Single(b => b.TextContent.Trim() == "Delete"));

        page.WaitForAssertion(() => Assert.Equal(["ingress"], Get<SecurityGroupService>().GetAsync(group.Id).Result.Rules.Select(r => r.Direction)));
    }

    [Fact]
    public async Task A_networks_ports_tab_offers_to_delete_only_ports_neutron_lets_the_port_api_delete()
    {
        await SignInAsync("demo", "demo");
        var network = (await Get<NetworkService>().ListAsync()).Single(n => n.Name == "private");
        var ports = await Get<PortService>().ListAsync(network.Id);
        var instancePorts = ports.Where(p => p.DeviceOwner.StartsWith("compute:", StringComparison.Ordinal)).ToList();
        var dialogs = Render<MudDialogProvider>();
        Render<MudPopoverProvider>();
        var page = Render<Dashboard.Web.Components.Pages.Project.Networks.NetworkDetail>(p => p.Add(c => c.NetworkId, network.Id));
        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("[role=tab]")));
        page.ClickOn(p => p.FindAll("[role=tab]").Single(t => t.TextContent.Trim() == "Ports"));
        page.WaitForAssertion(() => Assert.Equal(ports.Count, page.FindAll("[data-testid=ports] tbody tr").Count));

        await page.InvokeAsync(() => page.Find("[data-testid=ports] thead input[type=checkbox]").Change(true));
        page.ClickOn(p => p.Find("[data-testid=bulk-action]"));

        // The DHCP port and the router's interface are the agents': not offered (Horizon leaves them out too).
        dialogs.WaitForAssertion(() => Assert.Contains("Delete ports", dialogs.Markup));
        var question = dialogs.Find(".mud-dialog-content").TextContent;
        Assert.Equal(instancePorts.Count, question.Split(':')[1].Split('.')[0].Split(',').Length);
        Assert.True(ports.Count > instancePorts.Count);
        dialogs.ClickOn(d => d.FindAll("button").Single(b => b.TextContent.Trim() == "Cancel"));
    }
    [Fact]
    public async Task A_server_read_that_finishes_after_a_newer_filtered_one_does_not_put_the_unfiltered_rows_back()
    {
        string[] rows = ["alpha", "beta", "gamma"];
        var liveRead = new TaskCompletionSource();
        var reads = 0;
        var page = Render<Dashboard.Web.Components.Shared.ResourceList<string>>(p => p
            .Add(c => c.KeyOf, r => r)
            .Add(c => c.Header, b => b.AddContent(0, "Name"))
            .Add(c => c.Row, r => b => { b.OpenElement(0, "td"); b.AddContent(1, r); b.CloseElement(); })
            .Add(c => c.ServerData, async (state, filter, ct) =>
            {
                if (Interlocked.Increment(ref reads) == 2)
                {
                    await liveRead.Task; // a live re-read, still running when the filter changes; it does not stop when cancelled
                }
                var found = rows.Where(r => r.Contains(filter, StringComparison.Ordinal)).ToList();
                return new TableData<string> { Items = found, TotalItems = found.Count };
            }));
        page.WaitForAssertion(() => Assert.Equal(3, page.FindAll("tbody tr").Count));

        _ = page.InvokeAsync(() => page.Instance.ReloadAsync());
        page.WaitForAssertion(() => Assert.Equal(2, Volatile.Read(ref reads)));
        await page.InvokeAsync(() => page.Find("[data-testid=list-filter]").Input("alp"));
        page.WaitForAssertion(() => Assert.Single(page.FindAll("tbody tr")));
        await page.InvokeAsync(liveRead.SetResult); // the live re-read finishes now, on the renderer's thread, to its end

        Assert.Equal("alpha", Assert.Single(page.FindAll("tbody tr")).TextContent.Trim());
        Assert.Equal(3, Volatile.Read(ref reads));
    }
}
