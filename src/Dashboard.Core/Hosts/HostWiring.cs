using Dashboard.Core.Agents;
using Dashboard.Core.Networking;
using Dashboard.Core.Persistence;
using Dashboard.Core.Segmentation;
using Microsoft.EntityFrameworkCore;

namespace Dashboard.Core.Hosts;

/// <summary>
/// Derives a host's OVS layout from the stored model, as Neutron's OVS agent builds it: br-int with
/// a tagged qvo per bound port and a patch per provider bridge; br-ethX with its patch and NIC;
/// br-tun, once tunnel networks exist, with one tunnel port per other host; on a network node, the
/// L3 agent's qrouter- and the DHCP agent's qdhcp- namespaces with their internal ports on br-int.
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

        // Router and DHCP ports are the L3 and DHCP agents': internal ports in their namespaces, no hybrid plug.
        var inNamespaces = bound.Where(b => AgentTypes.Wiring(b.Port.DeviceOwner) != AgentTypes.Ovs).Select(b => b.Port).OrderBy(p => p.Id, StringComparer.Ordinal).ToList();
        bound = bound.Where(b => AgentTypes.Wiring(b.Port.DeviceOwner) == AgentTypes.Ovs).ToList();
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
        var (routers, dhcpServers) = inNamespaces.Count == 0 ? ([], []) : await NamespacesAsync(db, host, inNamespaces, vlans, ct);
        integration.AddRange(routers.SelectMany(r => r.Ports).Concat(dhcpServers.Select(d => d.Tap))
            .OrderBy(p => p.Name, StringComparer.Ordinal).Select(p => new OvsPort(p.Name, OvsPortKind.Internal, p.LocalVlan, PortId: p.PortId)));

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
        return new HostLayout(node, bridges, vifs) { Networks = networks, TunnelNeighbours = neighbours, Routers = routers, DhcpServers = dhcpServers };
    }

    /// <summary>The device name an agent gives a port in its namespace: <c>qr-</c>, <c>qg-</c> or <c>tap</c> and the port ID's first 11 characters.</summary>
    public static string NamespaceDevice(Port port) => port.DeviceOwner switch
    {
        DeviceOwners.RouterInterface => $"qr-{port.DeviceSuffix}",
        DeviceOwners.RouterGateway => $"qg-{port.DeviceSuffix}",
        _ => $"tap{port.DeviceSuffix}",
    };

    /// <summary>The host's qrouter- namespaces (its L3 agent's routers) and qdhcp- namespaces (its DHCP agent's networks).</summary>
    private static async Task<(List<RouterNamespace>, List<DhcpNamespace>)> NamespacesAsync(
        NetworkDbContext db, string host, List<Port> ports, Dictionary<string, int> vlans, CancellationToken ct)
    {
        var dhcpNetworkIds = ports.Where(p => p.DeviceOwner == DeviceOwners.Dhcp).Select(p => p.NetworkId).Distinct().ToList();
        var subnetIds = ports.SelectMany(p => p.FixedIps.Select(a => a.SubnetId)).Distinct().ToList();
        var subnets = await db.Subnets.Where(s => subnetIds.Contains(s.Id) || dhcpNetworkIds.Contains(s.NetworkId)).ToDictionaryAsync(s => s.Id, ct);
        // Pools in a scope are few: the scope of each, for the routers' address-scope routing.
        var scopeOfPool = await db.SubnetPools.Where(p => p.AddressScopeId != null).ToDictionaryAsync(p => p.Id, p => p.AddressScopeId!, ct);
        NamespacePort Plug(Port p) => new(NamespaceDevice(p), p.Id, p.NetworkId, p.MacAddress, p.FixedIps.Select(a => a.IpAddress).ToList(),
            p.AdminStateUp ? vlans.GetValueOrDefault(p.NetworkId) : DeadVlan, p.Status)
        {
            Cidrs = p.FixedIps.Where(a => subnets.ContainsKey(a.SubnetId)).Select(a => $"{a.IpAddress}/{subnets[a.SubnetId].Prefix.PrefixLength}").ToList(),
            AddressScope = p.FixedIps.Select(a => subnets.GetValueOrDefault(a.SubnetId)).FirstOrDefault(s => s?.IpVersion == 4)?.SubnetPoolId is { } pool
                ? scopeOfPool.GetValueOrDefault(pool) : null,
        };

        var routers = new List<RouterNamespace>();
        var hosted = await db.Routers.Where(r => r.L3AgentHost == host).OrderBy(r => r.Id).ToListAsync(ct);
        if (hosted.Count > 0)
        {
            var routerIds = hosted.Select(r => r.Id).ToList();
            var floatingIps = (await db.FloatingIps.Where(f => f.RouterId != null && routerIds.Contains(f.RouterId)).ToListAsync(ct)).ToLookup(f => f.RouterId!);
            foreach (var router in hosted)
            {
                var own = ports.Where(p => p.DeviceId == router.Id).ToList();
                var gateway = own.FirstOrDefault(p => p.DeviceOwner == DeviceOwners.RouterGateway);
                routers.Add(L3AgentRouter.Build(router, own.Where(p => p.DeviceOwner == DeviceOwners.RouterInterface).Select(Plug).ToList(),
                    gateway is null ? null : Plug(gateway), subnets, floatingIps[router.Id].ToList()));
            }
        }

        var dhcp = new List<DhcpNamespace>();
        if (dhcpNetworkIds.Count > 0)
        {
            var names = await db.Networks.Where(n => dhcpNetworkIds.Contains(n.Id)).ToDictionaryAsync(n => n.Id, n => n.Name, ct);
            var networkPorts = (await db.Ports.Include(p => p.FixedIps).Where(p => dhcpNetworkIds.Contains(p.NetworkId)).ToListAsync(ct)).ToLookup(p => p.NetworkId);
            foreach (var port in ports.Where(p => p.DeviceOwner == DeviceOwners.Dhcp))
            {
                var dhcpSubnets = subnets.Values.Where(s => s.NetworkId == port.NetworkId && s.EnableDhcp).ToList();
                var served = networkPorts[port.NetworkId].OrderBy(p => p.Id, StringComparer.Ordinal).ToList();
                dhcp.Add(new DhcpNamespace(port.NetworkId, names.GetValueOrDefault(port.NetworkId, ""), Plug(port),
                    DnsmasqFiles.Hosts(served, dhcpSubnets), DnsmasqFiles.Opts(dhcpSubnets, served))
                {
                    Subnets = dhcpSubnets.OrderBy(s => s.Cidr, StringComparer.Ordinal).Select(s => new DhcpSubnet(s.Id, s.Cidr, s.IpVersion)).ToList(),
                });
            }
        }
        return (routers, dhcp);
    }

    /// <summary>Neutron's dead VLAN: an admin-down port is parked on it.</summary>
    public const int DeadVlan = 4095;

    /// <summary>The OVS agent's tunnel port name: the type and the remote IP in hex, e.g. <c>vxlan-c0a8380c</c>.</summary>
    public static string TunnelPortName(string type, string remoteIp) =>
        $"{type}-{string.Concat(System.Net.IPAddress.Parse(remoteIp).GetAddressBytes().Select(b => b.ToString("x2")))}";
}
