using Bunit;
using Dashboard.Core.Networking;
using Dashboard.Core.Segmentation;
using Dashboard.Web.Components.Pages.Admin;

namespace Dashboard.Web.Tests.Components;

public class AdminPagesTests : ComponentTest
{
    [Fact]
    public async Task Segmentation_shows_each_pool_with_used_and_free_counts_and_holders()
    {
        await SignInAsync("admin", "admin");

        var page = Render<Segmentation>();

        page.WaitForAssertion(() => Assert.NotNull(page.Find("[data-testid=pool-vlan-physnet1]")));
        var vlan = page.Find("[data-testid=pool-vlan-physnet1]").TextContent;
        Assert.Contains("1000 - 2999", vlan);
        Assert.Contains("1,998", vlan);
        Assert.Contains("private", vlan);
        Assert.Contains("alt_private", vlan);
    }

    [Fact]
    public async Task Admin_routers_lists_every_projects_router_with_its_project_and_gateway()
    {
        await SignInAsync("admin", "admin");

        var page = Render<AdminRouters>();

        page.WaitForAssertion(() => Assert.Contains("router1", page.Markup));
        var row = page.FindAll("tr").Single(r => r.TextContent.Contains("router1"));
        Assert.Contains("demo", row.TextContent);
        Assert.Contains("public", row.TextContent);
    }

    [Fact]
    public async Task Admin_ports_filters_by_host()
    {
        await SignInAsync("admin", "admin");

        var page = Render<AdminPorts>();

        page.WaitForAssertion(() => Assert.Contains("compute2", page.Markup));
        var rows = page.FindAll("tbody tr");
        // Four VMs, router1's two ports and the two DHCP ports on network1, and the floating IP's port (unbound).
        Assert.Equal(9, rows.Count);
        Assert.Equal(2, rows.Count(r => r.TextContent.Contains("compute2")));
        Assert.Equal(4, rows.Count(r => r.TextContent.Contains("network1")));
    }

    [Fact]
    public async Task Port_status_counts_and_feeds_changes_as_they_are_pushed()
    {
        await SignInAsync("admin", "admin");
        var page = Render<PortStatusPage>();
        page.WaitForAssertion(() => Assert.Equal("8", page.Find("[data-testid=status-count-BUILD]").TextContent));
        await Get<PortService>().TransitionHostPortsAsync("compute1", [PortStatus.Build], PortStatus.Active, "wired in the test");

        page.WaitForAssertion(() => Assert.Equal("2", page.Find("[data-testid=status-count-ACTIVE]").TextContent));
        page.WaitForAssertion(() => Assert.Contains("BUILD → ACTIVE", page.Find("[data-testid=port-events]").TextContent));
        Assert.Contains("VM01", page.Find("[data-testid=port-events]").TextContent);
        Assert.Contains("wired in the test", page.Find("[data-testid=port-events]").TextContent);
        Assert.All(page.FindAll("[data-testid=port-events] tbody tr"), row => Assert.Contains("compute1", row.TextContent));
    }
}
