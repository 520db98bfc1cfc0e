using Dashboard.Core.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Dashboard.Core.Networking;

/// <summary>
/// How networks look to one project beyond their own columns, as Neutron shows them to it: shared (or external) when
/// shared with every project or by an RBAC policy with this one, and the address scope of their subnets' pool.
/// </summary>
public sealed class NetworkLook
{
    private readonly HashSet<string> _shared;
    private readonly HashSet<string> _external;
    private readonly Dictionary<string, (string? V4, string? V6)> _scopes;
    private readonly ILookup<string, string> _zones;

    private NetworkLook(HashSet<string> shared, HashSet<string> external, Dictionary<string, (string? V4, string? V6)> scopes, ILookup<string, string> zones) =>
        (_shared, _external, _scopes, _zones) = (shared, external, scopes, zones);

    /// <summary>Whether the network (its own flag <paramref name="everyone"/>) is shared with the project.</summary>
    public bool Shared(string networkId, bool everyone) => everyone || _shared.Contains(networkId);

    /// <summary>Whether the network (its own flag <paramref name="everyone"/>) is external for the project.</summary>
    public bool External(string networkId, bool everyone) => everyone || _external.Contains(networkId);

    public bool Shared(Network network) => Shared(network.Id, network.Shared);

    public bool External(Network network) => External(network.Id, network.External);

    /// <summary>The address scope of the network's IPv4 and IPv6 subnets (their pool's); nulls when none.</summary>
    public (string? V4, string? V6) Scopes(string networkId) => _scopes.GetValueOrDefault(networkId);

    /// <summary>The network's availability zones: those of the DHCP agents serving it (where its DHCP ports are bound).</summary>
    public IEnumerable<string> Zones(string networkId) => _zones[networkId];

    /// <summary>Reads, in the caller's unit of work, how <paramref name="networkIds"/> look to <paramref name="projectId"/> ("" for none).</summary>
    internal static async Task<NetworkLook> ReadAsync(NetworkDbContext db, string projectId, IReadOnlyCollection<string> networkIds, CancellationToken ct)
    {
        var grants = projectId == ""
            ? []
            : await db.RbacPolicies.Where(r => r.TargetProject == projectId && networkIds.Contains(r.ObjectId)).Select(r => new { r.ObjectId, r.Action }).ToListAsync(ct);
        // Pools in a scope are few (usually none): read them first, and the subnets carved from them only when there are any.
        var scopedPools = await db.SubnetPools.Where(p => p.AddressScopeId != null).Select(p => new { p.Id, p.IpVersion, p.AddressScopeId }).ToListAsync(ct);
        var poolIds = scopedPools.Select(p => p.Id).ToList();
        var carved = poolIds.Count == 0 ? []
            : await db.Subnets.Where(s => s.SubnetPoolId != null && poolIds.Contains(s.SubnetPoolId) && networkIds.Contains(s.NetworkId)).Select(s => new { s.NetworkId, s.SubnetPoolId }).ToListAsync(ct);
        var scopes = carved.Join(scopedPools, s => s.SubnetPoolId, p => p.Id, (s, p) => new { s.NetworkId, p.IpVersion, p.AddressScopeId }).Distinct().ToList();
        var zones = await db.Ports.Where(p => p.DeviceOwner == DeviceOwners.Dhcp && p.BindingHostId != "" && networkIds.Contains(p.NetworkId))
            .Join(db.ComputeNodes, p => p.BindingHostId, n => n.Name, (p, n) => new { p.NetworkId, n.AvailabilityZone }).Distinct().ToListAsync(ct);
        return new NetworkLook(
            grants.Where(g => g.Action == RbacPolicy.AccessAsShared).Select(g => g.ObjectId).ToHashSet(),
            grants.Where(g => g.Action == RbacPolicy.AccessAsExternal).Select(g => g.ObjectId).ToHashSet(),
            scopes.GroupBy(r => r.NetworkId).ToDictionary(g => g.Key,
                g => (g.FirstOrDefault(r => r.IpVersion == 4)?.AddressScopeId, g.FirstOrDefault(r => r.IpVersion == 6)?.AddressScopeId)),
            zones.OrderBy(z => z.AvailabilityZone, StringComparer.Ordinal).ToLookup(z => z.NetworkId, z => z.AvailabilityZone));
    }
}
