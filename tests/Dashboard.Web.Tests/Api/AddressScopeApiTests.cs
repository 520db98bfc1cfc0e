using System.Net;
using System.Text.Json.Nodes;

namespace Dashboard.Web.Tests.Api;

/// <summary>Neutron's address-scope through the API: scopes, pools joining them, and the scope a network's subnets are in.</summary>
public class AddressScopeApiTests
{
    private const string N = "/networking/v2.0";

    private static JsonObject Body(string member, JsonObject attributes) => new() { [member] = attributes };

    [Fact]
    public async Task A_scope_holds_pools_with_unique_prefixes_a_network_carved_from_one_shows_its_scope_and_only_an_admin_shares_a_scope()
    {
        await using var factory = new DashboardFactory();
        var client = factory.CreateClient();
        var demo = await ApiSession.LoginAsync(client, "demo", "web-test-demo", "demo");
        var alt = await ApiSession.LoginAsync(client, "alt_demo", "web-test-demo", "alt_demo");

        var (created, scope) = await demo.PostAsync($"{N}/address-scopes", Body("address_scope", new JsonObject { ["name"] = "corp", ["ip_version"] = 4 }));
        Assert.Equal(HttpStatusCode.Created, created);
        var scopeId = scope!["address_scope"]!["id"]!.GetValue<string>();
        Assert.Equal((4, false), (scope["address_scope"]!["ip_version"]!.GetValue<int>(), scope["address_scope"]!["shared"]!.GetValue<bool>()));
        Assert.Equal(HttpStatusCode.NotFound, (await alt.GetAsync($"{N}/address-scopes/{scopeId}")).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await demo.PostAsync($"{N}/address-scopes", Body("address_scope", new JsonObject { ["ip_version"] = 4, ["shared"] = true }))).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await demo.PostAsync($"{N}/address-scopes", Body("address_scope", new JsonObject { ["ip_version"] = 5 }))).Status);

        var (_, pool) = await demo.PostAsync($"{N}/subnetpools", Body("subnetpool", new JsonObject { ["prefixes"] = new JsonArray("10.66.0.0/16"), ["default_prefixlen"] = 24, ["address_scope_id"] = scopeId }));
        Assert.Equal(scopeId, pool!["subnetpool"]!["address_scope_id"]!.GetValue<string>());
        var (overlap, overlapBody) = await demo.PostAsync($"{N}/subnetpools", Body("subnetpool", new JsonObject { ["prefixes"] = new JsonArray("10.66.1.0/24"), ["address_scope_id"] = scopeId }));
        Assert.Equal(HttpStatusCode.BadRequest, overlap);
        Assert.Contains("subnetpools within an address scope must have unique prefixes", overlapBody!["NeutronError"]!["message"]!.GetValue<string>(), StringComparison.Ordinal);

        var (_, net) = await demo.PostAsync($"{N}/networks", Body("network", new JsonObject { ["name"] = "scoped" }));
        var netId = net!["network"]!["id"]!.GetValue<string>();
        Assert.Null(net["network"]!["ipv4_address_scope"]);
        await demo.PostAsync($"{N}/subnets", Body("subnet", new JsonObject { ["network_id"] = netId, ["ip_version"] = 4, ["subnetpool_id"] = pool["subnetpool"]!["id"]!.DeepClone() }));
        var shown = (await demo.GetAsync($"{N}/networks/{netId}")).Body!["network"]!;
        Assert.Equal(scopeId, shown["ipv4_address_scope"]!.GetValue<string>());
        Assert.Null(shown["ipv6_address_scope"]);
        Assert.Contains((await demo.GetAsync($"{N}/networks?limit=50")).Body!["networks"]!.AsArray(), n => n!["ipv4_address_scope"]?.GetValue<string>() == scopeId);

        Assert.Equal(HttpStatusCode.Conflict, (await demo.DeleteAsync($"{N}/address-scopes/{scopeId}")).Status);
    }
}
