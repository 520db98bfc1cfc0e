using Dashboard.Core.Hosts;
using Dashboard.Core.Networking;
using Dashboard.Core.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Dashboard.Core.Dataplane;

/// <summary>A host's data plane as the OVS agent and the hybrid firewall program it: bridges, flows and iptables.</summary>
public sealed record HostDataplane(HostLayout Layout, IReadOnlyDictionary<string, IReadOnlyList<Flow>> Flows, IReadOnlyList<FirewallPort> FirewallPorts)
{
    public string DumpFlows(string bridge) => FlowTables.DumpFlows(Flows.GetValueOrDefault(bridge, []));

    public string IptablesSave() => HybridFirewall.IptablesSave(FirewallPorts);
}

/// <summary>Derives each host's flows and firewall rules from the stored model.</summary>
public sealed class DataplaneService(Transactions transactions)
{
    public Task<HostDataplane> ForHostAsync(string host, CancellationToken ct = default) =>
        transactions.ReadAsync(db => LoadAsync(db, host, ct), ct);

    internal static async Task<HostDataplane> LoadAsync(NetworkDbContext db, string host, CancellationToken ct, HostNetwork? extraNetwork = null)
    {
        var layout = await HostWiring.BuildAsync(db, host, ct);
        if (extraNetwork is not null && layout.Networks.All(n => n.NetworkId != extraNetwork.NetworkId))
        {
            layout = layout with { Networks = [.. layout.Networks, extraNetwork] };
        }
        var firewall = await FirewallPortsAsync(db, layout.Vifs.Select(v => v.PortId).ToList(), ct);
        return new HostDataplane(layout, FlowTables.Build(layout), firewall);
    }

    /// <summary>The ports' firewall view: their security groups' rules and the addresses of every remote group those rules name.</summary>
    internal static async Task<List<FirewallPort>> FirewallPortsAsync(NetworkDbContext db, IReadOnlyCollection<string> portIds, CancellationToken ct)
    {
        var ports = await db.Ports.AsNoTracking().Include(p => p.FixedIps).Include(p => p.SecurityGroups)
            .Where(p => portIds.Contains(p.Id)).ToListAsync(ct);
        var groupIds = ports.SelectMany(p => p.SecurityGroups.Select(g => g.SecurityGroupId)).Distinct().ToList();
        var rules = await db.SecurityGroupRules.AsNoTracking().Where(r => groupIds.Contains(r.SecurityGroupId)).ToListAsync(ct);
        var remoteGroups = rules.Where(r => r.RemoteGroupId != null).Select(r => r.RemoteGroupId!).Distinct().ToList();
        var members = (await db.PortSecurityGroups.Where(m => remoteGroups.Contains(m.SecurityGroupId))
                .Join(db.IpAllocations, m => m.PortId, a => a.PortId, (m, a) => new { m.SecurityGroupId, a.IpAddress })
                .ToListAsync(ct))
            .GroupBy(m => m.SecurityGroupId)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<string>)g.Select(m => m.IpAddress).Distinct().ToList());
        var byGroup = rules.ToLookup(r => r.SecurityGroupId);
        return ports.OrderBy(p => p.Id, StringComparer.Ordinal).Select(p => new FirewallPort(
            p.Id, $"tap{p.DeviceSuffix}", p.MacAddress, p.FixedIps.Select(a => a.IpAddress).ToList(), p.PortSecurityEnabled,
            p.SecurityGroups.SelectMany(g => byGroup[g.SecurityGroupId]).ToList(), members)).ToList();
    }
}
