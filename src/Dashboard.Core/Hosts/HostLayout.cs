namespace Dashboard.Core.Hosts;

public enum BridgeKind { Integration, Provider, Tunnel }

public enum OvsPortKind { Vif, Patch, Physical, Tunnel }

/// <summary>A port on an OVS bridge: a VIF's qvo (with its local VLAN tag), a patch port (with its peer), the NIC, or a tunnel.</summary>
public sealed record OvsPort(string Name, OvsPortKind Kind, int? Tag = null, string? Peer = null, string? PortId = null, string? RemoteIp = null);

public sealed record OvsBridge(string Name, BridgeKind Kind, IReadOnlyList<OvsPort> Ports);

/// <summary>
/// One VM NIC's hybrid plug: VM -> <see cref="Tap"/> -> Linux bridge <see cref="Qbr"/> (security groups
/// enforced here) -> veth <see cref="Qvb"/>/<see cref="Qvo"/> -> br-int, tagged with the network's local VLAN.
/// </summary>
public sealed record VifWiring(
    string PortId, string? DeviceId, string NetworkId, string MacAddress, IReadOnlyList<string> FixedIps,
    string Tap, string Qbr, string Qvb, string Qvo, int LocalVlan, string NetworkType, long? SegmentationId);

public sealed record HostLayout(ComputeNode Node, IReadOnlyList<OvsBridge> Bridges, IReadOnlyList<VifWiring> Vifs);
