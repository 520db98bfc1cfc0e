namespace Dashboard.Core.Events;

/// <summary>A port's status moved (DOWN, BUILD, ACTIVE, ERROR), with why.</summary>
public sealed record PortStatusChanged(string PortId, string NetworkId, string ProjectId, string DeviceId, string Host, string? OldStatus, string NewStatus, string Reason, DateTime At);

/// <summary>
/// Where committed changes are announced. Small on purpose: an in-process implementation serves one
/// instance; a shared bus can replace it when several instances serve one database.
/// </summary>
public interface INetworkEvents
{
    void Publish(PortStatusChanged change);

    /// <summary>Calls <paramref name="handler"/> for every change from now on, until the returned subscription is disposed.</summary>
    IDisposable Subscribe(Action<PortStatusChanged> handler);
}

/// <summary>The in-process notifier: thread-safe; a failing subscriber does not stop the others.</summary>
public sealed class InProcessNetworkEvents : INetworkEvents
{
    private readonly Lock _gate = new();
    private ImmutableHandlers _handlers = new([]);

    public void Publish(PortStatusChanged change)
    {
        foreach (var handler in _handlers.Items)
        {
            try
            {
                handler(change);
            }
            catch (Exception)
            {
                // A subscriber's failure is its own; the others still hear of the change.
            }
        }
    }

    public IDisposable Subscribe(Action<PortStatusChanged> handler)
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

    private sealed record ImmutableHandlers(Action<PortStatusChanged>[] Items);

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
