using Microsoft.Extensions.Configuration;

namespace Dashboard.Core.Segmentation;

/// <summary>
/// ML2 options under the configuration section <c>Neutron</c>, named exactly as Neutron's
/// <c>ml2_conf.ini</c> names them, with the same comma-separated value syntax.
/// </summary>
public sealed class NeutronOptions
{
    public const string Section = "Neutron";

    [ConfigurationKeyName("tenant_network_types")]
    public string TenantNetworkTypes { get; set; } = "vlan";

    [ConfigurationKeyName("network_vlan_ranges")]
    public string NetworkVlanRanges { get; set; } = "physnet1:1000:2999";

    [ConfigurationKeyName("flat_networks")]
    public string FlatNetworks { get; set; } = "*";

    [ConfigurationKeyName("tunnel_id_ranges")]
    public string TunnelIdRanges { get; set; } = "";

    [ConfigurationKeyName("vni_ranges")]
    public string VniRanges { get; set; } = "";

    /// <summary>Seconds after its last heartbeat that an agent counts as dead (Neutron's default 75).</summary>
    [ConfigurationKeyName("agent_down_time")]
    public int AgentDownTime { get; set; } = 75;

    [ConfigurationKeyName("global_physnet_mtu")]
    public int GlobalPhysnetMtu { get; set; } = 1500;
}
