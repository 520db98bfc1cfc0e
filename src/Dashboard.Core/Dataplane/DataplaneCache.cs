using System.Collections.Concurrent;
using Dashboard.Core.Events;
using Dashboard.Core.Hosts;
using Dashboard.Core.Persistence;

namespace Dashboard.Core.Dataplane;

/// <summary>
/// Hosts' derived bridges and flows, kept between traces until the next committed change is
/// announced (any change clears it: flows depend on ports, networks, hosts and their bindings).
/// A read that a change overtakes is used once but not kept. Changes committed by other instances sharing a
/// PostgreSQL store clear it too: they are announced here as this instance's are.
/// </summary>
public sealed class DataplaneCache : IDisposable
{
    private readonly ConcurrentDictionary<string, HostDataplane> _planes = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private readonly IDisposable _subscription;
    private long _generation;

    public DataplaneCache(INetworkEvents events) =>
        _subscription = events.Subscribe(change =>
        {
            if (!change.ChangesModel)
            {
                return;
            }
            lock (_gate)
            {
                _generation++;
                _planes.Clear();
            }
        });

    internal async Task<HostDataplane> GetAsync(NetworkDbContext db, string host, CancellationToken ct)
    {
        var key = host;
        if (_planes.TryGetValue(key, out var cached))
        {
            return cached;
        }
        long generation;
        lock (_gate)
        {
            generation = _generation;
        }
        var plane = await DataplaneService.LoadAsync(db, host, ct, withFirewall: false);
        lock (_gate)
        {
            if (generation == _generation)
            {
                _planes[key] = plane;
            }
        }
        return plane;
    }

    public void Dispose() => _subscription.Dispose();
}
