using Dashboard.Core.Common;

namespace Dashboard.Core.Hosts;

/// <summary>A hypervisor host running Neutron's OVS agent.</summary>
public sealed class ComputeNode
{
    public string Id { get; init; } = NewId.Uuid();

    /// <summary>The host name ports are bound to (<c>binding:host_id</c>).</summary>
    public required string Name { get; init; }
    public List<BridgeMapping> BridgeMappings { get; set; } = [];

    /// <summary>The <c>local_ip</c> tunnels terminate on; null when the host has no tunnel endpoint.</summary>
    public string? TunnelIp { get; set; }
    public bool Enabled { get; set; } = true;
    public DateTime CreatedAt { get; init; }
    public DateTime? LastHeartbeatAt { get; set; }

    /// <summary>The availability zone the host's L3 and DHCP agents report (Neutron's agent option <c>availability_zone</c>, default <c>nova</c>).</summary>
    public string AvailabilityZone { get; set; } = Agents.AvailabilityZones.Default;

    /// <summary>The description an admin gives the host's Open vSwitch agent (<c>openstack network agent set --description</c>).</summary>
    public string? AgentDescription { get; set; }

    public BridgeMapping? MappingFor(string? physnet) => BridgeMappings.FirstOrDefault(m => m.PhysicalNetwork == physnet);
}
