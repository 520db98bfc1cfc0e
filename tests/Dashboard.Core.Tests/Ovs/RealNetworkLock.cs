namespace Dashboard.Core.Tests.Ovs;

/// <summary>
/// The machine's real network state (namespaces, iptables, Open vSwitch) is shared by the test
/// assemblies, which run in parallel: the tests that change it hold this lock (a file opened without
/// sharing, which .NET turns into an flock), the core's collection for all its tests, the web tests'
/// OVS drill for its whole run.
/// </summary>
public sealed class RealNetworkLock : IAsyncLifetime
{
    public const string Path = "/tmp/dashboard-tests-real-network.lock";
    private FileStream? _held;

    public async Task InitializeAsync()
    {
        var deadline = DateTime.UtcNow.AddMinutes(20);
        while (true)
        {
            try
            {
                _held = new FileStream(Path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
                return;
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(250);
            }
        }
    }

    public Task DisposeAsync()
    {
        _held?.Dispose();
        return Task.CompletedTask;
    }
}
