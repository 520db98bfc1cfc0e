using System.Net;
using System.Text.Json.Nodes;

namespace Dashboard.Web.Tests.Api;

/// <summary>Neutron's rules on a port's MAC and port security, and the subnets' shared filter.</summary>
public class PortAttributePolicyTests
{
    private const string N = "/networking/v2.0";

    private static JsonObject Port(JsonObject attributes) => new() { ["port"] = attributes };

    [Fact]
    public async Task Only_an_admin_changes_a_mac_only_the_networks_owner_turns_port_security_off_and_subnets_filter_on_shared()
    {
        await using var factory = new DashboardFactory();
        var client = factory.CreateClient();
        var admin = await ApiSession.LoginAsync(client, "admin", "web-test-admin", "admin");
        var demo = await ApiSession.LoginAsync(client, "demo", "web-test-demo", "demo");
        var alt = await ApiSession.LoginAsync(client, "alt_demo", "web-test-demo", "alt_demo");
        var privateId = await demo.IdOfAsync("networks", "private");
        var (_, port) = await demo.PostAsync($"{N}/ports", Port(new JsonObject { ["network_id"] = privateId }));
        var portId = port!["port"]!["id"]!.GetValue<string>();

        Assert.Equal(HttpStatusCode.Forbidden, (await demo.PutAsync($"{N}/ports/{portId}", Port(new JsonObject { ["mac_address"] = "fa:16:3e:12:34:56" }))).Status);
        var (changed, changedBody) = await admin.PutAsync($"{N}/ports/{portId}", Port(new JsonObject { ["mac_address"] = "fa:16:3e:12:34:56" }));
        Assert.Equal(HttpStatusCode.OK, changed);
        Assert.Equal("fa:16:3e:12:34:56", changedBody!["port"]!["mac_address"]!.GetValue<string>());

        // Port security: off only with the groups taken off in the same change, and only by the network's owner.
        var (withGroups, withGroupsBody) = await demo.PutAsync($"{N}/ports/{portId}", Port(new JsonObject { ["port_security_enabled"] = false }));
        Assert.Equal(HttpStatusCode.Conflict, withGroups);
        Assert.Equal("PortSecurityPortHasSecurityGroup", withGroupsBody!["NeutronError"]!["type"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, (await demo.PutAsync($"{N}/ports/{portId}", Port(new JsonObject { ["port_security_enabled"] = false, ["security_groups"] = new JsonArray() }))).Status);

        var (_, shared) = await admin.PostAsync($"{N}/networks", new JsonObject { ["network"] = new JsonObject { ["name"] = "everyones", ["shared"] = true } });
        var sharedId = shared!["network"]!["id"]!.GetValue<string>();
        await admin.PostAsync($"{N}/subnets", new JsonObject { ["subnet"] = new JsonObject { ["network_id"] = sharedId, ["ip_version"] = 4, ["cidr"] = "10.77.0.0/24" } });
        var (altPort, altPortBody) = await alt.PostAsync($"{N}/ports", Port(new JsonObject { ["network_id"] = sharedId }));
        Assert.Equal(HttpStatusCode.Created, altPort);
        var altPortId = altPortBody!["port"]!["id"]!.GetValue<string>();
        Assert.Equal(HttpStatusCode.Forbidden, (await alt.PutAsync($"{N}/ports/{altPortId}", Port(new JsonObject { ["port_security_enabled"] = false, ["security_groups"] = new JsonArray() }))).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await alt.PostAsync($"{N}/ports", Port(new JsonObject { ["network_id"] = sharedId, ["port_security_enabled"] = false }))).Status);

        // Subnets by their network's sharing, the attribute itself never shown.
        var (_, sharedSubnets) = await alt.GetAsync($"{N}/subnets?shared=true");
        Assert.Equal(["10.77.0.0/24"], sharedSubnets!["subnets"]!.AsArray().Select(s => s!["cidr"]!.GetValue<string>()));
        Assert.Null(sharedSubnets["subnets"]![0]!["shared"]);
        Assert.DoesNotContain((await demo.GetAsync($"{N}/subnets?shared=false")).Body!["subnets"]!.AsArray(), s => s!["cidr"]!.GetValue<string>() == "10.77.0.0/24");
    }
}
