using Bunit;
using Dashboard.Core.Identity;
using Dashboard.Core.Networking;
using Dashboard.Core.SecurityGroups;
using Dashboard.Web.Components.Pages.Admin;
using Dashboard.Web.Components.Pages.Project.Networks;
using Dashboard.Web.Components.Pages.Project.SecurityGroups;

namespace Dashboard.Web.Tests.Components;

/// <summary>Tables follow changes made elsewhere (another page, the API, an agent) without a reload.</summary>
public class LiveTablesTests : ComponentTest
{
    [Fact]
    public async Task A_network_created_elsewhere_appears_in_the_open_networks_table()
    {
        await SignInAsync("demo", "demo");
        var page = Render<Networks>();
        page.WaitForAssertion(() => Assert.Contains("private", page.Markup));
        var demo = (await Get<IdentityService>().FindProjectAsync("demo"))!;

        await Get<NetworkService>().CreateAsync(new NetworkSpec(demo.Id, "pushed-net"));

        page.WaitForAssertion(() => Assert.Contains("pushed-net", page.Markup));
    }

    [Fact]
    public async Task A_rule_added_elsewhere_appears_in_the_open_rules_table()
    {
        await SignInAsync("demo", "demo");
        var demo = (await Get<IdentityService>().FindProjectAsync("demo"))!;
        var group = await Get<SecurityGroupService>().EnsureDefaultAsync(demo.Id);
        var page = Render<ManageRules>(p => p.Add(c => c.GroupId, group.Id));
        page.WaitForAssertion(() => Assert.Contains("Ingress", page.Markup));

        await Get<SecurityGroupService>().AddRuleAsync(group.Id, new SecurityGroupRuleSpec("ingress", Protocol: "tcp", PortRangeMin: 4242, PortRangeMax: 4242));

        page.WaitForAssertion(() => Assert.Contains("4242", page.Markup));
    }

    [Fact]
    public async Task Admin_ports_follow_status_changes_pushed_by_an_agent()
    {
        await SignInAsync("admin", "admin");
        var page = Render<AdminPorts>();
        page.WaitForAssertion(() => Assert.Contains("compute2", page.Markup));
        Assert.DoesNotContain("ACTIVE", page.Find("tbody").TextContent);

        await Get<PortService>().TransitionHostPortsAsync("compute2", [PortStatus.Build], PortStatus.Active, "wired in the test");

        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("tbody tr").Count(r => r.TextContent.Contains("ACTIVE"))));
    }
}
