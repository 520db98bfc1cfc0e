using System.Collections.Concurrent;

namespace Dashboard.Core.Agents;

/// <summary>Which agents an admin has stopped (the failure drill), per host and agent type. Per process, as the agents are.</summary>
public sealed class AgentStates
{
    private readonly ConcurrentDictionary<(string Host, string Type), bool> _stopped = new();

    /// <summary>Whether the host's OVS agent runs.</summary>
    public bool IsRunning(string host) => IsRunning(host, AgentTypes.Ovs);

    public bool IsRunning(string host, string type) => !_stopped.ContainsKey((host, type));

    internal void Stop(string host, string type = AgentTypes.Ovs) => _stopped[(host, type)] = true;

    internal void Start(string host, string type = AgentTypes.Ovs) => _stopped.TryRemove((host, type), out _);
}
