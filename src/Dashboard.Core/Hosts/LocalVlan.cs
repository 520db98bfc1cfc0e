namespace Dashboard.Core.Hosts;

/// <summary>
/// The OVS agent's local VLAN for a network on one host (br-int's tag), 1-4094, unique per host.
/// Allocated when the network's first port arrives on the host, freed when its last one leaves.
/// </summary>
public sealed class LocalVlan
{
    public required string HostName { get; init; }
    public required string NetworkId { get; init; }
    public required int Vlan { get; init; }
}
