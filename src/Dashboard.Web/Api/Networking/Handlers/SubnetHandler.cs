using System.Text.Json.Nodes;
using Dashboard.Core.Errors;
using Dashboard.Core.Extensions;
using Dashboard.Core.Ipam;
using Dashboard.Core.Networking;

namespace Dashboard.Web.Api.Networking.Handlers;

public sealed class SubnetHandler(SubnetService subnets, NetworkService networks) : IResourceHandler
{
    public string Collection => "subnets";

    public async Task<IReadOnlyList<JsonObject>> ListAsync(Caller caller, CancellationToken ct)
    {
        var all = await subnets.ListAsync(ct: ct);
        var visible = (await networks.ListAsync(caller.Scope, ct)).ToDictionary(n => n.Id);
        var look = await networks.LookAsync(caller.ProjectId, visible.Keys, ct);
        // The caller's subnets and those of the networks their scope reads (shared, external); the policy filters further.
        return all.Where(s => caller.Scope is null || s.ProjectId == caller.Scope || visible.ContainsKey(s.NetworkId))
            .Select(s => View(s, visible.TryGetValue(s.NetworkId, out var network) && look.Shared(network))).ToList();
    }

    public async Task<JsonObject> GetAsync(Caller caller, string id, CancellationToken ct)
    {
        var subnet = await subnets.GetAsync(id, ct);
        var (network, look) = await networks.GetAsSeenByAsync(subnet.NetworkId, caller.ProjectId, ct);
        return View(subnet, look.Shared(network));
    }

    // The view with the (never shown) shared filter: the network's, as the caller sees it (an RBAC share with its project too).
    private static JsonObject View(Subnet subnet, bool shared)
    {
        var view = NeutronViews.Subnet(subnet);
        view["shared"] = shared;
        return view;
    }

    public async Task<JsonObject> CreateAsync(Caller caller, IReadOnlyDictionary<string, JsonNode?> a, CancellationToken ct)
    {
        var subnet = await subnets.CreateAsync(new SubnetSpec(a.Str("network_id")!, a.Str("cidr"))
        {
            SubnetPoolId = a.Str("subnetpool_id"),
            UseDefaultSubnetPool = a.Bool("use_default_subnetpool") ?? false,
            PrefixLength = (int?)a.Long("prefixlen"),
            ProjectId = a.ProjectFor(caller),
            Name = a.Str("name") ?? "",
            Description = a.Str("description"),
            IpVersion = (int?)a.Long("ip_version"),
            GatewayIp = a.Str("gateway_ip"),
            NoGateway = a.Has("gateway_ip") && a["gateway_ip"] is null,
            AllocationPools = Pools(a),
            EnableDhcp = a.Bool("enable_dhcp") ?? true,
            Ipv6RaMode = a.Str("ipv6_ra_mode"),
            Ipv6AddressMode = a.Str("ipv6_address_mode"),
            DnsNameservers = a.Strings("dns_nameservers") ?? [],
            HostRoutes = HostRoutes(a) ?? [],
        }, ct);
        return NeutronViews.Subnet(subnet);
    }

    public async Task<JsonObject> UpdateAsync(Caller caller, string id, IReadOnlyDictionary<string, JsonNode?> a, long? expectedRevision, CancellationToken ct)
    {
        var subnet = await subnets.UpdateAsync(id, new SubnetChanges
        {
            Name = a.Str("name"),
            Description = a.Str("description"),
            EnableDhcp = a.Bool("enable_dhcp"),
            GatewayIp = a.Str("gateway_ip"),
            ClearGateway = a.Has("gateway_ip") && a["gateway_ip"] is null,
            AllocationPools = Pools(a),
            DnsNameservers = a.Strings("dns_nameservers"),
            HostRoutes = HostRoutes(a),
        }, expectedRevision, ct);
        return NeutronViews.Subnet(subnet);
    }

    public async Task DeleteAsync(Caller caller, string id, long? expectedRevision, CancellationToken ct)
    {
        await subnets.DeleteAsync(id, expectedRevision, ct);
    }

    private static List<AllocationPool>? Pools(IReadOnlyDictionary<string, JsonNode?> a) =>
        a.TryGetValue("allocation_pools", out var v) && v is JsonArray pools
            ? pools.Select(p => new AllocationPool(p!["start"]!.GetValue<string>(), p["end"]!.GetValue<string>())).ToList()
            : null;

    private static List<HostRoute>? HostRoutes(IReadOnlyDictionary<string, JsonNode?> a) =>
        a.TryGetValue("host_routes", out var v) && v is JsonArray routes
            ? routes.Select(r => new HostRoute(r!["destination"]!.GetValue<string>(), r["nexthop"]!.GetValue<string>())).ToList()
            : null;
}
