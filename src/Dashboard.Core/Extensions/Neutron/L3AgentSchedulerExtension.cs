namespace Dashboard.Core.Extensions.Neutron;

/// <summary>Neutron's <c>l3_agent_scheduler</c> extension: L3 Agent Scheduler.</summary>
public static class L3AgentSchedulerExtension
{
    public static ExtensionDescriptor Descriptor { get; } = new("L3 Agent Scheduler", "l3_agent_scheduler", "Schedule routers among l3 agents", "2013-02-07T10:00:00-00:00")
    {
        Policies =
        [
            new("get_l3-routers", NeutronResources.AdminOnly, "List the routers an L3 agent hosts"),
            new("create_l3-router", NeutronResources.AdminOnly, "Add a router to an L3 agent"),
            new("delete_l3-router", NeutronResources.AdminOnly, "Remove a router from an L3 agent"),
            new("get_l3-agents", NeutronResources.AdminOnly, "List the L3 agents hosting a router"),
        ],
    };
}
