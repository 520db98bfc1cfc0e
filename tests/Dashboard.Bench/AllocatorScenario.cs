using System.Diagnostics;
using Dashboard.Core;
using Dashboard.Core.Networking;
using Dashboard.Core.Persistence;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Dashboard.Bench;

/// <summary>
/// The segmentation allocator on a fresh SQLite file: start-up and allocate+release with the full
/// VXLAN range (vni_ranges = 1:16777215), and exhausting a 4094-ID VLAN range one create at a time.
/// </summary>
public static class AllocatorScenario
{
    public static async Task<IReadOnlyList<Figure>> RunAsync()
    {
        var figures = new List<Figure>();
        await using (var cold = await Core.CreateAsync(new() { ["Neutron:tenant_network_types"] = "vxlan", ["Neutron:vni_ranges"] = "1:100" }))
        {
            figures.Add(new("process cold start: EF Core model + JIT + first allocation (any range)", cold.StartupMs, "ms"));
        }
        await using (var small = await Core.CreateAsync(new() { ["Neutron:tenant_network_types"] = "vxlan", ["Neutron:vni_ranges"] = "1:100" }))
        {
            figures.Add(new("allocator: start-up, vni_ranges 1:100 (services + first allocation)", small.StartupMs, "ms", Max: 100));
        }
        await using (var vxlan = await Core.CreateAsync(new() { ["Neutron:tenant_network_types"] = "vxlan", ["Neutron:vni_ranges"] = "1:16777215" }))
        {
            figures.Add(new("allocator: start-up, vni_ranges 1:16777215 (services + first allocation)", vxlan.StartupMs, "ms", Max: 100));
            var networks = vxlan.Services.GetRequiredService<NetworkService>();
            for (var i = 0; i < 1000; i++)
            {
                await networks.CreateAsync(new NetworkSpec("bench", $"fill{i}"));
            }
            var samples = new List<double>();
            for (var i = 0; i < 300; i++)
            {
                var watch = Stopwatch.StartNew();
                var network = await networks.CreateAsync(new NetworkSpec("bench", "cycle"));
                await networks.DeleteAsync(network.Id);
                samples.Add(Figure.Ms(watch));
            }
            samples.Sort();
            figures.Add(new("allocator: allocate+release (network create+delete), 1,000 VNIs held, mean", samples.Average(), "ms"));
            figures.Add(new("allocator: allocate+release, p99", samples[(int)(samples.Count * 0.99)], "ms"));
            await using var db = vxlan.Services.GetRequiredService<IDbContextFactory<NetworkDbContext>>().CreateDbContext();
            figures.Add(new("allocator: rows stored for the full VXLAN range (1,000 held)", await db.SegmentAllocations.CountAsync(), "rows", Max: 1001));
        }

        await using (var vlan = await Core.CreateAsync(new() { ["Neutron:tenant_network_types"] = "vlan", ["Neutron:network_vlan_ranges"] = "physnet1:1:4094" }))
        {
            var networks = vlan.Services.GetRequiredService<NetworkService>();
            var watch = Stopwatch.StartNew();
            for (var i = 0; i < 4094; i++)
            {
                await networks.CreateAsync(new NetworkSpec("bench", $"v{i}"));
            }
            var exhaust = Figure.Ms(watch);
            figures.Add(new("allocator: exhaust 4,094 VLANs, one network create each", exhaust, "ms"));
            figures.Add(new("allocator: network creates/s while exhausting", 4094 / (exhaust / 1000), "/s"));
            watch.Restart();
            try
            {
                await networks.CreateAsync(new NetworkSpec("bench", "one-more"));
                throw new InvalidOperationException("the 4,095th VLAN network was created");
            }
            catch (Dashboard.Core.Errors.NoNetworkAvailableException)
            {
                figures.Add(new("allocator: NoNetworkAvailable (503) after exhaustion", Figure.Ms(watch), "ms"));
            }
        }
        return figures;
    }

    /// <summary>A migrated database and the core's services, as the app builds them.</summary>
    private sealed class Core(ServiceProvider services, string path, double startupMs) : IAsyncDisposable
    {
        public ServiceProvider Services => services;
        public double StartupMs => startupMs;

        public static async Task<Core> CreateAsync(Dictionary<string, string?> settings)
        {
            var path = Path.Combine(Path.GetTempPath(), $"dashboard-bench-{Guid.NewGuid():N}.db");
            settings["ConnectionStrings:Dashboard"] = $"Data Source={path}";
            settings["Quotas:quota_network"] = "-1";
            await using (var migrate = Build(settings))
            {
                await using var db = migrate.GetRequiredService<IDbContextFactory<NetworkDbContext>>().CreateDbContext();
                await db.Database.MigrateAsync();
            }
            var watch = Stopwatch.StartNew();
            var provider = Build(settings);
            var networks = provider.GetRequiredService<NetworkService>();
            var first = await networks.CreateAsync(new NetworkSpec("bench", "first"));
            var startup = Figure.Ms(watch);
            await networks.DeleteAsync(first.Id);
            return new Core(provider, path, startup);
        }

        private static ServiceProvider Build(Dictionary<string, string?> settings) =>
            new ServiceCollection().AddLogging()
                .AddNetworkCore(new ConfigurationBuilder().AddInMemoryCollection(settings).Build(), Path.GetTempPath())
                .BuildServiceProvider();

        public async ValueTask DisposeAsync()
        {
            await services.DisposeAsync();
            SqliteConnection.ClearAllPools();
            foreach (var file in new[] { path, path + "-wal", path + "-shm" })
            {
                File.Delete(file);
            }
        }
    }
}
