using Dashboard.Core.Errors;
using Dashboard.Core.Hosts;
using Dashboard.Core.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Dashboard.Core.Agents;

/// <summary>An availability zone as Neutron lists it: a zone of the agents serving one kind of resource.</summary>
public sealed record AvailabilityZone(string Name, string Resource, string State)
{
    public const string Network = "network";
    public const string Router = "router";
}

/// <summary>
/// Neutron's availability zones (<c>availability_zone</c>, <c>network_availability_zone</c>, <c>router_availability_zone</c>):
/// the zones the hosts' DHCP agents report are the networks' zones, the L3 agents' the routers'; a zone is available
/// while one of its agents is admin up. A network's or router's hints name zones of its kind (404 otherwise) and
/// narrow the agents its scheduler chooses among; its zones are those of the agents that host it.
/// </summary>
public sealed class AvailabilityZones(Transactions transactions)
{
    /// <summary>The zone an agent reports unless its host says otherwise (Neutron's default <c>availability_zone</c>).</summary>
    public const string Default = "nova";

    /// <summary>Neutron keeps a resource's hints joined by commas in a column of this many characters.</summary>
    private const int HintsLength = 255;

    public Task<List<AvailabilityZone>> ListAsync(CancellationToken ct = default) => transactions.ReadAsync(db => ListAsync(db, ct), ct);

    internal static async Task<List<AvailabilityZone>> ListAsync(NetworkDbContext db, CancellationToken ct)
    {
        var agents = await db.NetworkAgents.Join(db.ComputeNodes, a => a.Host, n => n.Name, (a, n) => new { a.AgentType, a.AdminStateUp, n.AvailabilityZone }).ToListAsync(ct);
        return agents.GroupBy(a => (a.AvailabilityZone, Resource: ResourceOf(a.AgentType)))
            .Select(g => new AvailabilityZone(g.Key.AvailabilityZone, g.Key.Resource, g.Any(a => a.AdminStateUp) ? "available" : "unavailable"))
            .OrderBy(z => z.Resource, StringComparer.Ordinal).ThenBy(z => z.Name, StringComparer.Ordinal).ToList();
    }

    private static string ResourceOf(string agentType) => agentType == AgentTypes.L3 ? AvailabilityZone.Router : AvailabilityZone.Network;

    /// <summary>Neutron's checks of a new network's or router's hints: each a zone of that kind of resource, and all within its column.</summary>
    internal static async Task<List<string>> CheckHintsAsync(NetworkDbContext db, string resource, IReadOnlyList<string>? hints, CancellationToken ct)
    {
        if (hints is null || hints.Count == 0)
        {
            return [];
        }
        if (string.Join(',', hints).Length > HintsLength)
        {
            throw new InvalidInputException($"Too many availability_zone_hints specified") { Attribute = "availability_zone_hints" };
        }
        var zones = (await ListAsync(db, ct)).Where(z => z.Resource == resource).Select(z => z.Name).ToHashSet(StringComparer.Ordinal);
        if (hints.FirstOrDefault(h => !zones.Contains(h)) is { } unknown)
        {
            throw new NotFoundException("AvailabilityZoneNotFound", $"AvailabilityZone {unknown} could not be found.");
        }
        return hints.Distinct(StringComparer.Ordinal).ToList();
    }

    /// <summary>The zone of each host, to name the zones of the agents hosting networks and routers.</summary>
    public Task<Dictionary<string, string>> ZoneOfHostsAsync(CancellationToken ct = default) =>
        transactions.ReadAsync(db => db.ComputeNodes.ToDictionaryAsync(n => n.Name, n => n.AvailabilityZone, ct), ct);

    /// <summary>The hosts among <paramref name="candidates"/> in one of <paramref name="hints"/>' zones (all of them without hints).</summary>
    internal static async Task<List<string>> InZonesAsync(NetworkDbContext db, List<string> candidates, IReadOnlyCollection<string> hints, CancellationToken ct)
    {
        if (hints.Count == 0)
        {
            return candidates;
        }
        var inZones = await db.ComputeNodes.Where(n => hints.Contains(n.AvailabilityZone)).Select(n => n.Name).ToListAsync(ct);
        return candidates.Where(inZones.Contains).ToList();
    }
}
