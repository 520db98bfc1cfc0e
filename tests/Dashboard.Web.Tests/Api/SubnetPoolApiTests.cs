using System.Net;
using System.Text.Json.Nodes;

namespace Dashboard.Web.Tests.Api;

/// <summary>Neutron's subnet_allocation and default-subnetpools through the API: pools, who sees and shares them, subnets carved from them.</summary>
public class SubnetPoolApiTests
{
    private const string N = "/networking/v2.0";

    private static JsonObject Body(string member, JsonObject attributes) => new() { [member] = attributes };

    private static string Message(JsonNode? body) => body!["NeutronError"]!["message"]!.GetValue<string>();

    [Fact]
    public async Task A_member_makes_a_pool_carves_subnets_from_it_by_prefix_length_and_only_an_admin_shares_one_or_makes_it_the_default()
    {
        await using var factory = new DashboardFactory();
        var client = factory.CreateClient();
        var demo = await ApiSession.LoginAsync(client, "demo", "web-test-demo", "demo");
        var alt = await ApiSession.LoginAsync(client, "alt_demo", "web-test-demo", "alt_demo");
        var admin = await ApiSession.LoginAsync(client, "admin", "web-test-admin", "admin");

        var (created, pool) = await demo.PostAsync($"{N}/subnetpools", Body("subnetpool", new JsonObject
        {
            ["name"] = "demo-pool", ["prefixes"] = new JsonArray("10.60.1.0/24", "10.60.0.0/24"), ["default_prefixlen"] = "26", ["min_prefixlen"] = 24,
        }));
        Assert.Equal(HttpStatusCode.Created, created);
        var poolId = pool!["subnetpool"]!["id"]!.GetValue<string>();
        Assert.Equal(["10.60.0.0/23"], pool["subnetpool"]!["prefixes"]!.AsArray().Select(p => p!.GetValue<string>()));
        Assert.Equal((4, 24, 32, 26, false, false), (pool["subnetpool"]!["ip_version"]!.GetValue<int>(), pool["subnetpool"]!["min_prefixlen"]!.GetValue<int>(),
            pool["subnetpool"]!["max_prefixlen"]!.GetValue<int>(), pool["subnetpool"]!["default_prefixlen"]!.GetValue<int>(),
            pool["subnetpool"]!["shared"]!.GetValue<bool>(), pool["subnetpool"]!["is_default"]!.GetValue<bool>()));

        // Another project does not see it, nor may it carve from it.
        Assert.Equal(HttpStatusCode.NotFound, (await alt.GetAsync($"{N}/subnetpools/{poolId}")).Status);
        Assert.Empty((await alt.GetAsync($"{N}/subnetpools")).Body!["subnetpools"]!.AsArray());
        var (_, altNet) = await alt.PostAsync($"{N}/networks", Body("network", new JsonObject { ["name"] = "alt-net" }));
        var (altCarve, _) = await alt.PostAsync($"{N}/subnets", Body("subnet", new JsonObject { ["network_id"] = altNet!["network"]!["id"]!.DeepClone(), ["ip_version"] = 4, ["subnetpool_id"] = poolId }));
        Assert.Equal(HttpStatusCode.NotFound, altCarve);

        // Its subnets: by the pool's default length, by one asked for; the subnet names its pool.
        var (_, net) = await demo.PostAsync($"{N}/networks", Body("network", new JsonObject { ["name"] = "pooled" }));
        var netId = net!["network"]!["id"]!.GetValue<string>();
        var (carved, subnet) = await demo.PostAsync($"{N}/subnets", Body("subnet", new JsonObject { ["network_id"] = netId, ["ip_version"] = 4, ["subnetpool_id"] = poolId }));
        Assert.Equal(HttpStatusCode.Created, carved);
        Assert.Equal(("10.60.0.0/26", poolId), (subnet!["subnet"]!["cidr"]!.GetValue<string>(), subnet["subnet"]!["subnetpool_id"]!.GetValue<string>()));
        Assert.Null(subnet["subnet"]!["prefixlen"]); // asked on create, never shown
        var (_, net2) = await demo.PostAsync($"{N}/networks", Body("network", new JsonObject { ["name"] = "pooled2" }));
        var (_, big) = await demo.PostAsync($"{N}/subnets", Body("subnet", new JsonObject { ["network_id"] = net2!["network"]!["id"]!.DeepClone(), ["ip_version"] = 4, ["subnetpool_id"] = poolId, ["prefixlen"] = 24 }));
        Assert.Equal("10.60.1.0/24", big!["subnet"]!["cidr"]!.GetValue<string>());
        Assert.Equal(2, (await demo.GetAsync($"{N}/subnets?subnetpool_id={poolId}")).Body!["subnets"]!.AsArray().Count);
        var (noRoom, noRoomBody) = await demo.PostAsync($"{N}/subnets", Body("subnet", new JsonObject { ["network_id"] = netId, ["ip_version"] = 4, ["subnetpool_id"] = poolId, ["prefixlen"] = 24 }));
        Assert.Equal(HttpStatusCode.Conflict, noRoom);
        Assert.Contains("Insufficient prefix space to allocate subnet size /24", Message(noRoomBody), StringComparison.Ordinal);
        var (noCidr, noCidrBody) = await demo.PostAsync($"{N}/subnets", Body("subnet", new JsonObject { ["network_id"] = netId, ["ip_version"] = 4 }));
        Assert.Equal(HttpStatusCode.BadRequest, noCidr);
        Assert.Contains("A cidr must be specified in the absence of a subnet pool", Message(noCidrBody), StringComparison.Ordinal);

        // Tags, an update, and a delete refused while subnets hold its prefixes.
        Assert.Equal(HttpStatusCode.Created, (await demo.PutAsync($"{N}/subnetpools/{poolId}/tags/blue", new JsonObject())).Status);
        Assert.Single((await demo.GetAsync($"{N}/subnetpools?tags=blue")).Body!["subnetpools"]!.AsArray());
        var (shrink, shrinkBody) = await demo.PutAsync($"{N}/subnetpools/{poolId}", Body("subnetpool", new JsonObject { ["prefixes"] = new JsonArray("10.60.0.0/24") }));
        Assert.Equal(HttpStatusCode.BadRequest, shrink);
        Assert.Contains("Existing prefixes must be a subset of the new prefixes", Message(shrinkBody), StringComparison.Ordinal);
        var (inUse, _) = await demo.DeleteAsync($"{N}/subnetpools/{poolId}");
        Assert.Equal(HttpStatusCode.BadRequest, inUse);

        // Sharing and the default are an admin's: a member is refused; an admin's shared default pool serves every project.
        Assert.Equal(HttpStatusCode.Forbidden, (await demo.PostAsync($"{N}/subnetpools", Body("subnetpool", new JsonObject { ["prefixes"] = new JsonArray("10.70.0.0/16"), ["shared"] = true }))).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await demo.PutAsync($"{N}/subnetpools/{poolId}", Body("subnetpool", new JsonObject { ["is_default"] = true }))).Status);
        var (_, shared) = await admin.PostAsync($"{N}/subnetpools", Body("subnetpool", new JsonObject
        {
            ["name"] = "public-pool", ["prefixes"] = new JsonArray("10.80.0.0/16"), ["default_prefixlen"] = 24, ["shared"] = true, ["is_default"] = true,
        }));
        var sharedId = shared!["subnetpool"]!["id"]!.GetValue<string>();
        Assert.Contains((await alt.GetAsync($"{N}/subnetpools")).Body!["subnetpools"]!.AsArray(), p => p!["id"]!.GetValue<string>() == sharedId);
        var (fromDefault, fromDefaultBody) = await alt.PostAsync($"{N}/subnets", Body("subnet", new JsonObject { ["network_id"] = altNet["network"]!["id"]!.DeepClone(), ["ip_version"] = 4, ["use_default_subnetpool"] = true }));
        Assert.Equal(HttpStatusCode.Created, fromDefault);
        Assert.Equal((sharedId, "10.80.0.0/24"), (fromDefaultBody!["subnet"]!["subnetpool_id"]!.GetValue<string>(), fromDefaultBody["subnet"]!["cidr"]!.GetValue<string>()));

        // Wrong values are refused with Neutron's messages.
        foreach (var (attributes, says) in new (JsonObject, string)[]
        {
            (new JsonObject { ["prefixes"] = new JsonArray() }, "Empty subnet pool prefix list."),
            (new JsonObject { ["prefixes"] = new JsonArray("10.0.0.0/8", "2001:db8::/32") }, "Cannot mix IPv4 and IPv6 prefixes in a subnet pool."),
            (new JsonObject { ["prefixes"] = new JsonArray("10.0.0.0/8"), ["min_prefixlen"] = 24, ["default_prefixlen"] = 16 }, "Illegal prefix bounds: default_prefixlen=16, min_prefixlen=24."),
            (new JsonObject { ["prefixes"] = new JsonArray("10.0.0.300/8") }, "10.0.0.300/8"),
        })
        {
            var (status, body) = await demo.PostAsync($"{N}/subnetpools", Body("subnetpool", attributes));
            Assert.Equal(HttpStatusCode.BadRequest, status);
            Assert.Contains(says, Message(body), StringComparison.Ordinal);
        }
    }
}
