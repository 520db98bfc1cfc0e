using System.Collections.Concurrent;

namespace Dashboard.Core.Agents;

/// <summary>
/// Which agents an admin has stopped (the failure drill), per host and agent type. Kept in memory, and kept alike in
/// every instance sharing a store: a stop or start announced by another instance (<see cref="Events.AgentStateChanged"/>)
/// is applied here too, so no instance goes on reporting an agent another has stopped.
/// </summary>
public sealed class AgentStates : IDisposable
{
    private readonly ConcurrentDictionary<(string Host, string Type), bool> _stopped = new();
    private readonly IDisposable? _subscription;

    public AgentStates(Events.INetworkEvents events) => _subscription = Events.NetworkEventsExtensions.Subscribe<Events.AgentStateChanged>(events, change =>
    {
        if (change.Running)
        {
            Start(change.Host, change.AgentType);
        }
        else
        {
            Stop(change.Host, change.AgentType);
        }
    });

    public void Dispose() => _subscription?.Dispose();

    /// <summary>Whether the host's OVS agent runs.</summary>
    public bool IsRunning(string host) => IsRunning(host, AgentTypes.Ovs);

    public bool IsRunning(string host, string type) => !_stopped.ContainsKey((host, type));

    internal void Stop(string host, string type = AgentTypes.Ovs) => _stopped[(host, type)] = true;

    internal void Start(string host, string type = AgentTypes.Ovs) => _stopped.TryRemove((host, type), out _);
}
