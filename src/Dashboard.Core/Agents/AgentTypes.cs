using Dashboard.Core.Networking;

namespace Dashboard.Core.Agents;

/// <summary>The agents a Neutron host runs with ML2/Open vSwitch, named as Neutron reports them (<c>agent_type</c>, <c>binary</c>).</summary>
public static class AgentTypes
{
    public const string Ovs = "Open vSwitch agent";
    public const string L3 = "L3 agent";
    public const string Dhcp = "DHCP agent";

    /// <summary>The network-node agents a host may run beside its OVS agent (stored as <see cref="NetworkAgent"/> rows).</summary>
    public static IReadOnlyList<string> NetworkNode { get; } = [L3, Dhcp];

    public static string Binary(string type) => type switch
    {
        Ovs => "neutron-openvswitch-agent",
        L3 => "neutron-l3-agent",
        Dhcp => "neutron-dhcp-agent",
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, null),
    };

    public static string Topic(string type) => type switch
    {
        L3 => "l3_agent",
        Dhcp => "dhcp_agent",
        _ => "N/A",
    };

    /// <summary>The agent that plugs a port of this <c>device_owner</c> into its host: the L3 agent its router ports, the DHCP agent its tap, the OVS agent the rest.</summary>
    public static string Wiring(string deviceOwner) => deviceOwner switch
    {
        DeviceOwners.RouterInterface or DeviceOwners.RouterGateway => L3,
        DeviceOwners.Dhcp => Dhcp,
        _ => Ovs,
    };
}
