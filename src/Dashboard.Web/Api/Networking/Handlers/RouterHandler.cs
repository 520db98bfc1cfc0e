using System.Text.Json.Nodes;
using Dashboard.Core.Errors;
using Dashboard.Core.Extensions;
using Dashboard.Core.Ipam;
using Dashboard.Core.Networking;
using Dashboard.Core.Policies;
using Dashboard.Core.Routers;

namespace Dashboard.Web.Api.Networking.Handlers;

public sealed class RouterHandler(RouterService routers, ResourceOperations operations, Dashboard.Core.Agents.AvailabilityZones zones) : IResourceHandler
{
    public string Collection => "routers";

    public async Task<IReadOnlyList<JsonObject>> ListAsync(Caller caller, CancellationToken ct)
    {
        var views = new List<JsonObject>();
        var zoneOf = await zones.ZoneOfHostsAsync(ct);
        foreach (var router in await routers.ListAsync(caller.Scope, ct))
        {
            views.Add(await ViewAsync(router, zoneOf, ct));
        }
        return views;
    }

    public async Task<JsonObject> GetAsync(Caller caller, string id, CancellationToken ct) => await ViewAsync(await routers.GetAsync(id, ct), ct);

    public async Task<JsonObject> CreateAsync(Caller caller, IReadOnlyDictionary<string, JsonNode?> a, CancellationToken ct)
    {
        var gateway = await GatewayAsync(caller, a, ct);
        var router = await routers.CreateAsync(new RouterSpec(a.ProjectFor(caller), a.Str("name") ?? "")
        {
            Description = a.Str("description"),
            AdminStateUp = a.Bool("admin_state_up") ?? true,
            ExternalGateway = gateway,
            AvailabilityZoneHints = a.Strings("availability_zone_hints"),
        }, ct);
        return await ViewAsync(router, ct);
    }

    public async Task<JsonObject> UpdateAsync(Caller caller, string id, IReadOnlyDictionary<string, JsonNode?> a, long? expectedRevision, CancellationToken ct)
    {
        var gateway = await GatewayAsync(caller, a, ct);
        var router = await routers.UpdateAsync(id, new RouterChanges
        {
            Name = a.Str("name"),
            Description = a.Str("description"),
            AdminStateUp = a.Bool("admin_state_up"),
            ExternalGateway = gateway,
            ClearGateway = a.Has("external_gateway_info") && gateway is null,
            Routes = a.TryGetValue("routes", out var routes) && routes is JsonArray list
                ? list.Select(r => new HostRoute(r!["destination"]!.GetValue<string>(), r["nexthop"]!.GetValue<string>())).ToList()
                : null,
        }, expectedRevision, ct);
        return await ViewAsync(router, ct);
    }

    public async Task DeleteAsync(Caller caller, string id, long? expectedRevision, CancellationToken ct)
    {
        await routers.DeleteAsync(id, expectedRevision, ct);
    }

    /// <summary>
    /// <c>PUT /routers/{id}/add_router_interface</c> with a subnet_id or a port_id: the caller must see the
    /// router, the subnet or port (else NotFound), and <c>add_router_interface</c> decides with the router's
    /// attributes and the subnet's (<c>subnet:project_id</c>) and its network's (<c>network:shared</c>).
    /// </summary>
    public async Task<JsonObject> AddInterfaceAsync(Caller caller, string id, JsonObject body, CancellationToken ct)
    {
        var (subnetId, portId) = InterfaceTarget(body);
        await AuthorizeAddInterfaceAsync(caller, id, subnetId, portId, ct);
        return subnetId is not null
            ? NeutronViews.RouterInterface(await routers.AddInterfaceAsync(id, subnetId, ct: ct))
            : NeutronViews.RouterInterface(await routers.AddInterfacePortAsync(id, portId!, ct));
    }

    /// <summary>
    /// <c>PUT /routers/{id}/add_extraroutes</c> or <c>remove_extraroutes</c> with <c>{"router": {"routes": [...]}}</c>:
    /// the routes checked by the attribute map's validator, the action by its rule; answers the router.
    /// </summary>
    public async Task<JsonObject> ChangeRoutesAsync(Caller caller, string id, JsonObject body, bool add, CancellationToken ct)
    {
        var routes = (body["router"] as JsonObject)?["routes"]
            ?? throw new InvalidInputException("Resource body required: expected routes under 'router'", "HTTPBadRequest");
        if (NeutronResources.Routes.Check(routes) is { } problem)
        {
            throw new InvalidInputException($"Invalid input for routes. Reason: {problem}.", "HTTPBadRequest") { Attribute = "routes" };
        }
        await operations.AuthorizeActionAsync(caller, "routers", id, add ? "add_extraroutes" : "remove_extraroutes", ct);
        var router = await routers.ChangeRoutesAsync(id, routes.AsArray().Select(r => new HostRoute(r!["destination"]!.GetValue<string>(), r["nexthop"]!.GetValue<string>())).ToList(), add, ct);
        return new JsonObject { ["router"] = await ViewAsync(router, ct) };
    }

    /// <summary><c>PUT /routers/{id}/remove_router_interface</c>: deletes the interface's port.</summary>
    public async Task<JsonObject> RemoveInterfaceAsync(Caller caller, string id, JsonObject body, CancellationToken ct)
    {
        var (subnetId, portId) = InterfaceTarget(body);
        await operations.AuthorizeActionAsync(caller, "routers", id, "remove_router_interface", ct);
        return NeutronViews.RouterInterface(await routers.RemoveInterfaceAsync(id, subnetId, portId, ct));
    }

    private static (string? SubnetId, string? PortId) InterfaceTarget(JsonObject body)
    {
        string? Read(string key) => body[key] is JsonValue v && v.TryGetValue<string>(out var s) ? s : body[key] is null ? null
            : throw new InvalidInputException($"Invalid input for {key}: not a string", "HTTPBadRequest");
        var unknown = body.Select(p => p.Key).Where(k => k is not ("subnet_id" or "port_id")).ToList();
        var (subnetId, portId) = (Read("subnet_id"), Read("port_id"));
        if (unknown.Count > 0 || (subnetId is null) == (portId is null))
        {
            throw new InvalidInputException("Bad router request: Either subnet_id or port_id must be specified", "BadRequest");
        }
        foreach (var id in new[] { subnetId, portId }.Where(i => i is not null))
        {
            if (!Guid.TryParse(id, out _))
            {
                throw new InvalidInputException($"'{id}' is not a valid UUID", "HTTPBadRequest");
            }
        }
        return (subnetId, portId);
    }

    private async Task<GatewayInfo?> GatewayAsync(Caller caller, IReadOnlyDictionary<string, JsonNode?> a, CancellationToken ct)
    {
        if (!a.TryGetValue("external_gateway_info", out var info) || info is not JsonObject gateway || gateway.Count == 0)
        {
            return null;
        }
        var network = await operations.ShowAsync(caller, "networks", gateway["network_id"]!.GetValue<string>(), ct);
        var fixedIps = gateway["external_fixed_ips"] is JsonArray ips
            ? ips.Select(ip => new FixedIpRequest(ip?["subnet_id"]?.GetValue<string>(), ip?["ip_address"]?.GetValue<string>())).ToList()
            : null;
        return new GatewayInfo(network["id"]!.GetValue<string>(), gateway["enable_snat"]?.GetValue<bool>(), fixedIps);
    }

    /// <summary>The router must be visible (404), the subnet or port too (404), and <c>add_router_interface</c> must allow it (403): the API's and the pages' one check.</summary>
    public async Task AuthorizeAddInterfaceAsync(Caller caller, string routerId, string? subnetId, string? portId, CancellationToken ct)
    {
        await operations.AuthorizeActionAsync(caller, "routers", routerId, "add_router_interface", ct, () => InterfaceTargetAsync(caller, subnetId, portId, ct));
    }

    /// <summary>The interface's subnet (and its network) or port, which the caller must see, as <c>subnet:</c>/<c>network:</c>/<c>port:</c> target attributes.</summary>
    private async Task<PolicyTarget> InterfaceTargetAsync(Caller caller, string? subnetId, string? portId, CancellationToken ct)
    {
        var target = new PolicyTarget();
        if (subnetId is not null)
        {
            var subnet = await operations.ShowAsync(caller, "subnets", subnetId, ct);
            target.With(subnet, "subnet").With(await operations.ShowAsync(caller, "networks", subnet["network_id"]!.GetValue<string>(), ct), "network");
        }
        if (portId is not null)
        {
            target.With(await operations.ShowAsync(caller, "ports", portId, ct), "port");
        }
        return target;
    }

    private async Task<JsonObject> ViewAsync(Router router, CancellationToken ct) =>
        await ViewAsync(router, router.L3AgentHost is null ? new Dictionary<string, string>() : await zones.ZoneOfHostsAsync(ct), ct);

    /// <summary>The router with its gateway's addresses and its zone (its L3 agent's host's).</summary>
    private async Task<JsonObject> ViewAsync(Router router, IReadOnlyDictionary<string, string> zoneOf, CancellationToken ct)
    {
        var view = NeutronViews.Router(router, router.GatewayNetworkId is null ? [] : await routers.GatewayIpsAsync(router.Id, ct));
        if (router.L3AgentHost is { } host && zoneOf.TryGetValue(host, out var zone))
        {
            view["availability_zones"] = new JsonArray(zone);
        }
        return view;
    }
}
