using System.Diagnostics;
using Dashboard.Core;
using Dashboard.Core.Hosts;
using Dashboard.Core.Networking;
using Dashboard.Core.Ovs;
using Dashboard.Core.Persistence;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Dashboard.Bench;

/// <summary>
/// Agent:Mode=ovs on this machine's userspace Open vSwitch (root and openvswitch-switch needed; the
/// scenario says so and measures nothing otherwise): 50 instances on compute1 realised (namespaces,
/// hybrid plug, flows, iptables) and ACTIVE from the agent's start, Open vSwitch start included; a
/// resync with nothing to change; and the first resync of a new agent on the switch an earlier one
/// left (as after the product was killed), with nothing to change either. Everything is removed after.
/// </summary>
public static class OvsScenario
{
    private const int Ports = 50;

    public static async Task<IReadOnlyList<Figure>> RunAsync()
    {
        if (!OvsDaemons.Installed || Environment.UserName != "root")
        {
            Console.WriteLine("ovs: skipped, needs root and Open vSwitch (openvswitch-switch)");
            return [];
        }
        var path = Path.Combine(Path.GetTempPath(), $"dashboard-bench-{Guid.NewGuid():N}.db");
        var run = Path.Combine("/tmp", $"bench-ovs-{Guid.NewGuid():N}"[..18]);
        var settings = new Dictionary<string, string?>
        {
            ["ConnectionStrings:Dashboard"] = $"Data Source={path}",
            ["Neutron:tenant_network_types"] = "vlan", ["Neutron:network_vlan_ranges"] = "physnet1:100:199",
            ["Quotas:quota_port"] = "-1", ["Demo:Seed"] = "false", ["Bootstrap:AdminPassword"] = "bench-admin",
            ["Agent:Mode"] = "ovs", ["Agent:OvsHost"] = "compute1", ["Agent:OvsRunDirectory"] = run, ["Agent:ResyncSeconds"] = "600",
        };
        var figures = new List<Figure>();
        await using var first = Build(settings);
        await first.GetRequiredService<DatabaseInitializer>().InitializeAsync();
        var nodes = first.GetRequiredService<ComputeNodeService>();
        await nodes.RegisterAsync("compute1", ["physnet1:br-eth1:eth1"], "192.168.56.11");
        await nodes.RegisterAsync("compute2", ["physnet1:br-eth1:eth1"], "192.168.56.12");
        var network = await first.GetRequiredService<NetworkService>().CreateAsync(new NetworkSpec("bench", "ovs-bench"));
        await first.GetRequiredService<SubnetService>().CreateAsync(new SubnetSpec(network.Id, "10.50.0.0/24"));
        var instances = first.GetRequiredService<InstanceService>();
        for (var i = 0; i < Ports; i++)
        {
            await instances.LaunchAsync(new InstanceSpec("bench", $"vm{i:D2}", [network.Id]) { HostName = "compute1" });
        }
        var ports = first.GetRequiredService<PortService>();

        var agent = first.GetRequiredService<OvsAgent>();
        var watch = Stopwatch.StartNew();
        await agent.StartAsync(default);
        while ((await ports.ListAsync(networkId: network.Id)).Any(p => p.Status != PortStatus.Active))
        {
            if (watch.Elapsed > TimeSpan.FromMinutes(3))
            {
                throw new TimeoutException($"{Ports} ports not ACTIVE 3 minutes after the OVS agent started");
            }
            await Task.Delay(50);
        }
        figures.Add(new($"ovs: {Ports} ports realised and ACTIVE after the agent starts (OVS start included)", watch.Elapsed.TotalSeconds, "s"));
        var noop = new List<double>();
        for (var i = 0; i < 5; i++)
        {
            var resync = Stopwatch.StartNew();
            await agent.ReconcileAsync();
            noop.Add(Figure.Ms(resync));
        }
        figures.Add(new($"ovs: resync with nothing to change, {Ports} ports, mean of 5", noop.Average(), "ms"));

        // As if the product was killed: the first agent goes without cleaning up; a new one finds its switch.
        agent.Dispose();
        await using var second = Build(settings);
        var restarted = second.GetRequiredService<OvsAgent>();
        await restarted.StartAsync(default);
        while (restarted.Reconciles == 0)
        {
            await Task.Delay(10);
        }
        figures.Add(new($"ovs: first resync of a restarted agent on the switch left running, {Ports} ports", restarted.LastReconcile.TotalMilliseconds, "ms"));
        await restarted.StopAsync(default); // removes everything, stops Open vSwitch
        SqliteConnection.ClearAllPools();
        foreach (var file in new[] { path, path + "-wal", path + "-shm" })
        {
            File.Delete(file);
        }
        Directory.Delete(run, recursive: true);
        return figures;
    }

    private static ServiceProvider Build(Dictionary<string, string?> settings) =>
        new ServiceCollection().AddLogging()
            .AddNetworkCore(new ConfigurationBuilder().AddInMemoryCollection(settings).Build(), Path.GetTempPath())
            .BuildServiceProvider();
}
