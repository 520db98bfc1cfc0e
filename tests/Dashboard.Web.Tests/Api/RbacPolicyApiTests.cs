using System.Net;
using System.Text.Json.Nodes;

namespace Dashboard.Web.Tests.Api;

/// <summary>Neutron's rbac-policies through the API: a network shared with one project, as that project sees it.</summary>
public class RbacPolicyApiTests
{
    private const string N = "/networking/v2.0";

    private static JsonObject Policy(string networkId, string target, string action = "access_as_shared") => new()
    {
        ["rbac_policy"] = new JsonObject { ["object_type"] = "network", ["object_id"] = networkId, ["action"] = action, ["target_tenant"] = target },
    };

    [Fact]
    public async Task A_member_shares_a_network_with_one_project_which_then_sees_it_shared_and_uses_it_and_only_an_admin_shares_with_everyone()
    {
        await using var factory = new DashboardFactory();
        var client = factory.CreateClient();
        var admin = await ApiSession.LoginAsync(client, "admin", "web-test-admin", "admin");
        var demo = await ApiSession.LoginAsync(client, "demo", "web-test-demo", "demo");
        var alt = await ApiSession.LoginAsync(client, "alt_demo", "web-test-demo", "alt_demo");
        var (_, net) = await demo.PostAsync($"{N}/networks", new JsonObject { ["network"] = new JsonObject { ["name"] = "team" } });
        var netId = net!["network"]!["id"]!.GetValue<string>();
        await demo.PostAsync($"{N}/subnets", new JsonObject { ["subnet"] = new JsonObject { ["network_id"] = netId, ["ip_version"] = 4, ["cidr"] = "10.44.0.0/24" } });
        Assert.Equal(HttpStatusCode.NotFound, (await alt.GetAsync($"{N}/networks/{netId}")).Status);

        var (created, policy) = await demo.PostAsync($"{N}/rbac-policies", Policy(netId, alt.ProjectId));
        Assert.Equal(HttpStatusCode.Created, created);
        var policyId = policy!["rbac_policy"]!["id"]!.GetValue<string>();
        Assert.Equal((alt.ProjectId, demo.ProjectId), (policy["rbac_policy"]!["target_tenant"]!.GetValue<string>(), policy["rbac_policy"]!["project_id"]!.GetValue<string>()));

        // alt sees the network shared (not the policy), its subnet, and puts a port on it.
        var seen = (await alt.GetAsync($"{N}/networks/{netId}")).Body!["network"]!;
        Assert.True(seen["shared"]!.GetValue<bool>());
        Assert.False((await demo.GetAsync($"{N}/networks/{netId}")).Body!["network"]!["shared"]!.GetValue<bool>()); // its owner: shared with one project only
        Assert.Contains((await alt.GetAsync($"{N}/networks?limit=100")).Body!["networks"]!.AsArray(), n => n!["id"]!.GetValue<string>() == netId);
        // Filtered as shown, in the store's page and in the generic path alike.
        foreach (var query in new[] { "limit=100&shared=true", "shared=true&sort_key=name" })
        {
            Assert.Contains((await alt.GetAsync($"{N}/networks?{query}")).Body!["networks"]!.AsArray(), n => n!["id"]!.GetValue<string>() == netId);
            Assert.DoesNotContain((await alt.GetAsync($"{N}/networks?{query.Replace("true", "false")}")).Body!["networks"]!.AsArray(), n => n!["id"]!.GetValue<string>() == netId);
        }
        Assert.DoesNotContain((await demo.GetAsync($"{N}/networks?limit=100&shared=true")).Body!["networks"]!.AsArray(), n => n!["id"]!.GetValue<string>() == netId);
        Assert.Contains((await alt.GetAsync($"{N}/subnets")).Body!["subnets"]!.AsArray(), s => s!["cidr"]!.GetValue<string>() == "10.44.0.0/24");
        Assert.Contains((await alt.GetAsync($"{N}/subnets?shared=true")).Body!["subnets"]!.AsArray(), s => s!["cidr"]!.GetValue<string>() == "10.44.0.0/24");
        Assert.Equal(HttpStatusCode.NotFound, (await alt.GetAsync($"{N}/rbac-policies/{policyId}")).Status);
        var (portMade, altPort) = await alt.PostAsync($"{N}/ports", new JsonObject { ["port"] = new JsonObject { ["network_id"] = netId } });
        Assert.Equal(HttpStatusCode.Created, portMade);

        // While alt's port is there the share stays; a share with everyone is an admin's.
        Assert.Equal(HttpStatusCode.Conflict, (await demo.DeleteAsync($"{N}/rbac-policies/{policyId}")).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await demo.PostAsync($"{N}/rbac-policies", Policy(netId, "*"))).Status);
        var (everyone, everyoneBody) = await admin.PostAsync($"{N}/rbac-policies", Policy(netId, "*"));
        Assert.Equal(HttpStatusCode.Created, everyone);
        Assert.True((await demo.GetAsync($"{N}/networks/{netId}")).Body!["network"]!["shared"]!.GetValue<bool>());
        Assert.Equal(2, (await demo.GetAsync($"{N}/rbac-policies?object_id={netId}")).Body!["rbac_policies"]!.AsArray().Count);
        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"{N}/rbac-policies/{everyoneBody!["rbac_policy"]!["id"]}")).Status);
        Assert.False((await demo.GetAsync($"{N}/networks/{netId}")).Body!["network"]!["shared"]!.GetValue<bool>());

        Assert.Equal(HttpStatusCode.NoContent, (await alt.DeleteAsync($"{N}/ports/{altPort!["port"]!["id"]}")).Status);
        Assert.Equal(HttpStatusCode.NoContent, (await demo.DeleteAsync($"{N}/rbac-policies/{policyId}")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await alt.GetAsync($"{N}/networks/{netId}")).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await demo.PostAsync($"{N}/rbac-policies", Policy(netId, alt.ProjectId, "access_as_everything"))).Status);
    }
    [Fact]
    public async Task A_subnet_pool_and_an_address_scope_shared_with_one_project_are_seen_shared_and_used_by_it_and_stay_while_used()
    {
        await using var factory = new DashboardFactory();
        var client = factory.CreateClient();
        var demo = await ApiSession.LoginAsync(client, "demo", "web-test-demo", "demo");
        var alt = await ApiSession.LoginAsync(client, "alt_demo", "web-test-demo", "alt_demo");
        static JsonObject On(string type, string id, string target, string action = "access_as_shared") =>
            new() { ["rbac_policy"] = new JsonObject { ["object_type"] = type, ["object_id"] = id, ["action"] = action, ["target_tenant"] = target } };
        var (_, scope) = await demo.PostAsync($"{N}/address-scopes", new JsonObject { ["address_scope"] = new JsonObject { ["name"] = "team-scope", ["ip_version"] = 4 } });
        var scopeId = scope!["address_scope"]!["id"]!.GetValue<string>();
        var (_, pool) = await demo.PostAsync($"{N}/subnetpools", new JsonObject { ["subnetpool"] = new JsonObject { ["name"] = "team-pool", ["prefixes"] = new JsonArray("10.120.0.0/16"), ["default_prefixlen"] = 24 } });
        var poolId = pool!["subnetpool"]!["id"]!.GetValue<string>();
        Assert.Equal(HttpStatusCode.NotFound, (await alt.GetAsync($"{N}/subnetpools/{poolId}")).Status);

        Assert.Equal(HttpStatusCode.BadRequest, (await demo.PostAsync($"{N}/rbac-policies", On("subnetpool", poolId, alt.ProjectId, "access_as_external"))).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await demo.PostAsync($"{N}/rbac-policies", On("security_group", poolId, alt.ProjectId))).Status); // not a type policies are on here
        Assert.Equal(HttpStatusCode.NotFound, (await alt.PostAsync($"{N}/rbac-policies", On("subnetpool", poolId, demo.ProjectId))).Status); // not alt's pool to share
        var (created, policy) = await demo.PostAsync($"{N}/rbac-policies", On("subnetpool", poolId, alt.ProjectId));
        Assert.Equal(HttpStatusCode.Created, created);
        Assert.Equal("subnetpool", policy!["rbac_policy"]!["object_type"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.Created, (await demo.PostAsync($"{N}/rbac-policies", On("address_scope", scopeId, alt.ProjectId))).Status);

        // alt sees both shared, carves a subnet of its own network from the pool, and puts a pool of its own in the scope.
        Assert.True((await alt.GetAsync($"{N}/subnetpools/{poolId}")).Body!["subnetpool"]!["shared"]!.GetValue<bool>());
        Assert.Contains((await alt.GetAsync($"{N}/address-scopes")).Body!["address_scopes"]!.AsArray(), s => s!["id"]!.GetValue<string>() == scopeId && s["shared"]!.GetValue<bool>());
        Assert.False((await demo.GetAsync($"{N}/subnetpools/{poolId}")).Body!["subnetpool"]!["shared"]!.GetValue<bool>()); // its owner's: shared with one project only
        var (_, net) = await alt.PostAsync($"{N}/networks", new JsonObject { ["network"] = new JsonObject { ["name"] = "alt-net" } });
        var (carved, subnet) = await alt.PostAsync($"{N}/subnets", new JsonObject { ["subnet"] = new JsonObject
        {
            ["network_id"] = net!["network"]!["id"]!.GetValue<string>(), ["ip_version"] = 4, ["subnetpool_id"] = poolId,
        } });
        Assert.Equal(HttpStatusCode.Created, carved);
        Assert.StartsWith("10.120.", subnet!["subnet"]!["cidr"]!.GetValue<string>());
        var (joined, _) = await alt.PostAsync($"{N}/subnetpools", new JsonObject { ["subnetpool"] = new JsonObject
        {
            ["name"] = "alt-pool", ["prefixes"] = new JsonArray("10.130.0.0/16"), ["address_scope_id"] = scopeId,
        } });
        Assert.Equal(HttpStatusCode.Created, joined);

        // While alt uses them the shares stay; once its subnet is gone the pool's goes.
        var policies = (await demo.GetAsync($"{N}/rbac-policies")).Body!["rbac_policies"]!.AsArray();
        string PolicyOn(string id) => policies.Single(p => p!["object_id"]!.GetValue<string>() == id)!["id"]!.GetValue<string>();
        var (inUse, error) = await demo.DeleteAsync($"{N}/rbac-policies/{PolicyOn(poolId)}");
        Assert.Equal((HttpStatusCode.Conflict, "RbacPolicyInUse"), (inUse, error!["NeutronError"]!["type"]!.GetValue<string>()));
        Assert.Equal(HttpStatusCode.Conflict, (await demo.DeleteAsync($"{N}/rbac-policies/{PolicyOn(scopeId)}")).Status);
        await alt.DeleteAsync($"{N}/subnets/{subnet["subnet"]!["id"]}");
        Assert.Equal(HttpStatusCode.NoContent, (await demo.DeleteAsync($"{N}/rbac-policies/{PolicyOn(poolId)}")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await alt.GetAsync($"{N}/subnetpools/{poolId}")).Status);
    }
}
