using Bunit;
using Dashboard.Core.Identity;
using Dashboard.Web.Components.Pages.Admin;

namespace Dashboard.Web.Tests.Components;

/// <summary>Admin > System Information lists the catalog as stored: each service per region with its endpoints.</summary>
public class SystemInformationTests : ComponentTest
{
    [Fact]
    public async Task The_services_page_shows_the_bootstrap_catalog_and_a_service_added_in_another_region()
    {
        await SignInAsync("admin", "admin");
        var catalog = Get<ServiceCatalog>();
        var dns = await catalog.CreateServiceAsync("dns", "designate");
        await catalog.CreateEndpointAsync(dns.Id, "public", "http://dns.example:9001/v2", "RegionTwo");
        await catalog.CreateEndpointAsync(dns.Id, "admin", "http://dns.example:9001/admin", "RegionTwo", enabled: false);

        var page = Render<SystemInformation>();

        page.WaitForAssertion(() => Assert.Equal(3, page.FindAll("[data-testid=services] tbody tr").Count));
        var rows = page.FindAll("[data-testid=services] tbody tr").Select(r => r.TextContent).ToList();
        Assert.Contains(rows, r => r.Contains("neutron") && r.Contains("RegionOne") && r.Contains("public http://localhost/networking/"));
        Assert.Contains(rows, r => r.Contains("designate") && r.Contains("RegionTwo") && r.Contains("admin http://dns.example:9001/admin (disabled)"));
    }
}
