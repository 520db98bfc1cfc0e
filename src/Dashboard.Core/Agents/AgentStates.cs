using System.Collections.Concurrent;

namespace Dashboard.Core.Agents;

/// <summary>Which hosts' agents an admin has stopped (the failure drill). Per process, as the agents are.</summary>
public sealed class AgentStates
{
    private readonly ConcurrentDictionary<string, bool> _stopped = new(StringComparer.Ordinal);

    public bool IsRunning(string host) => !_stopped.ContainsKey(host);

    internal void Stop(string host) => _stopped[host] = true;

    internal void Start(string host) => _stopped.TryRemove(host, out _);
}
