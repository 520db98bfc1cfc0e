using Dashboard.Core.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Dashboard.Core.Segmentation;

/// <summary>One configured range with how much of it is used.</summary>
public sealed record RangeUsage(IdRange Range, int Used)
{
    public long Free => Range.Count - Used;
}

/// <summary>One allocated segment and the network holding it.</summary>
public sealed record SegmentHolder(long SegmentationId, string NetworkId, string NetworkName, string ProjectId, bool InRange);

/// <summary>A pool (a VLAN physnet, or a tunnel type): its ranges, their usage, and every holder.</summary>
public sealed record SegmentPool(string NetworkType, string? PhysicalNetwork, IReadOnlyList<RangeUsage> Ranges, IReadOnlyList<SegmentHolder> Holders);

/// <summary>
/// What the Segmentation page shows: per physnet and tunnel type, the configured ranges with used
/// and free counts and which network holds which ID. Counts come from the allocations stored,
/// never from enumerating a range, so vni_ranges 1:16777215 costs what 1:10 does.
/// </summary>
public sealed class SegmentationReport(Transactions transactions, SegmentationRanges ranges)
{
    public Task<List<SegmentPool>> PoolsAsync(CancellationToken ct = default) =>
        transactions.ReadAsync(async db =>
        {
            var holders = await db.SegmentAllocations
                .Join(db.Networks, a => a.NetworkId, n => n.Id, (a, n) => new { a.NetworkType, a.PhysicalNetwork, a.SegmentationId, n.Id, n.Name, n.ProjectId })
                .OrderBy(h => h.SegmentationId).ToListAsync(ct);
            var pools = new List<SegmentPool>();
            var physnets = ranges.VlanRanges.Select(p => p.Key)
                .Concat(holders.Where(h => h.NetworkType == NetworkTypes.Vlan).Select(h => h.PhysicalNetwork)).Distinct();
            foreach (var physnet in physnets)
            {
                var configured = ranges.VlanRanges.FirstOrDefault(p => p.Key == physnet).Value ?? [];
                pools.Add(Pool(NetworkTypes.Vlan, physnet, configured, holders.Where(h => h.NetworkType == NetworkTypes.Vlan && h.PhysicalNetwork == physnet)
                    .Select(h => (h.SegmentationId, h.Id, h.Name, h.ProjectId))));
            }
            foreach (var type in new[] { NetworkTypes.Vxlan, NetworkTypes.Gre })
            {
                var ofType = holders.Where(h => h.NetworkType == type).Select(h => (h.SegmentationId, h.Id, h.Name, h.ProjectId)).ToList();
                if (ranges.TunnelRanges(type).Count > 0 || ofType.Count > 0)
                {
                    pools.Add(Pool(type, null, ranges.TunnelRanges(type), ofType));
                }
            }
            return pools;
        }, ct);

    private static SegmentPool Pool(string type, string? physnet, IReadOnlyList<IdRange> configured, IEnumerable<(long Id, string NetworkId, string Name, string ProjectId)> held)
    {
        var list = held.ToList();
        return new SegmentPool(type, physnet,
            configured.Select(r => new RangeUsage(r, list.Count(h => r.Contains(h.Id)))).ToList(),
            list.Select(h => new SegmentHolder(h.Id, h.NetworkId, h.Name, h.ProjectId, configured.Any(r => r.Contains(h.Id)))).ToList());
    }
}
