using Dashboard.Core.Events;
using Microsoft.Extensions.Logging;

namespace Dashboard.Web.Components.Shared;

/// <summary>
/// Re-reads a page when a relevant committed change is announced: pushed, not polled. A burst of
/// changes while a refresh is queued costs one refresh. Refreshes never overlap: a slow read that
/// started before a change cannot finish after (and overwrite) the read that follows it.
/// A refresh that fails is logged (the page keeps what it showed). Dispose it with the component.
/// </summary>
public sealed class LiveRefresh : IDisposable
{
    private readonly IDisposable _subscription;
    private readonly SemaphoreSlim _one = new(1, 1);
    private int _queued;

    /// <param name="invokeAsync">The component's <c>InvokeAsync</c>: the refresh runs on its renderer.</param>
    /// <param name="refresh">Re-reads the page's data and calls <c>StateHasChanged</c>.</param>
    /// <param name="logger">The component's logger: where a failed refresh is told.</param>
    public LiveRefresh(INetworkEvents events, Func<NetworkEvent, bool> relevant, Func<Func<Task>, Task> invokeAsync, Func<Task> refresh, ILogger logger)
    {
        _subscription = events.Subscribe(change =>
        {
            // After missed changes (another instance's, while the bus was away) every view re-reads.
            if (!(change is EventsMissed || relevant(change)) || Interlocked.Exchange(ref _queued, 1) == 1)
            {
                return;
            }
            _ = invokeAsync(async () =>
            {
                await _one.WaitAsync();
                try
                {
                    // Cleared only now: a change during this read queues the next one, which waits for this one.
                    Interlocked.Exchange(ref _queued, 0);
                    await refresh();
                }
                catch (ObjectDisposedException)
                {
                    // The page closed while the refresh was queued.
                }
                catch (Exception e)
                {
                    logger.LogError(e, "A live refresh after {Change} failed; the page shows what it read before", change.GetType().Name);
                }
                finally
                {
                    _one.Release();
                }
            });
        });
    }

    /// <summary>Port, network, subnet, router, instance or host changes: what the topologies show.</summary>
    public static bool AffectsTopology(NetworkEvent change) => change switch
    {
        ResourceChanged r => r.Resource is "network" or "subnet" or "port" or "router" or "instance" or "compute_node" or "floatingip",
        _ => change.ChangesModel,
    };

    public void Dispose() => _subscription.Dispose();
}
