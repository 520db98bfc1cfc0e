using static Dashboard.Core.Extensions.Attributes;

namespace Dashboard.Core.Extensions;

/// <summary>
/// The attribute maps of the <c>agent</c>, <c>l3_agent_scheduler</c> and <c>dhcp_agent_scheduler</c>
/// extensions. Their routes are not generic collections (agents are reported, not created), but
/// their bodies are checked by the same attribute processor as every other resource's.
/// </summary>
public static class AgentResources
{
    /// <summary>An agent: only <c>admin_state_up</c> and <c>description</c> can be changed.</summary>
    public static ResourceSpec Agents { get; } = new("agents", "agent",
    [
        Id(), ReadOnly("agent_type"), ReadOnly("binary"), ReadOnly("topic"), ReadOnly("host"), ReadOnly("alive"),
        ReadOnly("availability_zone"), ReadOnly("configurations"), ReadOnly("created_at"), ReadOnly("started_at"),
        ReadOnly("heartbeat_timestamp"), ReadOnly("resources_synced"),
        new AttributeSpec("admin_state_up") { AllowPut = true, Validate = new BooleanValidator(), ConvertTo = Converter.ToBoolean },
        new AttributeSpec("description") { AllowPut = true, Validate = new StringValidator(255) },
    ]);

    /// <summary><c>POST /agents/{id}/l3-routers</c>: <c>{"router_id": ...}</c>.</summary>
    public static ResourceSpec L3Routers { get; } = new("l3-routers", "router", [Uuid("router_id")]);

    /// <summary><c>POST /agents/{id}/dhcp-networks</c>: <c>{"network_id": ...}</c>.</summary>
    public static ResourceSpec DhcpNetworks { get; } = new("dhcp-networks", "network", [Uuid("network_id")]);
}
