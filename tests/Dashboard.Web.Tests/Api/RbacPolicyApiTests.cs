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
}
