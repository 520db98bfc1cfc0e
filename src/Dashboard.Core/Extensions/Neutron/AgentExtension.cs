namespace Dashboard.Core.Extensions.Neutron;

/// <summary>Neutron's <c>agent</c> extension: agent.</summary>
public static class AgentExtension
{
    public static ExtensionDescriptor Descriptor { get; } = new("agent", "agent", "The agent management extension.", "2013-02-03T10:00:00-00:00")
    {
        Policies = [new("get_agent", NeutronResources.AdminOnly, "Get an agent"), new("update_agent", NeutronResources.AdminOnly, "Update an agent")],
    };
}
