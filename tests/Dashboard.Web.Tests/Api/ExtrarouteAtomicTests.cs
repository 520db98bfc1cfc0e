using System.Net;
using System.Text.Json.Nodes;

namespace Dashboard.Web.Tests.Api;

/// <summary>Neutron's extraroute-atomic, as <c>openstack router add route</c> and <c>remove route</c> use it.</summary>
public class ExtrarouteAtomicTests
{
    private static JsonObject Routes(params (string Destination, string Nexthop)[] routes) => new()
    {
        ["router"] = new JsonObject { ["routes"] = new JsonArray(routes.Select(r => (JsonNode?)new JsonObject { ["destination"] = r.Destination, ["nexthop"] = r.Nexthop }).ToArray()) },
    };

    [Fact]
    public async Task Routes_are_added_and_removed_without_replacing_the_others_and_refused_when_wrong_or_not_the_callers()
    {
        await using var factory = new DashboardFactory();
        var demo = await ApiSession.LoginAsync(factory.CreateClient(), "demo", "web-test-demo", "demo");
        var alt = await ApiSession.LoginAsync(factory.CreateClient(), "alt_demo", "web-test-demo", "alt_demo");
        var router = await demo.IdOfAsync("routers", "router1");

        var (added, body) = await demo.PutAsync($"/networking/v2.0/routers/{router}/add_extraroutes", Routes(("192.168.1.0/24", "10.0.0.11"), ("192.168.2.0/24", "10.0.0.12")));
        var (again, _) = await demo.PutAsync($"/networking/v2.0/routers/{router}/add_extraroutes", Routes(("192.168.1.0/24", "10.0.0.11"), ("192.168.3.0/24", "10.0.0.13")));
        var (removed, after) = await demo.PutAsync($"/networking/v2.0/routers/{router}/remove_extraroutes", Routes(("192.168.2.0/24", "10.0.0.12")));

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK), (added, again, removed));
        Assert.Equal(2, body!["router"]!["routes"]!.AsArray().Count);
        Assert.Equal(["192.168.1.0/24", "192.168.3.0/24"], after!["router"]!["routes"]!.AsArray().Select(r => r!["destination"]!.GetValue<string>()).Order());

        var (offRouter, _) = await demo.PutAsync($"/networking/v2.0/routers/{router}/add_extraroutes", Routes(("192.168.4.0/24", "10.99.0.1")));
        var (malformed, _) = await demo.PutAsync($"/networking/v2.0/routers/{router}/add_extraroutes", Routes(("192.168.4.0/33", "10.0.0.14")));
        var (foreign, _) = await alt.PutAsync($"/networking/v2.0/routers/{router}/add_extraroutes", Routes(("192.168.5.0/24", "10.0.0.15")));
        Assert.Equal((HttpStatusCode.BadRequest, HttpStatusCode.BadRequest, HttpStatusCode.NotFound), (offRouter, malformed, foreign));
        Assert.Equal(2, (await demo.GetAsync($"/networking/v2.0/routers/{router}")).Body!["router"]!["routes"]!.AsArray().Count); // nothing refused was written
        Assert.Contains("extraroute-atomic", (await demo.GetAsync("/networking/v2.0/extensions")).Body!["extensions"]!.AsArray().Select(e => e!["alias"]!.GetValue<string>()));
    }
}
