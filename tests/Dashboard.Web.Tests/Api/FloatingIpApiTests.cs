using System.Net;
using System.Text.Json.Nodes;

namespace Dashboard.Web.Tests.Api;

/// <summary>Floating IPs, the L3 and DHCP agent schedulers and the router's gateway as Neutron's API answers them, on the demo cloud.</summary>
public class FloatingIpApiTests : IAsyncLifetime
{
    private const string V2 = "/networking/v2.0";
    private readonly DashboardFactory _factory = new();
    private ApiSession _admin = null!;
    private ApiSession _demo = null!;
    private ApiSession _alt = null!;

    public async Task InitializeAsync()
    {
        var client = _factory.CreateClient();
        _admin = await ApiSession.LoginAsync(client, "admin", "web-test-admin", "admin");
        _demo = await ApiSession.LoginAsync(client, "demo", "web-test-demo", "demo");
        _alt = await ApiSession.LoginAsync(client, "alt_demo", "web-test-demo", "alt_demo");
    }

    public async Task DisposeAsync() => await _factory.DisposeAsync();

    private async Task<string> PortOfAsync(ApiSession session, string ip)
    {
        var (_, body) = await session.GetAsync($"{V2}/ports?fixed_ips=ip_address%3D{ip}");
        return body!["ports"]!.AsArray().Single()!["id"]!.GetValue<string>();
    }

    private static JsonObject Fip(JsonObject attributes) => new() { ["floatingip"] = attributes };

    private static string Type(JsonNode? error) => error!["NeutronError"]!["type"]!.GetValue<string>();

    [Fact]
    public async Task Allocate_associate_reassociate_disassociate_and_release()
    {
        var publicId = await _demo.IdOfAsync("networks", "public");
        var vm02 = await PortOfAsync(_demo, "10.0.0.4");

        var (created, fip) = await _demo.PostAsync($"{V2}/floatingips", Fip(new() { ["floating_network_id"] = publicId, ["description"] = "web" }));
        var id = fip!["floatingip"]!["id"]!.GetValue<string>();
        var (associated, withPort) = await _demo.PutAsync($"{V2}/floatingips/{id}", Fip(new() { ["port_id"] = vm02 }));
        var (_, listed) = await _demo.GetAsync($"{V2}/floatingips?port_id={vm02}&fields=id&fields=port_details&fields=router_id");
        var (cleared, withoutPort) = await _demo.PutAsync($"{V2}/floatingips/{id}", Fip(new() { ["port_id"] = null }));
        var (deleted, _) = await _demo.DeleteAsync($"{V2}/floatingips/{id}");
        var (gone, missing) = await _demo.GetAsync($"{V2}/floatingips/{id}");

        Assert.Equal(HttpStatusCode.Created, created);
        var view = fip["floatingip"]!;
        Assert.Equal(("DOWN", "web", publicId), (view["status"]!.GetValue<string>(), view["description"]!.GetValue<string>(), view["floating_network_id"]!.GetValue<string>()));
        Assert.StartsWith("172.24.4.", view["floating_ip_address"]!.GetValue<string>());
        Assert.Null(view["port_details"]);
        Assert.Equal(HttpStatusCode.OK, associated);
        Assert.Equal(("10.0.0.4", "compute:nova"), (withPort!["floatingip"]!["fixed_ip_address"]!.GetValue<string>(), withPort["floatingip"]!["port_details"]!["device_owner"]!.GetValue<string>()));
        var row = listed!["floatingips"]!.AsArray().Single()!.AsObject();
        Assert.Equal(["id", "port_details", "router_id"], row.Select(p => p.Key).Order());
        Assert.Equal(await _demo.IdOfAsync("routers", "router1"), row["router_id"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, cleared);
        Assert.Null(withoutPort!["floatingip"]!["port_id"]);
        Assert.Null(withoutPort["floatingip"]!["router_id"]);
        Assert.Equal(HttpStatusCode.NoContent, deleted);
        Assert.Equal((HttpStatusCode.NotFound, "FloatingIPNotFound"), (gone, Type(missing)));
    }

    [Fact]
    public async Task Errors_are_neutrons()
    {
        var publicId = await _demo.IdOfAsync("networks", "public");
        var privateId = await _demo.IdOfAsync("networks", "private");
        var vm05 = await PortOfAsync(_demo, "10.0.0.5"); // the demo cloud's floating IP is on VM05
        var altPort = await PortOfAsync(_alt, "10.0.1.3");

        var (notExternal, notExternalBody) = await _demo.PostAsync($"{V2}/floatingips", Fip(new() { ["floating_network_id"] = privateId }));
        var (taken, takenBody) = await _demo.PostAsync($"{V2}/floatingips", Fip(new() { ["floating_network_id"] = publicId, ["port_id"] = vm05 }));
        var (badIp, _) = await _demo.PostAsync($"{V2}/floatingips", Fip(new() { ["floating_network_id"] = publicId, ["floating_ip_address"] = "not-an-ip" }));
        var (othersPort, othersBody) = await _demo.PostAsync($"{V2}/floatingips", Fip(new() { ["floating_network_id"] = publicId, ["port_id"] = altPort }));
        var (unreachable, unreachableBody) = await _alt.PostAsync($"{V2}/floatingips", Fip(new() { ["floating_network_id"] = publicId, ["port_id"] = altPort }));
        var (readOnly, _) = await _demo.PostAsync($"{V2}/floatingips", Fip(new() { ["floating_network_id"] = publicId, ["router_id"] = Guid.NewGuid().ToString() }));
        var (_, demoSees) = await _demo.GetAsync($"{V2}/floatingips");
        var (_, altSees) = await _alt.GetAsync($"{V2}/floatingips");
        var demoFip = demoSees!["floatingips"]!.AsArray().Single()!["id"]!.GetValue<string>();
        var (altDeletes, _) = await _alt.DeleteAsync($"{V2}/floatingips/{demoFip}");

        Assert.Equal((HttpStatusCode.BadRequest, "BadRequest"), (notExternal, Type(notExternalBody)));
        Assert.Equal((HttpStatusCode.Conflict, "FloatingIPPortAlreadyAssociated"), (taken, Type(takenBody)));
        Assert.Equal(HttpStatusCode.BadRequest, badIp);
        Assert.Equal((HttpStatusCode.NotFound, "PortNotFound"), (othersPort, Type(othersBody)));
        Assert.Equal((HttpStatusCode.NotFound, "ExternalGatewayForFloatingIPNotFound"), (unreachable, Type(unreachableBody)));
        Assert.Equal(HttpStatusCode.BadRequest, readOnly);
        Assert.Empty(altSees!["floatingips"]!.AsArray());
        Assert.Equal(HttpStatusCode.NotFound, altDeletes);
        Assert.Single(demoSees["floatingips"]!.AsArray());
    }

    [Fact]
    public async Task Floatingip_quota_is_fifty_and_over_it_is_409()
    {
        var publicId = await _demo.IdOfAsync("networks", "public");
        var (_, quota) = await _demo.GetAsync($"{V2}/quotas/{_demo.ProjectId}");
        await _admin.PutAsync($"{V2}/quotas/{_demo.ProjectId}", new JsonObject { ["quota"] = new JsonObject { ["floatingip"] = 1 } });

        var (over, body) = await _demo.PostAsync($"{V2}/floatingips", Fip(new() { ["floating_network_id"] = publicId }));

        Assert.Equal(50, quota!["quota"]!["floatingip"]!.GetValue<long>());
        Assert.Equal((HttpStatusCode.Conflict, "OverQuota"), (over, Type(body)));
    }

    [Fact]
    public async Task Router_gateway_is_cleared_with_an_empty_object_and_routes_null_is_no_routes()
    {
        var publicId = await _admin.IdOfAsync("networks", "public");
        var (_, router) = await _demo.PostAsync($"{V2}/routers", new JsonObject { ["router"] = new JsonObject { ["name"] = "r-gw", ["external_gateway_info"] = new JsonObject { ["network_id"] = publicId } } });
        var id = router!["router"]!["id"]!.GetValue<string>();

        var (routesNull, withNoRoutes) = await _demo.PutAsync($"{V2}/routers/{id}", new JsonObject { ["router"] = new JsonObject { ["routes"] = null } });
        var (clear, cleared) = await _demo.PutAsync($"{V2}/routers/{id}", new JsonObject { ["router"] = new JsonObject { ["external_gateway_info"] = new JsonObject() } });
        var (inUse, inUseBody) = await _demo.PutAsync($"{V2}/routers/{await _demo.IdOfAsync("routers", "router1")}", new JsonObject { ["router"] = new JsonObject { ["external_gateway_info"] = new JsonObject() } });

        Assert.Equal(HttpStatusCode.OK, routesNull);
        Assert.Empty(withNoRoutes!["router"]!["routes"]!.AsArray());
        Assert.Equal(HttpStatusCode.OK, clear);
        Assert.Null(cleared!["router"]!["external_gateway_info"]);
        Assert.Equal((HttpStatusCode.Conflict, "RouterExternalGatewayInUseByFloatingIp"), (inUse, Type(inUseBody)));
    }

    [Fact]
    public async Task Schedulers_show_and_move_routers_and_networks_between_agents_for_admins_only()
    {
        var routerId = await _demo.IdOfAsync("routers", "router1");
        var privateId = await _demo.IdOfAsync("networks", "private");
        var (_, l3Agents) = await _admin.GetAsync($"{V2}/routers/{routerId}/l3-agents");
        var l3 = l3Agents!["agents"]!.AsArray().Single()!["id"]!.GetValue<string>();
        var (_, dhcpAgents) = await _admin.GetAsync($"{V2}/networks/{privateId}/dhcp-agents");
        var dhcp = dhcpAgents!["agents"]!.AsArray().Single()!["id"]!.GetValue<string>();

        var (memberStatus, _) = await _demo.GetAsync($"{V2}/routers/{routerId}/l3-agents");
        var (_, routersOn) = await _admin.GetAsync($"{V2}/agents/{l3}/l3-routers");
        var (again, againBody) = await _admin.PostAsync($"{V2}/agents/{l3}/l3-routers", new JsonObject { ["router_id"] = routerId });
        var (removed, _) = await _admin.DeleteAsync($"{V2}/agents/{l3}/l3-routers/{routerId}");
        var (_, nowhere) = await _admin.GetAsync($"{V2}/routers/{routerId}/l3-agents");
        var (added, _) = await _admin.PostAsync($"{V2}/agents/{l3}/l3-routers", new JsonObject { ["router_id"] = routerId });
        var (_, networksOn) = await _admin.GetAsync($"{V2}/agents/{dhcp}/dhcp-networks");
        var (wrongKind, _) = await _admin.GetAsync($"{V2}/agents/{dhcp}/l3-routers");
        var (offDhcp, _) = await _admin.DeleteAsync($"{V2}/agents/{dhcp}/dhcp-networks/{privateId}");
        var (_, noDhcp) = await _admin.GetAsync($"{V2}/networks/{privateId}/dhcp-agents");
        var (onDhcp, _) = await _admin.PostAsync($"{V2}/agents/{dhcp}/dhcp-networks", new JsonObject { ["network_id"] = privateId });

        Assert.Equal("network1", l3Agents["agents"]![0]!["host"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.Forbidden, memberStatus);
        Assert.Equal("router1", routersOn!["routers"]!.AsArray().Single()!["name"]!.GetValue<string>());
        Assert.Equal((HttpStatusCode.Conflict, "RouterHostedByL3Agent"), (again, Type(againBody)));
        Assert.Equal(HttpStatusCode.NoContent, removed);
        Assert.Empty(nowhere!["agents"]!.AsArray());
        Assert.Equal(HttpStatusCode.Created, added);
        Assert.Contains(networksOn!["networks"]!.AsArray(), n => n!["name"]!.GetValue<string>() == "private");
        Assert.Equal(HttpStatusCode.NotFound, wrongKind);
        Assert.Equal(HttpStatusCode.NoContent, offDhcp);
        Assert.Empty(noDhcp!["agents"]!.AsArray());
        Assert.Equal(HttpStatusCode.Created, onDhcp);
    }

    [Fact]
    public async Task Agent_and_scheduler_bodies_are_checked_against_their_attribute_maps_and_the_domain_refuses_what_they_cannot_do()
    {
        var (_, list) = await _admin.GetAsync($"{V2}/agents");
        string IdOf(string type, string host) => list!["agents"]!.AsArray().Single(a => a!["agent_type"]!.GetValue<string>() == type && a["host"]!.GetValue<string>() == host)!["id"]!.GetValue<string>();
        var (ovs, l3) = (IdOf("Open vSwitch agent", "network1"), IdOf("L3 agent", "network1"));
        var routerId = await _demo.IdOfAsync("routers", "router1");
        static JsonObject Agent(JsonObject a) => new() { ["agent"] = a };

        var (readOnly, readOnlyBody) = await _admin.PutAsync($"{V2}/agents/{ovs}", Agent(new() { ["host"] = "elsewhere" }));
        var (notBool, _) = await _admin.PutAsync($"{V2}/agents/{l3}", Agent(new() { ["admin_state_up"] = "maybe" }));
        var (described, describedBody) = await _admin.PutAsync($"{V2}/agents/{l3}", Agent(new() { ["description"] = "edge router host" }));
        var (ovsDescription, ovsBody) = await _admin.PutAsync($"{V2}/agents/{ovs}", Agent(new() { ["description"] = "rack 4" }));
        var (badId, _) = await _admin.PostAsync($"{V2}/agents/{l3}/l3-routers", new JsonObject { ["router_id"] = "not-a-uuid" });
        var (noId, _) = await _admin.PostAsync($"{V2}/agents/{l3}/l3-routers", new JsonObject());
        await _admin.DeleteAsync($"{V2}/agents/{l3}/l3-routers/{routerId}");
        await _admin.PutAsync($"{V2}/agents/{l3}", Agent(new() { ["admin_state_up"] = false }));
        var (disabled, disabledBody) = await _admin.PostAsync($"{V2}/agents/{l3}/l3-routers", new JsonObject { ["router_id"] = routerId });
        var fip = (await _demo.PostAsync($"{V2}/floatingips", Fip(new() { ["floating_network_id"] = await _demo.IdOfAsync("networks", "public") }))).Body!["floatingip"]!["id"]!.GetValue<string>();
        var (fixedAlone, _) = await _demo.PutAsync($"{V2}/floatingips/{fip}", Fip(new() { ["fixed_ip_address"] = "10.0.0.9" }));

        Assert.Equal(HttpStatusCode.BadRequest, readOnly);
        Assert.Contains("host", readOnlyBody!["NeutronError"]!["message"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.BadRequest, notBool);
        Assert.Equal((HttpStatusCode.OK, "edge router host"), (described, describedBody!["agent"]!["description"]!.GetValue<string>()));
        var (shown, shownBody) = await _admin.GetAsync($"{V2}/agents/{l3}");
        Assert.Equal((HttpStatusCode.OK, "edge router host"), (shown, shownBody!["agent"]!["description"]!.GetValue<string>()));
        Assert.Equal((HttpStatusCode.OK, "rack 4"), (ovsDescription, ovsBody!["agent"]!["description"]!.GetValue<string>())); // an OVS agent's too
        Assert.Equal((HttpStatusCode.BadRequest, HttpStatusCode.BadRequest), (badId, noId));
        Assert.Equal((HttpStatusCode.BadRequest, "InvalidL3Agent"), (disabled, Type(disabledBody)));
        Assert.Equal(HttpStatusCode.BadRequest, fixedAlone);
    }
}
