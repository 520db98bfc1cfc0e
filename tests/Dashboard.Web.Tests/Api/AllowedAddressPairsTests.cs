using System.Net;
using System.Text.Json.Nodes;
using Dashboard.Core.Dataplane;
using Dashboard.Core.Hosts;
using Microsoft.Extensions.DependencyInjection;

namespace Dashboard.Web.Tests.Api;

/// <summary>Neutron's allowed-address-pairs: set through the API, refused when wrong or without port security, and let out by the port's anti-spoofing chain.</summary>
public class AllowedAddressPairsTests
{
    [Fact]
    public async Task Pairs_are_set_shown_refused_when_wrong_and_opened_in_the_ports_anti_spoofing_chain()
    {
        await using var factory = new DashboardFactory();
        var demo = await ApiSession.LoginAsync(factory.CreateClient(), "demo", "web-test-demo", "demo");
        var vm01 = (await factory.Services.GetRequiredService<InstanceService>().ListAsync()).Single(i => i.Name == "VM01");
        var (_, ports) = await demo.GetAsync($"/networking/v2.0/ports?device_id={vm01.Id}");
        var port = ports!["ports"]![0]!;
        var (id, mac) = (port["id"]!.GetValue<string>(), port["mac_address"]!.GetValue<string>());
        Assert.Empty(port["allowed_address_pairs"]!.AsArray());

        JsonObject Pairs(params JsonObject[] pairs) => new() { ["port"] = new JsonObject { ["allowed_address_pairs"] = new JsonArray(pairs) } };
        var (bad, badBody) = await demo.PutAsync($"/networking/v2.0/ports/{id}", Pairs(new JsonObject { ["ip_address"] = "10.0.0.300" }));
        Assert.Equal(HttpStatusCode.BadRequest, bad);
        Assert.Contains("10.0.0.300", badBody!["NeutronError"]!["message"]!.GetValue<string>());

        var (ok, updated) = await demo.PutAsync($"/networking/v2.0/ports/{id}", Pairs(
            new JsonObject { ["ip_address"] = "10.0.0.100" },
            new JsonObject { ["ip_address"] = "10.0.5.0/24", ["mac_address"] = "fa:16:3e:aa:bb:cc" }));

        Assert.Equal(HttpStatusCode.OK, ok);
        var shown = updated!["port"]!["allowed_address_pairs"]!.AsArray().Select(p => $"{p!["ip_address"]} {p["mac_address"]}").ToList();
        Assert.Equal([$"10.0.0.100 {mac}", "10.0.5.0/24 fa:16:3e:aa:bb:cc"], shown); // a pair without a MAC has the port's
        var firewall = (await factory.Services.GetRequiredService<DataplaneService>().ForHostAsync("compute1")).IptablesSave();
        Assert.Contains($"-s 10.0.0.100/32 -m mac --mac-source {mac.ToUpperInvariant()}", firewall);
        Assert.Contains("-s 10.0.5.0/24 -m mac --mac-source FA:16:3E:AA:BB:CC", firewall);

        var (conflict, conflictBody) = await demo.PutAsync($"/networking/v2.0/ports/{id}", new JsonObject
        {
            ["port"] = new JsonObject { ["port_security_enabled"] = false, ["security_groups"] = new JsonArray() },
        });
        Assert.Equal(HttpStatusCode.Conflict, conflict);
        Assert.Equal("AddressPairAndPortSecurityRequired", conflictBody!["NeutronError"]!["type"]!.GetValue<string>());
        Assert.Equal(2, (await demo.GetAsync($"/networking/v2.0/ports/{id}")).Body!["port"]!["allowed_address_pairs"]!.AsArray().Count); // unchanged

        var (cleared, _) = await demo.PutAsync($"/networking/v2.0/ports/{id}", Pairs());
        Assert.Equal(HttpStatusCode.OK, cleared);
        Assert.DoesNotContain("10.0.0.100/32", (await factory.Services.GetRequiredService<DataplaneService>().ForHostAsync("compute1")).IptablesSave());
    }
}
