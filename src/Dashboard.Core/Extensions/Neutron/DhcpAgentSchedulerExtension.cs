namespace Dashboard.Core.Extensions.Neutron;

/// <summary>Neutron's <c>dhcp_agent_scheduler</c> extension: DHCP Agent Scheduler.</summary>
public static class DhcpAgentSchedulerExtension
{
    public static ExtensionDescriptor Descriptor { get; } = new("DHCP Agent Scheduler", "dhcp_agent_scheduler", "Schedule networks among dhcp agents", "2013-02-07T10:00:00-00:00")
    {
        Policies =
        [
            new("get_dhcp-networks", NeutronResources.AdminOnly, "List the networks a DHCP agent serves"),
            new("create_dhcp-network", NeutronResources.AdminOnly, "Add a network to a DHCP agent"),
            new("delete_dhcp-network", NeutronResources.AdminOnly, "Remove a network from a DHCP agent"),
            new("get_dhcp-agents", NeutronResources.AdminOnly, "List the DHCP agents serving a network"),
        ],
    };
}
