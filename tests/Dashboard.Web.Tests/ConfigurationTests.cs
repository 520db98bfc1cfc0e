using Dashboard.Core.Segmentation;
using Microsoft.Extensions.DependencyInjection;

namespace Dashboard.Web.Tests;

public class ConfigurationTests
{
    [Fact]
    public async Task The_root_appsettings_json_is_the_configuration_in_force()
    {
        await using var factory = new DashboardFactory();
        _ = factory.CreateClient();

        var ranges = factory.Services.GetRequiredService<SegmentationRanges>();

        // Values that exist only in the root appsettings.json (the option classes default to other ones).
        Assert.Equal([new IdRange(1, 16_777_215)], ranges.VxlanRanges);
        Assert.Equal(["vlan", "vxlan"], ranges.TenantNetworkTypes);
        Assert.Equal(["physnet1"], ranges.FlatNetworks);
    }

    [Fact]
    public async Task The_address_is_taken_from_ASPNETCORE_URLS_as_any_ASP_NET_Core_app_takes_it()
    {
        // Started without --urls: it answers (InitializeAsync waits for that) only if ASPNETCORE_URLS is honoured,
        // which a Urls in the root appsettings.json would override.
        var app = new Cli.RunningApp { UrlsFromEnvironment = true };
        try
        {
            await app.InitializeAsync();
            using var http = new HttpClient();
            Assert.Equal(System.Net.HttpStatusCode.OK, (await http.GetAsync($"{app.BaseUrl}/networking/")).StatusCode);
        }
        finally
        {
            await app.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_setting_overrides_the_file()
    {
        await using var factory = new DashboardFactory();
        factory.Settings["Neutron:vni_ranges"] = "10:20";
        _ = factory.CreateClient();

        Assert.Equal([new IdRange(10, 20)], factory.Services.GetRequiredService<SegmentationRanges>().VxlanRanges);
    }

    [Fact]
    public async Task The_app_css_of_the_root_wwwroot_is_served()
    {
        await using var factory = new DashboardFactory();
        var client = factory.CreateClient();

        var css = await client.GetStringAsync("/app.css");

        Assert.Equal(await File.ReadAllTextAsync(Path.Combine(DashboardFactory.RepositoryRoot, "wwwroot", "app.css")), css);
    }

    [Fact]
    public async Task Every_page_names_the_favicon_and_it_is_served()
    {
        await using var factory = new DashboardFactory();
        var client = factory.CreateClient();

        var login = await client.GetStringAsync("/login");
        var icon = await client.GetAsync("/favicon.svg");

        Assert.Contains("<link rel=\"icon\" type=\"image/svg+xml\" href=\"favicon.svg\"", login);
        Assert.Equal(System.Net.HttpStatusCode.OK, icon.StatusCode);
        Assert.Equal("image/svg+xml", icon.Content.Headers.ContentType?.MediaType);
        Assert.StartsWith("<svg", await icon.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task The_clouds_region_is_every_catalog_endpoints_region()
    {
        await using var factory = new DashboardFactory();
        factory.Settings["Cloud:Region"] = "RegionTwo";
        var client = factory.CreateClient();

        var session = await Api.ApiSession.LoginAsync(client, "admin", "web-test-admin", "admin");

        var endpoints = session.TokenBody["token"]!["catalog"]!.AsArray().SelectMany(service => service!["endpoints"]!.AsArray()).ToList();
        Assert.Equal(6, endpoints.Count);
        Assert.Equal(6, endpoints.Select(e => e!["id"]!.GetValue<string>()).Distinct().Count()); // each endpoint its own ID
        Assert.All(endpoints, e => Assert.Equal(("RegionTwo", "RegionTwo"), (e!["region"]!.GetValue<string>(), e["region_id"]!.GetValue<string>())));
    }
}
