using Dashboard.Core;
using Dashboard.Core.Hosts;
using Dashboard.Core.Identity;
using Dashboard.Core.Networking;
using Dashboard.Core.Persistence;
using Dashboard.Core.Quotas;
using Dashboard.Core.Routers;
using Dashboard.Core.SecurityGroups;
using Dashboard.Core.Seeding;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Dashboard.Core.Tests.Support;

/// <summary>
/// The core as the app wires it, on its own database with the committed migrations applied: a SQLite file, or, when
/// the environment names a PostgreSQL server (<see cref="TestDatabase.PostgresVariable"/>, as <c>test.sh</c> does for its
/// second run of this suite), a database of its own on that server. <see cref="Reopen"/> gives a second, independent set
/// of services on the same database.
/// </summary>
public sealed class TestCloud : IAsyncDisposable
{
    public static readonly IReadOnlyDictionary<string, string?> DefaultSettings = new Dictionary<string, string?>
    {
        ["Neutron:tenant_network_types"] = "vlan",
        ["Neutron:network_vlan_ranges"] = "physnet1:100:109",
        ["Neutron:flat_networks"] = "physnet1",
        ["Neutron:tunnel_id_ranges"] = "1:100",
        ["Neutron:vni_ranges"] = "1:16777215",
        ["Bootstrap:AdminPassword"] = "secret-admin",
        ["Demo:Seed"] = "false",
    };

    private readonly ServiceProvider _services;
    private readonly bool _ownsFile;

    public string DatabasePath { get; }
    public IReadOnlyDictionary<string, string?> Settings { get; }

    private TestCloud(string databasePath, IReadOnlyDictionary<string, string?> settings, bool ownsFile)
    {
        DatabasePath = databasePath;
        Settings = settings;
        _ownsFile = ownsFile;
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(TestDatabase.Settings(databasePath))
            .AddInMemoryCollection(settings)
            .Build();
        var services = new ServiceCollection();
        services.AddLogging(b => b.AddProvider(Logs));
        services.AddNetworkCore(configuration, Path.GetDirectoryName(databasePath)!);
        _services = services.BuildServiceProvider();
    }

    public CapturingLoggerProvider Logs { get; } = new();

    public static async Task<TestCloud> CreateAsync(IReadOnlyDictionary<string, string?>? overrides = null, bool bootstrap = false)
    {
        var settings = DefaultSettings.ToDictionary();
        foreach (var (key, value) in overrides ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }
        var path = Path.Combine(Path.GetTempPath(), "dashboard-tests", $"{Guid.NewGuid():N}.db");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await TestDatabase.CreateAsync(path);
        var cloud = new TestCloud(path, settings, ownsFile: true);
        if (bootstrap)
        {
            await cloud.Get<DatabaseInitializer>().InitializeAsync();
        }
        else
        {
            await using var db = cloud.NewContext();
            await db.Database.MigrateAsync();
        }
        return cloud;
    }

    /// <summary>Independent services (another "process") over the same database file, optionally with other settings.</summary>
    public TestCloud Reopen(IReadOnlyDictionary<string, string?>? overrides = null)
    {
        var settings = Settings.ToDictionary();
        foreach (var (key, value) in overrides ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }
        return new TestCloud(DatabasePath, settings, ownsFile: false);
    }

    public T Get<T>() where T : notnull => _services.GetRequiredService<T>();

    public NetworkService Networks => Get<NetworkService>();
    public SubnetService Subnets => Get<SubnetService>();
    public PortService Ports => Get<PortService>();
    public RouterService Routers => Get<RouterService>();
    public SecurityGroupService SecurityGroups => Get<SecurityGroupService>();
    public QuotaService Quotas => Get<QuotaService>();
    public ComputeNodeService Nodes => Get<ComputeNodeService>();
    public InstanceService Instances => Get<InstanceService>();
    public IdentityService Identity => Get<IdentityService>();

    public NetworkDbContext NewContext() => Get<IDbContextFactory<NetworkDbContext>>().CreateDbContext();

    public async Task<T> QueryAsync<T>(Func<NetworkDbContext, Task<T>> query)
    {
        await using var db = NewContext();
        return await query(db);
    }

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        if (_ownsFile)
        {
            await TestDatabase.DropAsync(DatabasePath);
        }
    }
}
