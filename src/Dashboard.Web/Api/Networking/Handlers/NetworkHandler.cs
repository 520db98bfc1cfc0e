using System.Text.Json.Nodes;
using Dashboard.Core.Errors;
using Dashboard.Core.Extensions;
using Dashboard.Core.Networking;
using Dashboard.Core.Segmentation;

namespace Dashboard.Web.Api.Networking.Handlers;

public sealed class NetworkHandler(NetworkService networks) : IResourceHandler, IPagingResourceHandler
{
    public string Collection => "networks";

    public async Task<IReadOnlyList<JsonObject>> ListAsync(Caller caller, CancellationToken ct) =>
        await AsSeenAsync(caller, (await networks.ListAsync(caller.Scope, ct)).Select(NeutronViews.Network).ToList(), ct);

    public async Task<JsonObject> GetAsync(Caller caller, string id, CancellationToken ct)
    {
        var (network, look) = await networks.GetAsSeenByAsync(id, caller.ProjectId, ct);
        return AsSeen(NeutronViews.Network(network), look);
    }

    private async Task<List<JsonObject>> AsSeenAsync(Caller caller, List<JsonObject> views, CancellationToken ct)
    {
        var look = await networks.LookAsync(caller.ProjectId, views.Select(v => v["id"]!.GetValue<string>()).ToList(), ct);
        return views.Select(v => AsSeen(v, look)).ToList();
    }

    /// <summary>
    /// The view as the caller sees it: shared (or external) when an RBAC policy shares the network with the caller's
    /// project, as Neutron shows it; and with the address scope of its subnets' pool.
    /// </summary>
    private static JsonObject AsSeen(JsonObject view, NetworkLook look)
    {
        var id = view["id"]!.GetValue<string>();
        view["shared"] = look.Shared(id, view["shared"]!.GetValue<bool>());
        view["router:external"] = look.External(id, view["router:external"]!.GetValue<bool>());
        (view["ipv4_address_scope"], view["ipv6_address_scope"]) = look.Scopes(id);
        view["availability_zones"] = new JsonArray(look.Zones(id).Select(z => (JsonNode?)z).ToArray());
        return view;
    }

    public async Task<IReadOnlyList<JsonObject>?> ListPageAsync(Caller caller, PageRequest request, CancellationToken ct)
    {
        var query = new NetworkQuery(request.Limit) { VisibleTo = caller.Scope, GrantsOf = caller.ProjectId, Marker = request.Marker, Reverse = request.Reverse };
        foreach (var (key, values) in request.Filters)
        {
            bool? Flag() => values.Count == 1 && bool.TryParse(values[0], out var b) ? b : null;
            query = key switch
            {
                "id" => query with { Ids = values },
                "name" => query with { Names = values },
                "project_id" or "tenant_id" => query with { ProjectIds = values },
                "status" => query with { Statuses = values },
                "provider:network_type" => query with { NetworkTypes = values },
                "provider:physical_network" => query with { PhysicalNetworks = values },
                "shared" when Flag() is { } b => query with { Shared = b },
                "router:external" when Flag() is { } b => query with { External = b },
                "admin_state_up" when Flag() is { } b => query with { AdminStateUp = b },
                _ => null!,
            };
            if (query is null)
            {
                return null;
            }
        }
        var (page, subnetIds) = await networks.ListPageAsync(query, ct);
        return await AsSeenAsync(caller, page.Select(n => NeutronViews.Network(n, subnetIds[n.Id])).ToList(), ct);
    }

    public async Task<JsonObject> CreateAsync(Caller caller, IReadOnlyDictionary<string, JsonNode?> a, CancellationToken ct)
    {
        var type = a.Str("provider:network_type");
        var physnet = a.Str("provider:physical_network");
        var segmentationId = a.Long("provider:segmentation_id");
        if (type is null && (physnet is not null || segmentationId is not null))
        {
            throw new InvalidInputException("provider:network_type required") { Attribute = "provider:network_type" };
        }
        var network = await networks.CreateAsync(new NetworkSpec(a.ProjectFor(caller), a.Str("name") ?? "")
        {
            Description = a.Str("description"),
            AdminStateUp = a.Bool("admin_state_up") ?? true,
            Shared = a.Bool("shared") ?? false,
            External = a.Bool("router:external") ?? false,
            Mtu = (int?)a.Long("mtu"),
            PortSecurityEnabled = a.Bool("port_security_enabled") ?? true,
            Provider = type is null ? null : new Segment(type, physnet, segmentationId),
            AvailabilityZoneHints = a.Strings("availability_zone_hints"),
        }, ct);
        return NeutronViews.Network(network);
    }

    public async Task<JsonObject> UpdateAsync(Caller caller, string id, IReadOnlyDictionary<string, JsonNode?> a, long? expectedRevision, CancellationToken ct)
    {
        var network = await networks.UpdateAsync(id, new NetworkChanges
        {
            Name = a.Str("name"),
            Description = a.Str("description"),
            AdminStateUp = a.Bool("admin_state_up"),
            Shared = a.Bool("shared"),
            External = a.Bool("router:external"),
            Mtu = (int?)a.Long("mtu"),
            PortSecurityEnabled = a.Bool("port_security_enabled"),
        }, expectedRevision, ct);
        return NeutronViews.Network(network);
    }

    public async Task DeleteAsync(Caller caller, string id, long? expectedRevision, CancellationToken ct)
    {
        await networks.DeleteAsync(id, expectedRevision, ct);
    }
}
