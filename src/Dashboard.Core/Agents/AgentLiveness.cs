using Dashboard.Core.Hosts;
using Dashboard.Core.Segmentation;
using Microsoft.Extensions.Options;

namespace Dashboard.Core.Agents;

/// <summary>Neutron's rule for an agent's liveness: running, and its last report younger than <c>agent_down_time</c>.</summary>
public sealed class AgentLiveness(AgentStates states, IOptions<NeutronOptions> options, TimeProvider clock)
{
    public bool IsAlive(string host, DateTime? lastHeartbeatAt) => IsAlive(host, AgentTypes.Ovs, lastHeartbeatAt);

    public bool IsAlive(string host, string type, DateTime? lastHeartbeatAt) =>
        states.IsRunning(host, type) && lastHeartbeatAt is { } beat && (clock.GetUtcNow().UtcDateTime - beat).TotalSeconds < options.Value.AgentDownTime;

    public bool IsAlive(ComputeNode node) => IsAlive(node.Name, node.LastHeartbeatAt);

    public bool IsAlive(NetworkAgent agent) => IsAlive(agent.Host, agent.AgentType, agent.LastHeartbeatAt);
}
