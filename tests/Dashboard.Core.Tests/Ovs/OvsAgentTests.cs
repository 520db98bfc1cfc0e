using Dashboard.Core.Agents;
using Dashboard.Core.Networking;
using Dashboard.Core.Ovs;
using Dashboard.Core.Tests.Support;

namespace Dashboard.Core.Tests.Ovs;

/// <summary>
/// Agent:Mode=ovs end to end in the core: the agent starts Open vSwitch itself, realises compute1's
/// instances, reports their ports ACTIVE from the real interfaces, and leaves nothing behind when it
/// stops. Needs root and Open vSwitch; skipped otherwise.
/// </summary>
[Collection(RealOvs.Collection)]
public sealed class OvsAgentTests
{
    [SkippableFact]
    public async Task The_agent_realises_the_hosts_instances_reports_them_active_and_cleans_up_on_stop()
    {
        Skip.IfNot(OvsDaemons.Installed && Environment.UserName == "root" && File.Exists("/usr/bin/ping"),
            "needs root, Open vSwitch (openvswitch-switch) and ping (iputils-ping)");
        var (run, cloud, vm1, vm2) = await TwoInstancesOnCompute1Async(resyncSeconds: 2);
        await using var _ = cloud;
        var agent = cloud.Get<OvsAgent>();

        var watch = System.Diagnostics.Stopwatch.StartNew();
        await agent.StartAsync(default);
        try
        {
            while ((await cloud.Ports.GetAsync(vm2.Id)).Status != PortStatus.Active || (await cloud.Ports.GetAsync(vm1.Id)).Status != PortStatus.Active)
            {
                Assert.True(watch.Elapsed < TimeSpan.FromSeconds(30), $"ports not ACTIVE after 30 s: {(await cloud.Ports.GetAsync(vm1.Id)).Status}, {(await cloud.Ports.GetAsync(vm2.Id)).Status}");
                await Task.Delay(100);
            }
            var ns1 = PortRealizer.NamespacePrefix + vm1.Id[..11];
            await OvsDaemons.RunAsync("ip", ["netns", "exec", ns1, "ping", "-c", "2", "-W", "1", "-q", vm2.FixedIps[0].IpAddress], default);

            // A change through the domain reaches the switch: admin-down parks the port on the dead VLAN.
            await cloud.Ports.UpdateAsync(vm2.Id, new PortChanges { AdminStateUp = false });
            var tag = "";
            for (var i = 0; i < 100 && tag != "4095"; i++)
            {
                await Task.Delay(100);
                tag = (await OvsDaemons.RunAsync("ovs-vsctl", [$"--db=unix:{Path.Combine(run, "db.sock")}", "get", "Port", "qvo" + vm2.Id[..11], "tag"], default)).Trim();
            }
            Assert.Equal("4095", tag);
        }
        finally
        {
            await agent.StopAsync(default);
        }
        Assert.DoesNotContain(PortRealizer.NamespacePrefix, await OvsDaemons.RunAsync("ip", ["netns", "list"], default));
        Assert.Empty(await FirewallRealizer.OwnChainsAsync());
        Assert.DoesNotContain(vm1.Id[..11], await OvsDaemons.RunAsync("ip", ["-o", "link"], default));
        Assert.False(File.Exists(Path.Combine(run, "db.sock")) && await SocketAnswersAsync(Path.Combine(run, "db.sock")), "the agent left Open vSwitch running that it had started");
        Directory.Delete(run, recursive: true);
    }

    [SkippableFact]
    public async Task A_new_agent_on_an_already_realised_host_resyncs_without_duplicating_anything()
    {
        Skip.IfNot(OvsDaemons.Installed && Environment.UserName == "root", "needs root and Open vSwitch (openvswitch-switch)");
        var run = Path.Combine("/tmp", $"ovs-{Guid.NewGuid():N}"[..12]);
        var settings = new Dictionary<string, string?>
        {
            ["Agent:Mode"] = "ovs", ["Agent:OvsHost"] = "compute1", ["Agent:OvsRunDirectory"] = run, ["Agent:ResyncSeconds"] = "60",
        };
        await using var cloud = await TestCloud.CreateAsync(settings);
        await cloud.RegisterHostsAsync();
        var (network, _) = await cloud.NetworkWithSubnetAsync();
        var vm1 = await cloud.LaunchAsync("VM01", "compute1", network.Id);
        await cloud.LaunchAsync("VM02", "compute1", network.Id);
        // What an earlier agent left running (as if it was killed): OVS up, the host realised.
        var daemons = await OvsDaemons.EnsureAsync(run);
        var agent = cloud.Get<OvsAgent>();
        try
        {
            var plane = await cloud.Get<Dashboard.Core.Dataplane.DataplaneService>().ForHostAsync("compute1");
            await using (var ovsdb = await OvsdbClient.ConnectAsync(daemons.Socket))
            {
                var subnet = (await cloud.Subnets.ListAsync(network.Id)).Single();
                var addresses = plane.Layout.Vifs.ToDictionary(v => v.PortId, v => PortRealizer.AddressOf(v.PortId, v.FixedIps[0], subnet.Prefix, subnet.GatewayIp));
                await new BridgeRealizer(ovsdb, daemons).ReconcileAsync(plane);
                await new PortRealizer(ovsdb, "compute1").ReconcileAsync(plane.Layout, addresses);
                await ovsdb.SyncVswitchdAsync();
                await new BridgeRealizer(ovsdb, daemons).ApplyFlowsAsync(plane);
                await new FirewallRealizer().ApplyAsync(plane);
            }
            var before = await StateAsync(run);

            var watch = System.Diagnostics.Stopwatch.StartNew();
            await agent.StartAsync(default);
            while (agent.Reconciles == 0)
            {
                Assert.True(watch.Elapsed < TimeSpan.FromSeconds(30), "the restarted agent never reconciled");
                await Task.Delay(50);
            }

            Assert.Equal(before, await StateAsync(run));
            Assert.Equal(PortStatus.Active, (await cloud.Ports.GetAsync(vm1.Id)).Status); // reported from the interfaces it found
        }
        finally
        {
            await agent.StopAsync(default); // removes what the host's agent made, and stops OVS: started in its run directory, so adopted
            await daemons.DisposeAsync(); // already stopped by the agent, which adopted what it found in its run directory
        }
        Assert.DoesNotContain(PortRealizer.NamespacePrefix, await OvsDaemons.RunAsync("ip", ["netns", "list"], default));
        Directory.Delete(run, recursive: true);
    }

    [SkippableFact]
    public async Task When_Open_vSwitch_is_killed_under_it_the_agent_starts_it_again_and_realises_the_host_anew()
    {
        Skip.IfNot(OvsDaemons.Installed && Environment.UserName == "root" && File.Exists("/usr/bin/ping"),
            "needs root, Open vSwitch (openvswitch-switch) and ping (iputils-ping)");
        var (run, cloud, vm1, vm2) = await TwoInstancesOnCompute1Async(resyncSeconds: 1);
        await using var _ = cloud;
        var agent = cloud.Get<OvsAgent>();
        var ns1 = PortRealizer.NamespacePrefix + vm1.Id[..11];
        await agent.StartAsync(default);
        try
        {
            var watch = System.Diagnostics.Stopwatch.StartNew();
            while (!await RealisedCloud.PingAsync(ns1, vm2.FixedIps[0].IpAddress))
            {
                Assert.True(watch.Elapsed < TimeSpan.FromSeconds(30), "VM01 never reached VM02");
            }

            // Both daemons die at once (SIGKILL): the switch, its bridges and flows are gone.
            foreach (var daemon in new[] { "ovs-vswitchd", "ovsdb-server" })
            {
                await OvsDaemons.RunAsync("kill", ["-9", File.ReadAllText(Path.Combine(run, $"{daemon}.pid")).Trim()], default);
            }
            watch.Restart();
            while (!await RealisedCloud.PingAsync(ns1, vm2.FixedIps[0].IpAddress))
            {
                Assert.True(watch.Elapsed < TimeSpan.FromSeconds(60), $"VM01 does not reach VM02 again after Open vSwitch was killed: {string.Join(" | ", cloud.Logs.Lines.Where(l => l.Contains("vSwitch", StringComparison.Ordinal) || l.Contains("ovs", StringComparison.OrdinalIgnoreCase)).TakeLast(6))}");
            }
            Assert.Contains(cloud.Logs.Lines, l => l.Contains("Lost the connection to ovsdb-server", StringComparison.Ordinal));
        }
        finally
        {
            await agent.StopAsync(default);
        }
        Assert.DoesNotContain(PortRealizer.NamespacePrefix, await OvsDaemons.RunAsync("ip", ["netns", "list"], default));
        Assert.DoesNotContain(vm1.Id[..11], await OvsDaemons.RunAsync("ip", ["-o", "link"], default));
        Assert.DoesNotContain("br-int", await OvsDaemons.RunAsync("ip", ["-o", "link"], default));
        Directory.Delete(run, recursive: true);
    }

    [SkippableFact]
    public async Task When_Open_vSwitch_cannot_be_started_the_agent_says_why_and_its_host_goes_dead_without_stopping_the_product()
    {
        Skip.IfNot(OvsDaemons.Installed && Environment.UserName == "root", "needs root and Open vSwitch (openvswitch-switch), to get as far as starting it");
        await using var cloud = await TestCloud.CreateAsync(new Dictionary<string, string?>
        {
            ["Agent:Mode"] = "ovs", ["Agent:OvsHost"] = "compute1", ["Agent:OvsRunDirectory"] = "/proc/dashboard-ovs-cannot-be-here",
        });
        await cloud.RegisterHostsAsync();
        var agent = cloud.Get<OvsAgent>();
        await agent.StartAsync(default);
        var watch = System.Diagnostics.Stopwatch.StartNew();
        while (!cloud.Logs.Lines.Any(l => l.Contains("could not be started or reached", StringComparison.Ordinal)))
        {
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(30), "the agent never said it could not start Open vSwitch");
            await Task.Delay(50);
        }
        Assert.False(cloud.Get<AgentStates>().IsRunning("compute1"));
        Assert.True(cloud.Get<AgentStates>().IsRunning("compute2"));
        Assert.True(agent.ExecuteTask!.IsCompletedSuccessfully); // ended, not faulted: a faulted hosted service would stop the host
        await agent.StopAsync(default);
    }

    [SkippableFact]
    public async Task An_agent_for_a_host_the_model_does_not_have_says_so_and_realises_nothing()
    {
        Skip.IfNot(OvsDaemons.Installed && Environment.UserName == "root", "needs root and Open vSwitch (openvswitch-switch)");
        var run = Path.Combine("/tmp", $"ovs-{Guid.NewGuid():N}"[..12]);
        await using var cloud = await TestCloud.CreateAsync(new Dictionary<string, string?>
        {
            ["Agent:Mode"] = "ovs", ["Agent:OvsHost"] = "no-such-host", ["Agent:OvsRunDirectory"] = run,
        });
        await cloud.RegisterHostsAsync();
        var agent = cloud.Get<OvsAgent>();
        await agent.StartAsync(default);
        try
        {
            var watch = System.Diagnostics.Stopwatch.StartNew();
            while (!cloud.Logs.Lines.Any(l => l.Contains("not a compute node of the model", StringComparison.Ordinal)))
            {
                Assert.True(watch.Elapsed < TimeSpan.FromSeconds(30), "the agent never said its host is unknown");
                await Task.Delay(50);
            }
            Assert.Contains("set Agent:OvsHost to one of: compute1, compute2", cloud.Logs.Lines.First(l => l.Contains("not a compute node of the model", StringComparison.Ordinal)));
            Assert.Equal(0, agent.Reconciles);
        }
        finally
        {
            await agent.StopAsync(default);
        }
        Directory.Delete(run, recursive: true);
    }

    /// <summary>A cloud whose compute1 the agent realises (in its own run directory), with VM01 and VM02 there on one network.</summary>
    private static async Task<(string Run, TestCloud Cloud, Dashboard.Core.Networking.Port Vm1, Dashboard.Core.Networking.Port Vm2)> TwoInstancesOnCompute1Async(int resyncSeconds)
    {
        var run = Path.Combine("/tmp", $"ovs-{Guid.NewGuid():N}"[..12]);
        var cloud = await TestCloud.CreateAsync(new Dictionary<string, string?>
        {
            ["Agent:Mode"] = "ovs", ["Agent:OvsHost"] = "compute1", ["Agent:OvsRunDirectory"] = run, ["Agent:ResyncSeconds"] = $"{resyncSeconds}",
        });
        await cloud.RegisterHostsAsync();
        var (network, _) = await cloud.NetworkWithSubnetAsync();
        return (run, cloud, await cloud.LaunchAsync("VM01", "compute1", network.Id), await cloud.LaunchAsync("VM02", "compute1", network.Id));
    }

    /// <summary>What is realised: qvo ports with tags, namespaces, our flows, our iptables lines.</summary>
    private static async Task<string> StateAsync(string run)
    {
        var ports = await OvsDaemons.RunAsync("ovs-vsctl", [$"--db=unix:{Path.Combine(run, "db.sock")}", "--format=csv", "--columns=name,tag", "list", "Port"], default);
        var namespaces = await OvsDaemons.RunAsync("ip", ["netns", "list"], default);
        var flows = await OvsDaemons.RunAsync("ovs-ofctl", ["--no-stats", "dump-flows", "br-int"], default, environment: new Dictionary<string, string> { ["OVS_RUNDIR"] = run });
        var iptables = await OvsDaemons.RunAsync("iptables", ["-S"], default);
        return string.Join("\n---\n",
            string.Join('\n', ports.Split('\n').Order()),
            string.Join('\n', namespaces.Split('\n').Where(l => l.StartsWith(PortRealizer.NamespacePrefix, StringComparison.Ordinal)).Select(l => l.Split(' ')[0]).Order()),
            string.Join('\n', flows.Split('\n').Order()),
            string.Join('\n', iptables.Split('\n').Where(l => l.Contains("neutron-openvswi", StringComparison.Ordinal))));
    }

    private static async Task<bool> SocketAnswersAsync(string socket)
    {
        try
        {
            await using var client = await OvsdbClient.ConnectAsync(socket);
            return true;
        }
        catch (System.Net.Sockets.SocketException)
        {
            return false;
        }
    }
}

/// <summary>
/// The tests that change the machine's real network state (OVS, namespaces, iptables) run one at a
/// time, and not while another test assembly changes it (<see cref="RealNetworkLock"/>).
/// </summary>
[CollectionDefinition(Collection)]
public sealed class RealOvs : ICollectionFixture<RealNetworkLock>
{
    public const string Collection = "real Open vSwitch";
}
