using Dashboard.Core.Common;

namespace Dashboard.Core.Agents;

/// <summary>
/// An L3 or DHCP agent on a host (Neutron's <c>agents</c> row). A host's OVS agent is the compute
/// node row itself; these are the network-node agents beside it.
/// </summary>
public sealed class NetworkAgent
{
    public string Id { get; init; } = NewId.Uuid();
    public required string Host { get; init; }

    /// <summary><see cref="AgentTypes.L3"/> or <see cref="AgentTypes.Dhcp"/>.</summary>
    public required string AgentType { get; init; }
    public bool AdminStateUp { get; set; } = true;
    public string? Description { get; set; }
    public DateTime CreatedAt { get; init; }
    public DateTime? LastHeartbeatAt { get; set; }
}
