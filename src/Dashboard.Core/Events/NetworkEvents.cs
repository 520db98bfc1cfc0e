using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Dashboard.Core.Events;

/// <summary>Something committed changed; subscribers pick the kinds they show. Serialisable (<see cref="EventCodec"/>): instances sharing a PostgreSQL store pass them on.</summary>
[System.Text.Json.Serialization.JsonPolymorphic(TypeDiscriminatorPropertyName = "kind")]
[System.Text.Json.Serialization.JsonDerivedType(typeof(PortStatusChanged), "port_status")]
[System.Text.Json.Serialization.JsonDerivedType(typeof(ResourceChanged), "resource")]
[System.Text.Json.Serialization.JsonDerivedType(typeof(AgentStateChanged), "agent_state")]
[System.Text.Json.Serialization.JsonDerivedType(typeof(SwitchReconciled), "switch_reconciled")]
[System.Text.Json.Serialization.JsonDerivedType(typeof(IdentityChanged), "identity")]
[System.Text.Json.Serialization.JsonDerivedType(typeof(EventsMissed), "events_missed")]
public abstract record NetworkEvent(DateTime At)
{
    /// <summary>
    /// Whether the model changed. False for news about the real world catching up with it (the OVS
    /// agent's reconcile): caches of the model stay valid and views of the model need not re-read.
    /// </summary>
    public virtual bool ChangesModel => true;
}

/// <summary>A port's status moved (DOWN, BUILD, ACTIVE, ERROR), with why.</summary>
public sealed record PortStatusChanged(string PortId, string NetworkId, string ProjectId, string DeviceId, string Host, string? OldStatus, string NewStatus, string Reason, DateTime At)
    : NetworkEvent(At);

/// <summary>A resource was created, updated or deleted (<see cref="Resource"/> is Neutron's member name: network, port, router... or instance).</summary>
public sealed record ResourceChanged(string Resource, string Id, string ProjectId, string Action, DateTime At) : NetworkEvent(At)
{
    public const string Created = "created";
    public const string Updated = "updated";
    public const string Deleted = "deleted";
}

/// <summary>An admin stopped or started one of a host's agents (its OVS agent unless <see cref="AgentType"/> says otherwise).</summary>
public sealed record AgentStateChanged(string Host, bool Running, DateTime At, string AgentType = Agents.AgentTypes.Ovs) : NetworkEvent(At);

/// <summary>In <c>Agent:Mode=ovs</c>, the agent has just made the host's real switch, ports and firewall match the model.</summary>
public sealed record SwitchReconciled(string Host, TimeSpan Took, DateTime At) : NetworkEvent(At)
{
    public override bool ChangesModel => false;
}

/// <summary>
/// Users, projects, roles or assignments changed, or one token was revoked (<see cref="TokenId"/>): validated tokens
/// cached by every instance are dropped (all of them, or that one).
/// </summary>
public sealed record IdentityChanged(string? TokenId, DateTime At) : NetworkEvent(At)
{
    public override bool ChangesModel => false;
}

/// <summary>
/// Changes may have been announced that this instance did not hear (its connection to the shared bus broke and is back):
/// every view re-reads what it shows, every cache starts again.
/// </summary>
public sealed record EventsMissed(DateTime At) : NetworkEvent(At);

public static class NetworkEventsExtensions
{
    /// <summary>Subscribes to one kind of event only.</summary>
    public static IDisposable Subscribe<T>(this INetworkEvents events, Action<T> handler) where T : NetworkEvent =>
        events.Subscribe(e =>
        {
            if (e is T typed)
            {
                handler(typed);
            }
        });
}

/// <summary>
/// Where committed changes are announced. Small on purpose: an in-process implementation serves one
/// instance; a shared bus can replace it when several instances serve one database.
/// </summary>
public interface INetworkEvents
{
    void Publish(NetworkEvent change);

    /// <summary>Calls <paramref name="handler"/> for every change from now on, until the returned subscription is disposed.</summary>
    IDisposable Subscribe(Action<NetworkEvent> handler);
}

/// <summary>The in-process notifier: thread-safe; a failing subscriber does not stop the others (its failure is logged).</summary>
public sealed class InProcessNetworkEvents(ILogger<InProcessNetworkEvents>? logger = null) : INetworkEvents
{
    private readonly Lock _gate = new();
    private ImmutableHandlers _handlers = new([]);

    public void Publish(NetworkEvent change)
    {
        foreach (var handler in _handlers.Items)
        {
            try
            {
                handler(change);
            }
            catch (Exception e)
            {
                // A subscriber's failure is its own; the others still hear of the change.
                (logger ?? NullLogger<InProcessNetworkEvents>.Instance).LogWarning(e, "A subscriber failed on {Change}; the other subscribers were told.", change.GetType().Name);
            }
        }
    }

    public IDisposable Subscribe(Action<NetworkEvent> handler)
    {
        lock (_gate)
        {
            _handlers = new([.. _handlers.Items, handler]);
        }
        return new Subscription(() =>
        {
            lock (_gate)
            {
                _handlers = new(_handlers.Items.Where(h => h != handler).ToArray());
            }
        });
    }

    private sealed record ImmutableHandlers(Action<NetworkEvent>[] Items);

    private sealed class Subscription(Action dispose) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                dispose();
            }
        }
    }
}
