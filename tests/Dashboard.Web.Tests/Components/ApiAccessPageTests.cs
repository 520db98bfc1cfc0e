using Bunit;
using Dashboard.Web.Components.Pages.Project;

namespace Dashboard.Web.Tests.Components;

public class ApiAccessPageTests : ComponentTest
{
    [Fact]
    public async Task Lists_the_catalogs_public_endpoints_offers_both_downloads_and_shows_the_users_credentials()
    {
        await SignInAsync("demo", "demo");
        var project = (await Get<Dashboard.Core.Identity.IdentityService>().FindProjectAsync("demo"))!;

        var page = Render<ApiAccess>();

        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("[data-testid=services] tbody tr").Count));
        var rows = page.FindAll("[data-testid=services] tbody tr").Select(r => string.Join(" ", r.QuerySelectorAll("td").Select(td => td.TextContent.Trim()))).ToList();
        Assert.Equal(["Identity http://localhost/identity", "Network http://localhost/networking/"], rows);
        Assert.Equal(["project/api-access/clouds.yaml", "project/api-access/openrc"],
            page.FindAll("[data-testid^=download-] a, a[data-testid^=download-]").Select(a => a.GetAttribute("href")).Where(h => h is not null).Order());
        Assert.Empty(page.FindAll("[data-testid=credentials]"));

        page.ClickOn(p => p.Find("[data-testid=view-credentials]"));

        var credentials = page.Find("[data-testid=credentials]").TextContent;
        Assert.Contains("demo", credentials);
        Assert.Contains(project.Id, credentials);
        Assert.Contains("http://localhost/identity/v3", credentials);
        Assert.Contains("RegionOne", credentials);
    }
}
