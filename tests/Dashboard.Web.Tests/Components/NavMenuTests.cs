using Bunit;
using Dashboard.Web.Components.Layout;

namespace Dashboard.Web.Tests.Components;

public class NavMenuTests : ComponentTest
{
    [Fact]
    public async Task A_member_sees_the_project_section_only()
    {
        await SignInAsync("demo", "demo");

        var menu = Render<NavMenu>();

        var links = menu.FindAll("a").Select(a => a.GetAttribute("href")).ToList();
        Assert.Contains("project/networks", links);
        Assert.Contains("project/security-groups", links);
        Assert.Contains("identity/application-credentials", links); // their own, as Horizon shows every user
        Assert.DoesNotContain(links, l => l!.StartsWith("admin/") || (l.StartsWith("identity/") && l != "identity/application-credentials"));
    }

    [Fact]
    public async Task An_admin_also_sees_admin_and_identity()
    {
        await SignInAsync("admin", "admin");

        var menu = Render<NavMenu>();

        var links = menu.FindAll("a").Select(a => a.GetAttribute("href")).ToList();
        Assert.Contains("admin/networks", links);
        Assert.Contains("admin/segmentation", links);
        Assert.Contains("identity/users", links);
    }
}
