using Dashboard.Core.Hosts;
using Dashboard.Core.Networking;
using Dashboard.Core.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Dashboard.Core.Dataplane;

/// <summary>A host's data plane as the OVS agent and the hybrid firewall program it: bridges, flows and iptables.</summary>
public sealed record HostDataplane(HostLayout Layout, IReadOnlyDictionary<string, IReadOnlyList<Flow>> Flows, IReadOnlyList<FirewallPort> FirewallPorts)
{
    /// <summary>The members of the remote groups the host's rules name; loaded for display only (the tracer asks per address).</summary>
    public IpsetMembers Ipsets { get; init; } = new(new Dictionary<string, IReadOnlyList<string>>());

    public string DumpFlows(string bridge) => FlowTables.DumpFlows(Flows.GetValueOrDefault(bridge, []));

    public string IptablesSave() => HybridFirewall.IptablesSave(FirewallPorts);

    public string IpsetSave() => HybridFirewall.IpsetSave(Ipsets);
}

/// <summary>Derives each host's flows and firewall rules from the stored model.</summary>
public sealed class DataplaneService(Transactions transactions)
{
    public Task<HostDataplane> ForHostAsync(string host, CancellationToken ct = default) =>
        transactions.ReadAsync(async db =>
        {
            var plane = await LoadAsync(db, host, ct);
            var groups = plane.FirewallPorts.SelectMany(p => p.Rules).Where(r => r.RemoteGroupId != null).Select(r => r.RemoteGroupId!).Distinct().ToList();
            var members = (await db.PortSecurityGroups.Where(m => groups.Contains(m.SecurityGroupId))
                    .Join(db.IpAllocations, m => m.PortId, a => a.PortId, (m, a) => new { m.SecurityGroupId, a.IpAddress })
                    .ToListAsync(ct))
                .GroupBy(m => m.SecurityGroupId)
                .ToDictionary(g => g.Key, g => (IReadOnlyList<string>)g.Select(m => m.IpAddress).Distinct().ToList());
            return plane with { Ipsets = new IpsetMembers(groups.ToDictionary(g => g, g => members.GetValueOrDefault(g, []))) };
        }, ct);

    /// <summary>The security groups of the port(s) holding <paramref name="ip"/>: the ipsets that address is in.</summary>
    internal static async Task<IReadOnlySet<string>> GroupsOfAddressAsync(NetworkDbContext db, string ip, CancellationToken ct) =>
        (await db.IpAllocations.Where(a => a.IpAddress == ip)
            .Join(db.PortSecurityGroups, a => a.PortId, m => m.PortId, (a, m) => m.SecurityGroupId)
            .ToListAsync(ct)).ToHashSet();

    /// <param name="withFirewall">False when only the flows are needed (the tracer reads the two ports' firewalls itself).</param>
    internal static async Task<HostDataplane> LoadAsync(NetworkDbContext db, string host, CancellationToken ct, bool withFirewall = true)
    {
        var layout = await HostWiring.BuildAsync(db, host, ct);
        var firewall = withFirewall ? await FirewallPortsAsync(db, layout.Vifs.Select(v => v.PortId).ToList(), ct) : [];
        return new HostDataplane(layout, FlowTables.Build(layout), firewall);
    }

    /// <summary>The ports' firewall view: their addresses and their security groups' rules.</summary>
    internal static async Task<List<FirewallPort>> FirewallPortsAsync(NetworkDbContext db, IReadOnlyCollection<string> portIds, CancellationToken ct)
    {
        // Split, as PortService does: one query would return every (address, group) pair of every port.
        var ports = await db.Ports.AsNoTracking().Include(p => p.FixedIps).Include(p => p.SecurityGroups)
            .Where(p => portIds.Contains(p.Id)).AsSplitQuery().ToListAsync(ct);
        var groupIds = ports.SelectMany(p => p.SecurityGroups.Select(g => g.SecurityGroupId)).Distinct().ToList();
        var rules = await db.SecurityGroupRules.AsNoTracking().Where(r => groupIds.Contains(r.SecurityGroupId)).ToListAsync(ct);
        var byGroup = rules.ToLookup(r => r.SecurityGroupId);
        return ports.OrderBy(p => p.Id, StringComparer.Ordinal).Select(p => new FirewallPort(
            p.Id, $"tap{p.DeviceSuffix}", p.MacAddress, p.FixedIps.Select(a => a.IpAddress).ToList(), p.PortSecurityEnabled,
            p.SecurityGroups.SelectMany(g => byGroup[g.SecurityGroupId]).ToList()) { AllowedAddressPairs = p.AllowedAddressPairs }).ToList();
    }
}
