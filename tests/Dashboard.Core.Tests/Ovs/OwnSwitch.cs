using Dashboard.Core.Ovs;

namespace Dashboard.Core.Tests.Ovs;

/// <summary>
/// A userspace Open vSwitch of the test class's own, in a fresh run directory, stopped and removed
/// after the class. Null <see cref="Daemons"/> when this machine cannot run one (not root, not installed).
/// </summary>
public sealed class OwnSwitch : IAsyncLifetime
{
    private readonly string _run = Path.Combine("/tmp", $"ovs-{Guid.NewGuid():N}"[..12]);

    public OvsDaemons? Daemons { get; private set; }

    public async Task InitializeAsync()
    {
        if (OvsDaemons.Installed && Environment.UserName == "root")
        {
            Daemons = await OvsDaemons.EnsureAsync(_run);
        }
    }

    public async Task DisposeAsync()
    {
        if (Daemons is not null)
        {
            await Daemons.DisposeAsync();
        }
        if (Directory.Exists(_run))
        {
            Directory.Delete(_run, recursive: true);
        }
    }
}
