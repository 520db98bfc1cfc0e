namespace Dashboard.Core.Ovs;

/// <summary>
/// Reads of a host's real state that a pass needs whatever it finds (each bridge's flows, iptables-save,
/// ipset save, a sysctl): started for every host at once before the pass, so that the hosts' processes
/// and switches answer side by side instead of one host after the other, and each taken once by the
/// realiser that needs it. A read not started (or forgotten, because the pass changed what it reads)
/// is run when it is taken.
/// </summary>
public sealed class HostReads : IDisposable
{
    private readonly Dictionary<string, Task<string>> _reads = new(StringComparer.Ordinal);

    public void Start(string key, Func<Task<string>> read) => _reads[key] = read();

    /// <summary>The read started for <paramref name="key"/>, or <paramref name="read"/> run now.</summary>
    public Task<string> TakeAsync(string key, Func<Task<string>> read) => _reads.Remove(key, out var started) ? started : read();

    /// <summary>Drops the reads <paramref name="which"/> picks: what they read may have changed since they started.</summary>
    public void Forget(Func<string, bool> which)
    {
        foreach (var key in _reads.Keys.Where(which).ToList())
        {
            Observe(_reads[key]);
            _reads.Remove(key);
        }
    }

    /// <summary>Reads never taken are let go (a failure of one is not an unobserved exception).</summary>
    public void Dispose() => Forget(_ => true);

    private static void Observe(Task<string> read) => read.ContinueWith(t => t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);

    /// <summary>Takes a read from <paramref name="reads"/> when there are any, else runs it.</summary>
    public static Task<string> TakeAsync(HostReads? reads, string key, Func<Task<string>> read) => reads is null ? read() : reads.TakeAsync(key, read);
}
