namespace Dashboard.Core.Hosts;

public enum BridgeKind { Integration, Provider, Tunnel }

public enum OvsPortKind { Vif, Patch, Physical, Tunnel, Internal }

/// <summary>A port on an OVS bridge: a VIF's qvo (with its local VLAN tag), a patch port (with its peer), the NIC, a tunnel, or a namespace's internal port (qr-, qg-, tap, tagged).</summary>
public sealed record OvsPort(string Name, OvsPortKind Kind, int? Tag = null, string? Peer = null, string? PortId = null, string? RemoteIp = null);

public sealed record OvsBridge(string Name, BridgeKind Kind, IReadOnlyList<OvsPort> Ports);

/// <summary>
/// One VM NIC's hybrid plug: VM -> <see cref="Tap"/> -> Linux bridge <see cref="Qbr"/> (security groups
/// enforced here) -> veth <see cref="Qvb"/>/<see cref="Qvo"/> -> br-int, tagged with the network's local VLAN.
/// </summary>
public sealed record VifWiring(
    string PortId, string? DeviceId, string NetworkId, string MacAddress, IReadOnlyList<string> FixedIps,
    string Tap, string Qbr, string Qvb, string Qvo, int LocalVlan, string NetworkType, long? SegmentationId)
{
    /// <summary>The port's status (ACTIVE, BUILD, DOWN, ERROR), for drawing.</summary>
    public string Status { get; init; } = "";
    public bool AdminStateUp { get; init; } = true;
}

/// <summary>A network present on a host: its br-int local VLAN and the segment it maps to outside the host.</summary>
public sealed record HostNetwork(string NetworkId, string Name, int LocalVlan, string NetworkType, string? PhysicalNetwork, long? SegmentationId)
{
    public bool IsTunnel => NetworkType is Segmentation.NetworkTypes.Vxlan or Segmentation.NetworkTypes.Gre;
}

/// <summary>A port bound on another host of a tunnel network this host has: what l2population tells br-tun.</summary>
public sealed record TunnelNeighbour(string NetworkId, string MacAddress, string Host, string TunnelPort);

public sealed record HostLayout(ComputeNode Node, IReadOnlyList<OvsBridge> Bridges, IReadOnlyList<VifWiring> Vifs)
{
    public IReadOnlyList<HostNetwork> Networks { get; init; } = [];
    public IReadOnlyList<TunnelNeighbour> TunnelNeighbours { get; init; } = [];

    /// <summary>The routers hosted here by the L3 agent (network node).</summary>
    public IReadOnlyList<RouterNamespace> Routers { get; init; } = [];

    /// <summary>The DHCP servers run here by the DHCP agent (network node).</summary>
    public IReadOnlyList<DhcpNamespace> DhcpServers { get; init; } = [];

    /// <summary>Every namespace port of the host (qr-, qg-, tap).</summary>
    public IEnumerable<NamespacePort> NamespacePorts => Routers.SelectMany(r => r.Ports).Concat(DhcpServers.Select(d => d.Tap));

    public OvsBridge? Bridge(string name) => Bridges.FirstOrDefault(b => b.Name == name);
}
