using System.Diagnostics;
using System.Net;
using Dashboard.Web.Tests.Api;
using Dashboard.Web.Tests.Cli;

namespace Dashboard.Web.Tests.Drills;

/// <summary>
/// The product run as an operator runs it with <c>Agent:Mode=ovs</c>: it realises the demo cloud's
/// compute1 (VM01 and VM02 of the demo project) on this machine's Open vSwitch; it is killed with
/// SIGKILL (Open vSwitch and the VMs' namespaces live on, and so does their traffic), restarted, and
/// resyncs with nothing duplicated; stopped with SIGTERM, it leaves nothing of its own. Needs root and
/// Open vSwitch; skipped, saying why, otherwise.
/// </summary>
public class OvsDrillTests
{
    [SkippableFact]
    public async Task Killed_and_restarted_it_resyncs_without_duplicates_and_stopped_it_leaves_nothing()
    {
        Skip.IfNot(Environment.UserName == "root" && File.Exists("/usr/sbin/ovs-vswitchd") && File.Exists("/usr/bin/ping"),
            "needs root, Open vSwitch (openvswitch-switch) and ping (iputils-ping) to realise compute1");
        await using var machine = await MachineLock.AcquireAsync();
        var run = Path.Combine("/tmp", $"dash-ovs-{Guid.NewGuid():N}"[..17]);
        var app = new RunningApp(Path.Combine(Path.GetTempPath(), "dashboard-cli-tests", $"{Guid.NewGuid():N}.db"), new Dictionary<string, string>
        {
            ["Agent__Mode"] = "ovs", ["Agent__OvsHost"] = "compute1", ["Agent__OvsRunDirectory"] = run, ["Agent__ResyncSeconds"] = "30",
        });
        var watch = Stopwatch.StartNew();
        List<RealisedPort> ports = [];
        await app.InitializeAsync();
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri(app.BaseUrl), Timeout = TimeSpan.FromSeconds(20) };
            var admin = await ApiSession.LoginAsync(http, "admin", RunningApp.AdminPassword, "admin");
            ports = await ComputePortsAsync(admin);
            Assert.Equal(2, ports.Count); // the demo seed's VM01 and VM02
            while (ports.Any(p => p.Status != "ACTIVE"))
            {
                Assert.True(watch.Elapsed < TimeSpan.FromMinutes(2), $"compute1's ports not ACTIVE: {string.Join(", ", ports.Select(p => p.Status))}\n{Tail(app)}");
                await Task.Delay(200);
                ports = await ComputePortsAsync(admin);
            }
            var realised = watch.Elapsed;
            // The agents as the API (and `openstack network agent show`) report them: compute1's datapath is the userspace one.
            var (_, agents) = await admin.GetAsync("/networking/v2.0/agents?agent_type=Open%20vSwitch%20agent");
            Assert.Equal([("compute1", "netdev"), ("compute2", "system"), ("network1", "system")], agents!["agents"]!.AsArray()
                .Select(a => (a!["host"]!.GetValue<string>(), a["configurations"]!["datapath_type"]!.GetValue<string>())).OrderBy(a => a.Item1));
            var (vm1, vm2) = (ports[0], ports[1]);
            Assert.True(await PingAsync(vm1, vm2.Ip), $"VM01 cannot ping VM02 on the realised compute1\n{Tail(app)}");
            var before = await StateAsync(run, ports);
            // Admin > Compute Nodes > compute1 shows the real switch beside the model: they match.
            var page = await app.AdminPageAsync("/admin/compute-nodes/compute1");
            Assert.Contains("Realised on this machine", page);
            Assert.Contains("The switch matches the model", page);

            // SIGKILL: no shutdown. What the product started (OVS) and made (namespaces, chains) stays, and works.
            app.KillHard(entireProcessTree: false);
            Assert.True(await PingAsync(vm1, vm2.Ip), "the data plane stopped with the control plane");
            Assert.Equal(before, await StateAsync(run, ports));

            watch.Restart();
            await app.RestartAsync();
            string? resync = null;
            while ((resync = app.Output.FirstOrDefault(l => l.Contains("first reconcile", StringComparison.Ordinal))) is null)
            {
                Assert.True(watch.Elapsed < TimeSpan.FromMinutes(1), $"the restarted agent never reconciled\n{Tail(app)}");
                await Task.Delay(100);
            }
            Assert.Contains("resynced with the Open vSwitch an earlier run left", resync);
            Assert.Equal(before, await StateAsync(run, ports)); // nothing added, duplicated or removed
            Assert.True(await PingAsync(vm1, vm2.Ip), "VM01 cannot ping VM02 after the restart");
            Console.WriteLine($"OVS drill: 2 ports realised and ACTIVE {realised.TotalSeconds:F1} s after start; after SIGKILL and restart: {resync.Trim()}");

            Assert.Equal(0, await app.StopAsync(TimeSpan.FromSeconds(60)));
            var namespaces = await Host("ip", "netns", "list");
            var links = await Host("ip", "-o", "link");
            var iptables = await Host("iptables-save", "-t", "filter");
            foreach (var port in ports)
            {
                var suffix = port.Id[..11];
                Assert.DoesNotContain("dash-vm-" + suffix, namespaces);
                Assert.DoesNotContain(suffix, links); // tap, qbr, qvb, qvo
                Assert.DoesNotContain(port.Id[..10], iptables); // its neutron-openvswi-i/o/s chains
            }
            Assert.DoesNotContain("br-int", links); // the bridges went with the switch's datapath
            Assert.False(File.Exists(Path.Combine(run, "ovs-vswitchd.pid")) && ProcessAlive(Path.Combine(run, "ovs-vswitchd.pid")), "ovs-vswitchd still runs");
            Assert.False(File.Exists(Path.Combine(run, "ovsdb-server.pid")) && ProcessAlive(Path.Combine(run, "ovsdb-server.pid")), "ovsdb-server still runs");
        }
        finally
        {
            await LeaveTheMachineCleanAsync(app, run, ports);
        }
    }

    [SkippableFact]
    public async Task Every_host_realised_VM01_reaches_VM05_over_the_wire_and_neither_SIGKILL_and_restart_nor_Ctrl_C_to_the_process_group_leaves_anything_behind()
    {
        Skip.IfNot(Environment.UserName == "root" && File.Exists("/usr/sbin/ovs-vswitchd") && File.Exists("/usr/bin/ping"),
            "needs root, Open vSwitch (openvswitch-switch) and ping (iputils-ping) to realise the demo cloud");
        await using var machine = await MachineLock.AcquireAsync();
        var run = Path.Combine("/tmp", $"dash-ovs-{Guid.NewGuid():N}"[..17]);
        var app = new RunningApp(Path.Combine(Path.GetTempPath(), "dashboard-cli-tests", $"{Guid.NewGuid():N}.db"), new Dictionary<string, string>
        {
            ["Agent__Mode"] = "ovs", ["Agent__OvsHosts"] = "*", ["Agent__OvsRunDirectory"] = run, ["Agent__ResyncSeconds"] = "30",
        }) { OwnProcessGroup = true };
        var watch = Stopwatch.StartNew();
        await app.InitializeAsync();
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri(app.BaseUrl), Timeout = TimeSpan.FromSeconds(20) };
            var admin = await ApiSession.LoginAsync(http, "admin", RunningApp.AdminPassword, "admin");
            List<RealisedPort> ports;
            while ((ports = [.. await ComputePortsAsync(admin, "compute1"), .. await ComputePortsAsync(admin, "compute2")]).Any(p => p.Status != "ACTIVE"))
            {
                Assert.True(watch.Elapsed < TimeSpan.FromMinutes(2), $"the demo's VM ports not ACTIVE: {string.Join(", ", ports.Select(p => p.Status))}\n{Tail(app)}");
                await Task.Delay(200);
            }
            Assert.Equal(4, ports.Count); // VM01, VM02 on compute1; VM05, VM03 on compute2
            var realised = watch.Elapsed;
            var (_, agents) = await admin.GetAsync("/networking/v2.0/agents?agent_type=Open%20vSwitch%20agent");
            Assert.All(agents!["agents"]!.AsArray(), a => Assert.Equal("netdev", a!["configurations"]!["datapath_type"]!.GetValue<string>()));
            var vm01 = (await ComputePortsAsync(admin, "compute1"))[0]; // VM01 or VM02: a VM of compute1 on private
            var vm05 = (await ComputePortsAsync(admin, "compute2")).Single(p => p.Ip.StartsWith("10.0.0.", StringComparison.Ordinal));
            while (!await PingAsync(vm01, vm05.Ip)) // once both have their addresses from network1's dnsmasq
            {
                Assert.True(watch.Elapsed < TimeSpan.FromMinutes(2), $"VM01 (compute1) cannot reach VM05 (compute2) over physnet1\n{Tail(app)}");
            }
            Console.WriteLine($"OVS drill, every host: 4 VM ports ACTIVE {realised.TotalSeconds:F1} s after start, VM01 reaches VM05 {watch.Elapsed.TotalSeconds:F1} s after start");
            // The traces API puts the packet through the real switches too, host by host: the same path as the model's.
            var (traced, trace) = await admin.PostAsync("/networking/v2.0/traces", new System.Text.Json.Nodes.JsonObject
            {
                ["trace"] = new System.Text.Json.Nodes.JsonObject { ["source_port_id"] = vm01.Id, ["destination_port_id"] = vm05.Id, ["realised"] = true },
            });
            Assert.True(traced == System.Net.HttpStatusCode.Created, $"{traced} {trace}");
            var real = trace!["trace"]!["realised_trace"]!;
            Assert.True(real["same"]!.GetValue<bool>(), $"the real switches differ from the model: {real}");
            Assert.Equal(["compute1", "compute2"], real["stretches"]!.AsArray().Select(s => s!["host"]!.GetValue<string>()));
            Assert.Equal("delivered", trace["trace"]!["verdict"]!.GetValue<string>());
            // Admin > Compute Nodes shows every host's real switch beside the model, each in its namespace, and they match.
            foreach (var host in new[] { "network1", "compute1", "compute2" })
            {
                var page = await app.AdminPageAsync($"/admin/compute-nodes/{host}");
                Assert.Contains($"in namespace dash-host-{host}", page);
                Assert.Contains("The switch matches the model", page);
            }

            // Ctrl+C: SIGINT reaches the product and the switches it started, its process group, at once; they must outlive its clean-up.
            Assert.Equal(0, await InterruptAsync(app));
            await AssertNothingLeftAsync(run);

            await app.RestartAsync();
            watch.Restart();
            while (!await PingAsync(vm01, vm05.Ip))
            {
                Assert.True(watch.Elapsed < TimeSpan.FromMinutes(1), $"VM01 cannot reach VM05 once started again\n{Tail(app)}");
            }
            var before = await MachineStateAsync(run);
            app.KillHard(entireProcessTree: false);
            Assert.True(await PingAsync(vm01, vm05.Ip), "the data plane stopped with the control plane");
            watch.Restart();
            await app.RestartAsync();
            string? resync;
            while ((resync = app.Output.FirstOrDefault(l => l.Contains("first reconcile", StringComparison.Ordinal))) is null)
            {
                Assert.True(watch.Elapsed < TimeSpan.FromMinutes(1), $"the restarted agent never reconciled\n{Tail(app)}");
                await Task.Delay(100);
            }
            Assert.Contains("resynced with the Open vSwitch an earlier run left", resync);
            var after = await MachineStateAsync(run);
            Assert.True(before == after, $"the restart changed what is realised (nothing may be added, duplicated or removed):\n{Difference(before, after)}\nthe product said:\n{Tail(app)}");
            Assert.True(await PingAsync(vm01, vm05.Ip), "VM01 cannot reach VM05 after the restart");
            Console.WriteLine($"OVS drill, every host: after SIGKILL and restart: {resync.Trim()}");
            Assert.Equal(0, await InterruptAsync(app));
            await AssertNothingLeftAsync(run);
        }
        finally
        {
            await LeaveTheMachineCleanAsync(app, run, []);
            foreach (var ns in await ProductNamespacesAsync())
            {
                await TryAsync("ip", "netns", "del", ns);
            }
        }
    }

    /// <summary>Ctrl+C, and the product's last words if it does not exit within two minutes.</summary>
    private static async Task<int> InterruptAsync(RunningApp app)
    {
        try
        {
            return await app.InterruptGroupAsync(TimeSpan.FromMinutes(2));
        }
        catch (OperationCanceledException)
        {
            Assert.Fail($"the product did not exit within two minutes of Ctrl+C; it said:\n{string.Join('\n', app.Output.TakeLast(40))}");
            throw;
        }
    }

    private static async Task AssertNothingLeftAsync(string run)
    {
        Assert.Empty(await ProductNamespacesAsync());
        Assert.Empty(Directory.Exists("/etc/netns") ? Directory.GetDirectories("/etc/netns", "dash-vm-*") : []);
        // No DHCP server or client of ours still runs (they detach themselves, so only their command lines say whose they are).
        var ours = Directory.GetDirectories("/proc").Select(d => Path.Combine(d, "cmdline")).Where(File.Exists)
            .Select(f => { try { return File.ReadAllText(f).Replace('\0', ' '); } catch (IOException) { return ""; } })
            .Where(c => c.Contains(run, StringComparison.Ordinal) && (c.StartsWith("dnsmasq", StringComparison.Ordinal) || c.StartsWith("dhclient", StringComparison.Ordinal)))
            .ToList();
        Assert.Empty(ours);
        foreach (var host in new[] { "network1", "compute1", "compute2" })
        {
            foreach (var daemon in new[] { "ovs-vswitchd", "ovsdb-server" })
            {
                var pid = Path.Combine(run, host, $"{daemon}.pid");
                Assert.False(File.Exists(pid) && ProcessAlive(pid), $"{host}'s {daemon} still runs");
            }
        }
    }

    /// <summary>
    /// The network namespaces of this machine that the product makes (dash-host-*, dash-vm-*, dash-fabric,
    /// dash-outside, qrouter-*, qdhcp-*), by the product's own names for them: not the core tests' wire hosts
    /// (dash-test-*), which a core test run killed before its clean-up may have left behind.
    /// </summary>
    private static async Task<List<string>> ProductNamespacesAsync() =>
        [.. (await Host("ip", "netns", "list")).Split('\n').Select(l => l.Split(' ')[0]).Where(n =>
            n.StartsWith(Dashboard.Core.Ovs.HostShell.HostNamespacePrefix, StringComparison.Ordinal)
            || n.StartsWith(Dashboard.Core.Ovs.PortRealizer.NamespacePrefix, StringComparison.Ordinal)
            || n is Dashboard.Core.Ovs.WireFabric.Namespace or Dashboard.Core.Ovs.WireFabric.Outside
            || Dashboard.Core.Ovs.NamespaceRealizer.IsOurs(n))];

    private static string Difference(string before, string after)
    {
        var (was, now) = (before.Split('\n'), after.Split('\n'));
        return string.Join('\n', was.Except(now).Select(l => $"- {l}").Concat(now.Except(was).Select(l => $"+ {l}")));
    }

    /// <summary>What the product realised on this machine: its namespaces, and each host's switch ports with their tags.</summary>
    private static async Task<string> MachineStateAsync(string run)
    {
        var state = new List<string>((await ProductNamespacesAsync()).Order());
        foreach (var host in Directory.GetDirectories(run).Order())
        {
            state.AddRange((await Host("ovs-vsctl", $"--db=unix:{Path.Combine(host, "db.sock")}", "--format=csv", "--columns=name,tag", "list", "Port")).Split('\n').Order().Select(l => $"{Path.GetFileName(host)}:{l}"));
        }
        state.AddRange((await Host("ip", "-n", "dash-fabric", "-o", "link")).Split('\n').Select(l => l.Split('<')[0]).Order());
        return string.Join('\n', state);
    }

    /// <summary>
    /// Whatever failed, the machine is left clean for the tests after this one: the product stopped in
    /// order if it still runs (it removes its own), and after a failed restart the switch it left is stopped
    /// and the VMs' namespaces removed.
    /// </summary>
    private static async Task LeaveTheMachineCleanAsync(RunningApp app, string run, List<RealisedPort> ports)
    {
        if (app.IsRunning)
        {
            try
            {
                await app.StopAsync(TimeSpan.FromSeconds(60));
            }
            catch (OperationCanceledException)
            {
            }
        }
        await app.DisposeAsync();
        foreach (var directory in Directory.Exists(run) ? [run, .. Directory.GetDirectories(run)] : new[] { run })
        {
            foreach (var daemon in new[] { "ovs-vswitchd", "ovsdb-server" })
            {
                if (File.Exists(Path.Combine(directory, $"{daemon}.pid")) && ProcessAlive(Path.Combine(directory, $"{daemon}.pid")))
                {
                    await TryAsync("ovs-appctl", "-t", Path.Combine(directory, $"{daemon}.ctl"), "exit", "--cleanup");
                }
            }
        }
        await TryAsync("pkill", "-f", run); // a dnsmasq or dhclient of this run the product did not stop (their command lines name the run directory)
        foreach (var port in ports)
        {
            await TryAsync("ip", "netns", "del", "dash-vm-" + port.Id[..11]);
            foreach (var device in new[] { "qvb", "tap", "qbr" })
            {
                await TryAsync("ip", "link", "del", device + port.Id[..11]);
            }
        }
        if (Directory.Exists(run))
        {
            Directory.Delete(run, recursive: true);
        }
    }

    private static async Task TryAsync(string file, params string[] args)
    {
        try
        {
            await Host(file, args);
        }
        catch (InvalidOperationException)
        {
            // already gone
        }
    }

    private sealed record RealisedPort(string Id, string Status, string Ip);

    private static async Task<List<RealisedPort>> ComputePortsAsync(ApiSession admin, string host = "compute1")
    {
        var (status, body) = await admin.GetAsync($"/networking/v2.0/ports?binding:host_id={host}&device_owner=compute:nova&sort_key=name");
        Assert.Equal(HttpStatusCode.OK, status);
        return body!["ports"]!.AsArray().Select(p => new RealisedPort(p!["id"]!.GetValue<string>(), p["status"]!.GetValue<string>(),
            p["fixed_ips"]![0]!["ip_address"]!.GetValue<string>())).OrderBy(p => p.Ip, StringComparer.Ordinal).ToList();
    }

    /// <summary>The realised state of these ports: qvo ports and tags, namespaces, flows, iptables lines and ipsets.</summary>
    private static async Task<string> StateAsync(string run, IEnumerable<RealisedPort> ports)
    {
        var suffixes = ports.Select(p => p.Id[..11]).ToList();
        var environment = new Dictionary<string, string> { ["OVS_RUNDIR"] = run };
        var vsctl = await Host("ovs-vsctl", $"--db=unix:{Path.Combine(run, "db.sock")}", "--format=csv", "--columns=name,tag,external_ids", "list", "Port");
        var flows = new List<string>();
        foreach (var bridge in new[] { "br-int", "br-eth1" })
        {
            flows.AddRange((await Host(environment, "ovs-ofctl", "--no-stats", "dump-flows", bridge)).Split('\n').Select(l => $"{bridge}:{l.Trim()}"));
        }
        var namespaces = (await Host("ip", "netns", "list")).Split('\n').Where(l => suffixes.Any(s => l.Contains(s, StringComparison.Ordinal))).Select(l => l.Split(' ')[0]);
        var iptables = (await Host("iptables-save", "-t", "filter")).Split('\n').Where(l => l.Contains("neutron-openvswi", StringComparison.Ordinal) && !l.StartsWith('#'));
        var ipsets = (await Host("ipset", "list", "-n")).Split('\n').Where(l => l.StartsWith("NIPv4", StringComparison.Ordinal));
        return string.Join("\n---\n", string.Join('\n', vsctl.Split('\n').Order()), string.Join('\n', flows.Order()),
            string.Join('\n', namespaces.Order()), string.Join('\n', iptables.Where(l => !l.StartsWith(':')).Order()), string.Join('\n', ipsets.Order()));
    }

    private static async Task<bool> PingAsync(RealisedPort from, string ip)
    {
        try
        {
            await Host("ip", "netns", "exec", "dash-vm-" + from.Id[..11], "ping", "-c", "2", "-W", "1", "-q", ip);
            return true;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    private static bool ProcessAlive(string pidFile) =>
        int.TryParse(File.ReadAllText(pidFile).Trim(), out var pid) && Directory.Exists($"/proc/{pid}");

    private static string Tail(RunningApp app) => string.Join('\n', app.Output.TakeLast(15));

    private static Task<string> Host(string file, params string[] args) => Host(new Dictionary<string, string>(), file, args);

    private static async Task<string> Host(IReadOnlyDictionary<string, string> environment, string file, params string[] args)
    {
        var info = new ProcessStartInfo(file, args) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var (key, value) in environment)
        {
            info.Environment[key] = value;
        }
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return process.ExitCode == 0 ? await output : throw new InvalidOperationException($"{file} {string.Join(' ', args)}: {await error}");
    }

    /// <summary>The machine's real network state is shared with the core tests' OVS collection: one at a time (the same lock file).</summary>
    private sealed class MachineLock(FileStream held) : IAsyncDisposable
    {
        public static async Task<MachineLock> AcquireAsync()
        {
            var deadline = DateTime.UtcNow.AddMinutes(20);
            while (true)
            {
                try
                {
                    return new MachineLock(new FileStream("/tmp/dashboard-tests-real-network.lock", FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
                }
                catch (IOException) when (DateTime.UtcNow < deadline)
                {
                    await Task.Delay(250);
                }
            }
        }

        public ValueTask DisposeAsync() => held.DisposeAsync();
    }
}
