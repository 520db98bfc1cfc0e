using Dashboard.Core.Networking;
using Dashboard.Core.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Dashboard.Core.Overview;

public sealed record CloudCounts(
    int Projects, int Users, int Networks, int Subnets, int Ports, int Routers,
    int SecurityGroups, int ComputeNodes, int Instances, int SegmentsAllocated);

public sealed record HostSummary(string Name, string BridgeMappings, string? TunnelIp, bool Enabled, int Instances, int BoundPorts);

/// <summary>Counts across the whole cloud, for the home page.</summary>
public sealed class CloudSummaryService(Transactions transactions)
{
    public Task<CloudCounts> CountsAsync(CancellationToken ct = default) =>
        transactions.ReadAsync(async db => new CloudCounts(
            await db.Projects.CountAsync(ct), await db.Users.CountAsync(ct), await db.Networks.CountAsync(ct),
            await db.Subnets.CountAsync(ct), await db.Ports.CountAsync(ct), await db.Routers.CountAsync(ct),
            await db.SecurityGroups.CountAsync(ct), await db.ComputeNodes.CountAsync(ct), await db.Instances.CountAsync(ct),
            await db.SegmentAllocations.CountAsync(ct)), ct);

    public Task<List<HostSummary>> HostsAsync(CancellationToken ct = default) =>
        transactions.ReadAsync(async db =>
        {
            var nodes = await db.ComputeNodes.OrderBy(n => n.Name).ToListAsync(ct);
            var instances = await db.Instances.GroupBy(i => i.HostName).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, ct);
            var ports = await Hosts.PortBinder.BoundPortsByHostAsync(db, ct);
            return nodes.Select(n => new HostSummary(n.Name, string.Join(", ", n.BridgeMappings.Select(m => $"{m.PhysicalNetwork}:{m.Bridge}")),
                n.TunnelIp, n.Enabled, instances.GetValueOrDefault(n.Name), ports.GetValueOrDefault(n.Name))).ToList();
        }, ct);
}
