using System.Net;
using System.Text.Json.Nodes;
using Dashboard.Core.Agents;
using Microsoft.Extensions.DependencyInjection;

namespace Dashboard.Web.Tests.Api;

/// <summary>Neutron's availability zones over the API, as <c>openstack availability zone list --network</c> and <c>--availability-zone-hint</c> use them.</summary>
public class AvailabilityZoneApiTests
{
    [Fact]
    public async Task Zones_are_listed_and_filtered_hints_are_checked_kept_and_followed_and_zones_show_where_a_resource_went()
    {
        await using var factory = new DashboardFactory();
        var client = factory.CreateClient();
        await factory.Services.GetRequiredService<Dashboard.Core.Hosts.ComputeNodeService>()
            .RegisterAsync("network2", ["physnet1:br-eth1:eth1"], "192.168.56.20", agents: [AgentTypes.L3, AgentTypes.Dhcp], availabilityZone: "az2");
        await factory.Services.GetRequiredService<AgentHeartbeats>().ReportAsync();
        var demo = await ApiSession.LoginAsync(client, "demo", "web-test-demo", "demo");

        var (listed, zones) = await demo.GetAsync("/networking/v2.0/availability_zones?resource=router");
        Assert.Equal(HttpStatusCode.OK, listed); // any member lists them
        Assert.Equal(["az2", "nova"], zones!["availability_zones"]!.AsArray().Select(z => z!["name"]!.GetValue<string>()).Order());
        Assert.All(zones["availability_zones"]!.AsArray(), z => Assert.Equal(("router", "available"), (z!["resource"]!.GetValue<string>(), z["state"]!.GetValue<string>())));
        Assert.Equal(HttpStatusCode.NotFound, (await demo.GetAsync("/networking/v2.0/availability_zones/nova")).Status); // listed only, as neutron-server
        Assert.Equal(HttpStatusCode.MethodNotAllowed, (await demo.PostAsync("/networking/v2.0/availability_zones", new JsonObject { ["availability_zone"] = new JsonObject { ["name"] = "x" } })).Status);

        var (created, router) = await demo.PostAsync("/networking/v2.0/routers", new JsonObject { ["router"] = new JsonObject { ["name"] = "r-az2", ["availability_zone_hints"] = new JsonArray("az2") } });
        Assert.Equal(HttpStatusCode.Created, created);
        Assert.Equal(("az2", "az2"), (Strings(router!["router"]!["availability_zone_hints"]), Strings(router["router"]!["availability_zones"])));

        var (madeNetwork, network) = await demo.PostAsync("/networking/v2.0/networks", new JsonObject { ["network"] = new JsonObject { ["name"] = "n-az2", ["availability_zone_hints"] = new JsonArray("az2") } });
        Assert.Equal(HttpStatusCode.Created, madeNetwork);
        var networkId = network!["network"]!["id"]!.GetValue<string>();
        Assert.Equal("", Strings(network["network"]!["availability_zones"])); // no DHCP server before a subnet
        await demo.PostAsync("/networking/v2.0/subnets", new JsonObject { ["subnet"] = new JsonObject { ["network_id"] = networkId, ["cidr"] = "10.77.0.0/24", ["ip_version"] = 4 } });
        var (_, shown) = await demo.GetAsync($"/networking/v2.0/networks/{networkId}");
        Assert.Equal(("az2", "az2"), (Strings(shown!["network"]!["availability_zone_hints"]), Strings(shown["network"]!["availability_zones"])));

        var (unknown, error) = await demo.PostAsync("/networking/v2.0/networks", new JsonObject { ["network"] = new JsonObject { ["availability_zone_hints"] = new JsonArray("az9") } });
        Assert.Equal((HttpStatusCode.NotFound, "AvailabilityZoneNotFound"), (unknown, error!["NeutronError"]!["type"]!.GetValue<string>()));
        var (notList, _) = await demo.PostAsync("/networking/v2.0/routers", new JsonObject { ["router"] = new JsonObject { ["availability_zone_hints"] = "az2" } });
        Assert.Equal(HttpStatusCode.BadRequest, notList);
        var (fixedAfter, _) = await demo.PutAsync($"/networking/v2.0/networks/{networkId}", new JsonObject { ["network"] = new JsonObject { ["availability_zone_hints"] = new JsonArray("nova") } });
        Assert.Equal(HttpStatusCode.BadRequest, fixedAfter); // set at creation only, as in Neutron
    }

    private static string Strings(JsonNode? array) => string.Join(',', array!.AsArray().Select(v => v!.GetValue<string>()));
}
