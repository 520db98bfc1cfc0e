using Bunit;
using Dashboard.Core.Identity;
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
}
