using System.Net;
using System.Text.Json.Nodes;

namespace Dashboard.Web.Tests.Api;

/// <summary>The catalog as data: regions, services and endpoints an admin changes, and the catalog every token carries.</summary>
public class KeystoneCatalogTests
{
    private static IEnumerable<JsonNode> CatalogOf(ApiSession session) => session.TokenBody["token"]!["catalog"]!.AsArray()!.Select(s => s!);

    [Fact]
    public async Task The_bootstrap_catalog_is_data_and_an_endpoint_added_or_disabled_shows_in_the_next_token()
    {
        await using var factory = new DashboardFactory();
        var admin = await ApiSession.LoginAsync(factory.CreateClient(), "admin", "web-test-admin", "admin");
        var (_, services) = await admin.GetAsync("/identity/v3/services");
        Assert.Equal(["identity", "network"], services!["services"]!.AsArray().Select(s => s!["type"]!.GetValue<string>()).Order());
        var (_, endpoints) = await admin.GetAsync("/identity/v3/endpoints?interface=public");
        Assert.All(endpoints!["endpoints"]!.AsArray(), e => Assert.StartsWith("$(base_url)s/", e!["url"]!.GetValue<string>())); // stored as the bootstrap wrote it
        var network = CatalogOf(admin).Single(s => s["type"]!.GetValue<string>() == "network");
        Assert.All(network["endpoints"]!.AsArray(), e => Assert.StartsWith("http://localhost/networking/", e!["url"]!.GetValue<string>())); // filled in the token

        var (created, service) = await admin.PostAsync("/identity/v3/services", new JsonObject { ["service"] = new JsonObject { ["type"] = "dns", ["name"] = "designate" } });
        Assert.Equal(HttpStatusCode.Created, created);
        var serviceId = service!["service"]!["id"]!.GetValue<string>();
        var (endpointStatus, endpoint) = await admin.PostAsync("/identity/v3/endpoints", new JsonObject
        {
            ["endpoint"] = new JsonObject { ["service_id"] = serviceId, ["interface"] = "public", ["url"] = "http://dns.example:9001/v2/$(project_id)s", ["region"] = "RegionTwo" },
        });
        Assert.Equal(HttpStatusCode.Created, endpointStatus);
        var endpointId = endpoint!["endpoint"]!["id"]!.GetValue<string>();
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/identity/v3/regions/RegionTwo")).Status); // created with the endpoint, as Keystone does
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.PostAsync("/identity/v3/endpoints", new JsonObject
        {
            ["endpoint"] = new JsonObject { ["service_id"] = serviceId, ["interface"] = "sideways", ["url"] = "http://x" },
        })).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.SendAsync(HttpMethod.Patch, $"/identity/v3/endpoints/{endpointId}",
            new JsonObject { ["endpoint"] = new JsonObject { ["enabled"] = "False" } })).Status);

        var next = await ApiSession.LoginAsync(factory.CreateClient(), "admin", "web-test-admin", "admin");
        var dns = CatalogOf(next).Single(s => s["type"]!.GetValue<string>() == "dns");
        var projectId = next.TokenBody["token"]!["project"]!["id"]!.GetValue<string>();
        Assert.Equal(($"http://dns.example:9001/v2/{projectId}", "RegionTwo"),
            (dns["endpoints"]![0]!["url"]!.GetValue<string>(), dns["endpoints"]![0]!["region_id"]!.GetValue<string>()));

        Assert.Equal(HttpStatusCode.Forbidden, (await admin.DeleteAsync("/identity/v3/regions/RegionTwo")).Status); // it has an endpoint
        Assert.Equal(HttpStatusCode.OK, (await admin.SendAsync(HttpMethod.Patch, $"/identity/v3/endpoints/{endpointId}",
            new JsonObject { ["endpoint"] = new JsonObject { ["enabled"] = false } })).Status);
        var afterDisable = await ApiSession.LoginAsync(factory.CreateClient(), "admin", "web-test-admin", "admin");
        Assert.Empty(CatalogOf(afterDisable).Single(s => s["type"]!.GetValue<string>() == "dns")["endpoints"]!.AsArray());

        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/identity/v3/services/{serviceId}")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync($"/identity/v3/endpoints/{endpointId}")).Status); // deleted with its service
        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync("/identity/v3/regions/RegionTwo")).Status);
    }

    [Fact]
    public async Task Regions_nest_under_a_parent_without_cycles_and_only_an_admin_changes_the_catalog()
    {
        await using var factory = new DashboardFactory();
        var admin = await ApiSession.LoginAsync(factory.CreateClient(), "admin", "web-test-admin", "admin");
        Assert.Equal(HttpStatusCode.Created, (await admin.SendAsync(HttpMethod.Put, "/identity/v3/regions/Europe", new JsonObject { ["region"] = new JsonObject() })).Status);
        Assert.Equal(HttpStatusCode.Created, (await admin.PostAsync("/identity/v3/regions", new JsonObject { ["region"] = new JsonObject { ["id"] = "Paris", ["parent_region_id"] = "Europe" } })).Status);
        Assert.Equal(HttpStatusCode.Conflict, (await admin.PostAsync("/identity/v3/regions", new JsonObject { ["region"] = new JsonObject { ["id"] = "Paris" } })).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.SendAsync(HttpMethod.Patch, "/identity/v3/regions/Europe",
            new JsonObject { ["region"] = new JsonObject { ["parent_region_id"] = "Paris" } })).Status);
        var (_, children) = await admin.GetAsync("/identity/v3/regions?parent_region_id=Europe");
        Assert.Equal("Paris", Assert.Single(children!["regions"]!.AsArray())!["id"]!.GetValue<string>());

        var demo = await ApiSession.LoginAsync(factory.CreateClient(), "demo", "web-test-demo", "demo");
        Assert.Equal(HttpStatusCode.Forbidden, (await demo.PostAsync("/identity/v3/services", new JsonObject { ["service"] = new JsonObject { ["type"] = "x" } })).Status);
        Assert.NotEmpty(CatalogOf(demo)); // every token carries the catalog

        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync("/identity/v3/regions/Europe")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync("/identity/v3/regions/Paris")).Status); // deleted with its parent
    }
}
