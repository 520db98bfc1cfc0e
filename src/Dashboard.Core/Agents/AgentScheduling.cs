using Dashboard.Core.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Dashboard.Core.Agents;

/// <summary>What the L3 and DHCP schedulers share: which agents may take new work, and the least-loaded choice among them.</summary>
internal static class AgentScheduling
{
    /// <summary>The hosts whose agent of <paramref name="type"/> may be given new work: admin up, alive, on an enabled host.</summary>
    internal static async Task<List<string>> CandidatesAsync(NetworkDbContext db, AgentLiveness liveness, string type, CancellationToken ct) =>
        (await db.NetworkAgents.Where(a => a.AgentType == type && a.AdminStateUp)
            .Join(db.ComputeNodes.Where(n => n.Enabled), a => a.Host, n => n.Name, (a, n) => a)
            .ToListAsync(ct)).Where(liveness.IsAlive).Select(a => a.Host).ToList();

    /// <summary>Neutron's least-loaded choice: the candidate carrying the least, ties by name; null when there is none.</summary>
    internal static string? LeastLoaded(IReadOnlyList<string> candidates, IReadOnlyDictionary<string, int> load) =>
        candidates.OrderBy(h => load.GetValueOrDefault(h)).ThenBy(h => h, StringComparer.Ordinal).FirstOrDefault();
}
