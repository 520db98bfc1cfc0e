using Dashboard.Core.Networking;
using Dashboard.Core.Persistence;
using Dashboard.Core.Segmentation;
using Microsoft.EntityFrameworkCore;

namespace Dashboard.Core.Hosts;

/// <summary>
/// Derives a host's OVS layout from the stored model, as Neutron's OVS agent builds it: br-int with
/// a tagged qvo per bound port and a patch per provider bridge; br-ethX with its patch and NIC;
/// br-tun, once tunnel networks exist, with one tunnel port per other host.
/// </summary>
public static class HostWiring
{
    public const string IntegrationBridge = "br-int";
    public const string TunnelBridge = "br-tun";

    public static async Task<HostLayout> BuildAsync(NetworkDbContext db, string host, CancellationToken ct)
    {
        var node = await ComputeNodeService.FindAsync(db, host, ct);
        var vlans = await db.LocalVlans.Where(v => v.HostName == host).ToDictionaryAsync(v => v.NetworkId, v => v.Vlan, ct);
        var bound = await db.Ports.Include(p => p.FixedIps)
            .Where(p => p.BindingHostId == host && p.VifType == VifTypes.Ovs)
            .Join(db.Networks, p => p.NetworkId, n => n.Id, (p, n) => new { Port = p, n.NetworkType, n.SegmentationId })
            .ToListAsync(ct);
        var tunnelTypes = await db.Networks.Where(n => n.NetworkType == NetworkTypes.Gre || n.NetworkType == NetworkTypes.Vxlan)
            .Select(n => n.NetworkType).Distinct().ToListAsync(ct);
        var peers = tunnelTypes.Count == 0 || node.TunnelIp is null
            ? []
            : await db.ComputeNodes.Where(n => n.Name != host && n.TunnelIp != null).OrderBy(n => n.Name).ToListAsync(ct);

        var vifs = bound.OrderBy(b => b.Port.Id).Select(b => new VifWiring(
            b.Port.Id, b.Port.DeviceId, b.Port.NetworkId, b.Port.MacAddress, b.Port.FixedIps.Select(a => a.IpAddress).ToList(),
            Tap: $"tap{b.Port.DeviceSuffix}", Qbr: $"qbr{b.Port.DeviceSuffix}", Qvb: $"qvb{b.Port.DeviceSuffix}", Qvo: $"qvo{b.Port.DeviceSuffix}",
            LocalVlan: b.Port.AdminStateUp ? vlans.GetValueOrDefault(b.Port.NetworkId) : DeadVlan,
            b.NetworkType, b.SegmentationId) { Status = b.Port.Status, AdminStateUp = b.Port.AdminStateUp }).ToList();

        var integration = new List<OvsPort>();
        integration.AddRange(node.BridgeMappings.Select(m => new OvsPort(m.IntegrationPatch, OvsPortKind.Patch, Peer: m.ProviderPatch)));
        var tunnels = peers.Count > 0;
        if (tunnels)
        {
            integration.Add(new OvsPort("patch-tun", OvsPortKind.Patch, Peer: "patch-int"));
        }
        integration.AddRange(vifs.Select(v => new OvsPort(v.Qvo, OvsPortKind.Vif, v.LocalVlan, PortId: v.PortId)));

        var bridges = new List<OvsBridge> { new(IntegrationBridge, BridgeKind.Integration, integration) };
        bridges.AddRange(node.BridgeMappings.Select(m => new OvsBridge(m.Bridge, BridgeKind.Provider,
            [new OvsPort(m.ProviderPatch, OvsPortKind.Patch, Peer: m.IntegrationPatch), new OvsPort(m.Nic, OvsPortKind.Physical)])));
        if (tunnels)
        {
            var tunnelPorts = new List<OvsPort> { new("patch-int", OvsPortKind.Patch, Peer: "patch-tun") };
            tunnelPorts.AddRange(from type in tunnelTypes.Order()
                                 from peer in peers
                                 select new OvsPort(TunnelPortName(type, peer.TunnelIp!), OvsPortKind.Tunnel, RemoteIp: peer.TunnelIp));
            bridges.Add(new OvsBridge(TunnelBridge, BridgeKind.Tunnel, tunnelPorts));
        }
        var networkIds = vlans.Keys.ToList();
        var networks = (await db.Networks.Where(n => networkIds.Contains(n.Id))
                .Select(n => new { n.Id, n.Name, n.NetworkType, n.PhysicalNetwork, n.SegmentationId }).ToListAsync(ct))
            .Select(n => new HostNetwork(n.Id, n.Name, vlans[n.Id], n.NetworkType, n.PhysicalNetwork, n.SegmentationId))
            .OrderBy(n => n.LocalVlan).ToList();
        var neighbours = new List<TunnelNeighbour>();
        var tunnelNetworks = networks.Where(n => n.IsTunnel).ToDictionary(n => n.NetworkId);
        if (tunnels && tunnelNetworks.Count > 0)
        {
            var ids = tunnelNetworks.Keys.ToList();
            var remote = await db.Ports.Where(p => ids.Contains(p.NetworkId) && p.BindingHostId != host && p.VifType == VifTypes.Ovs)
                .Select(p => new { p.NetworkId, p.MacAddress, p.BindingHostId }).ToListAsync(ct);
            var peerIps = peers.ToDictionary(p => p.Name, p => p.TunnelIp!);
            neighbours.AddRange(remote.Where(r => peerIps.ContainsKey(r.BindingHostId))
                .OrderBy(r => r.BindingHostId, StringComparer.Ordinal).ThenBy(r => r.MacAddress, StringComparer.Ordinal)
                .Select(r => new TunnelNeighbour(r.NetworkId, r.MacAddress, r.BindingHostId,
                    TunnelPortName(tunnelNetworks[r.NetworkId].NetworkType, peerIps[r.BindingHostId]))));
        }
        return new HostLayout(node, bridges, vifs) { Networks = networks, TunnelNeighbours = neighbours };
    }

    /// <summary>Neutron's dead VLAN: an admin-down port is parked on it.</summary>
    public const int DeadVlan = 4095;

    /// <summary>The OVS agent's tunnel port name: the type and the remote IP in hex, e.g. <c>vxlan-c0a8380c</c>.</summary>
    public static string TunnelPortName(string type, string remoteIp) =>
        $"{type}-{string.Concat(System.Net.IPAddress.Parse(remoteIp).GetAddressBytes().Select(b => b.ToString("x2")))}";
}
