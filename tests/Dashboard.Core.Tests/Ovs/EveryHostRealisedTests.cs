using System.Diagnostics;
using Dashboard.Core.Networking;
using Dashboard.Core.Ovs;
using Dashboard.Core.SecurityGroups;
using Dashboard.Core.Segmentation;
using Dashboard.Core.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace Dashboard.Core.Tests.Ovs;

/// <summary>
/// Agent:OvsHosts=*: every host of the model on an Open vSwitch of its own, in a namespace of its own,
/// their NICs joined by the physnet's wire. Real packets cross from compute1 to compute2. Needs root,
/// Open vSwitch, ping and tcpdump; skipped otherwise.
/// </summary>
[Collection(RealOvs.Collection)]
public sealed class EveryHostRealisedTests
{
    private static readonly string? Why = OvsDaemons.Installed && Environment.UserName == "root" && File.Exists("/usr/bin/ping") && File.Exists("/usr/bin/tcpdump")
        ? null
        : "needs root, Open vSwitch (openvswitch-switch), ping (iputils-ping) and tcpdump";

    [SkippableFact]
    public async Task VM01_on_compute1_reaches_VM05_on_compute2_over_the_wire_tagged_with_the_segmentation_id_and_over_VXLAN_with_the_VNI_and_a_stop_leaves_nothing()
    {
        Skip.If(Why is not null, Why);
        var run = Path.Combine("/tmp", $"ovs-{Guid.NewGuid():N}"[..12]);
        await using var cloud = await TestCloud.CreateAsync(EveryHost(run));
        await cloud.RegisterHostsAsync();
        var (network, _) = await cloud.NetworkWithSubnetAsync();
        var vm01 = await cloud.LaunchAsync("VM01", "compute1", network.Id);
        var vm05 = await cloud.LaunchAsync("VM05", "compute2", network.Id);
        var alt = await cloud.Networks.CreateAsync(new NetworkSpec(Scenario.Alt, "alt-net"));
        await cloud.Subnets.CreateAsync(new SubnetSpec(alt.Id, "10.0.0.0/24") { AllocationPools = [new("10.0.0.200", "10.0.0.250")] });
        var altVm = await cloud.LaunchAsync("VM03", "compute2", alt.Id, Scenario.Alt);
        var (vxlan, _) = await cloud.NetworkWithSubnetAsync("172.16.0.0/24", provider: new Segment("vxlan", null, 5001));
        var vxlan1 = await cloud.LaunchAsync("VM20", "compute1", vxlan.Id);
        var vxlan2 = await cloud.LaunchAsync("VM21", "compute2", vxlan.Id);
        var agent = cloud.Get<OvsAgent>();

        await agent.StartAsync(default);
        try
        {
            var watch = Stopwatch.StartNew();
            foreach (var port in new[] { vm01, vm05, altVm, vxlan1, vxlan2 })
            {
                while ((await cloud.Ports.GetAsync(port.Id)).Status != PortStatus.Active)
                {
                    Assert.True(watch.Elapsed < TimeSpan.FromSeconds(60), $"{port.Name} not ACTIVE 60 s after the agent started: {Said(cloud)}");
                    await Task.Delay(100);
                }
            }
            Assert.Equal(["compute1", "compute2"], agent.RealisedHosts.Order());
            var localVlans = await cloud.QueryAsync(db => db.LocalVlans.Where(v => v.NetworkId == network.Id).Select(v => v.Vlan).ToListAsync());
            Assert.DoesNotContain((int)network.SegmentationId!.Value, localVlans); // else the capture below could not tell them apart

            var ns01 = RealisedCloud.NamespaceOf(vm01);
            using (var capture = await CaptureAsync(WireFabric.Namespace, WireFabric.Segment("physnet1"), "vlan and icmp"))
            {
                Assert.True(await RealisedCloud.PingBecomesAsync(ns01, vm05.FixedIps[0].IpAddress, true), $"VM01 (compute1) does not reach VM05 (compute2): {Said(cloud)}");
                var frames = await capture.LinesAsync(4);
                Assert.NotEmpty(frames);
                Assert.All(frames, f => Assert.Contains($"vlan {network.SegmentationId}", f, StringComparison.Ordinal));
                Assert.DoesNotContain(frames, f => localVlans.Any(v => f.Contains($"vlan {v},", StringComparison.Ordinal)));
            }
            // On the VXLAN network the hosts' br-tun talk over the tunnel segment: UDP 4789 with the network's VNI.
            using (var capture = await CaptureAsync(WireFabric.Namespace, WireFabric.TunnelSegment, "udp port 4789"))
            {
                Assert.True(await RealisedCloud.PingBecomesAsync(RealisedCloud.NamespaceOf(vxlan1), vxlan2.FixedIps[0].IpAddress, true), $"VM20 (compute1) does not reach VM21 (compute2) over VXLAN: {Said(cloud)}");
                var frames = (await capture.LinesAsync(8)).Where(f => f.Contains("VXLAN", StringComparison.Ordinal)).ToList(); // each outer line is followed by its inner frame's
                Assert.NotEmpty(frames);
                Assert.All(frames, f => Assert.Contains("vni 5001", f, StringComparison.Ordinal));
            }

            // A resync with nothing changed rewrites nothing, but what someone changed under it is put back.
            var compute2 = HostShell.Of("compute2");
            var chain = $"neutron-openvswi-i{vm05.Id[..10]}";
            var rules = await compute2.RunAsync("iptables", ["-S", chain], default);
            await compute2.RunAsync("iptables", ["-F", chain], default);
            await agent.ReconcileAsync();
            Assert.Equal(rules, await compute2.RunAsync("iptables", ["-S", chain], default));

            // Another project's VM, with an address of the same subnet, on a VLAN of its own: not reachable.
            Assert.False(await RealisedCloud.PingAsync(ns01, altVm.FixedIps[0].IpAddress));

            // compute2's ovs-vswitchd dies (its ovsdb-server lives on): its ports go DOWN, and come back when the agent has started it again.
            var statuses = new List<string>();
            using var subscription = cloud.Get<Dashboard.Core.Events.INetworkEvents>().Subscribe(e =>
            {
                if (e is Dashboard.Core.Events.PortStatusChanged changed && changed.PortId == vm05.Id)
                {
                    lock (statuses)
                    {
                        statuses.Add(changed.NewStatus);
                    }
                }
            });
            await OvsDaemons.RunAsync("kill", ["-9", File.ReadAllText(Path.Combine(run, "compute2", "ovs-vswitchd.pid")).Trim()], default);
            watch.Restart();
            while (!statuses.Contains(PortStatus.Down) || (await cloud.Ports.GetAsync(vm05.Id)).Status != PortStatus.Active)
            {
                Assert.True(watch.Elapsed < TimeSpan.FromSeconds(60), $"VM05 did not go DOWN and ACTIVE again after compute2's ovs-vswitchd was killed: [{string.Join(", ", statuses)}] {Said(cloud)}");
                await Task.Delay(100);
            }
            Assert.Equal(PortStatus.Active, (await cloud.Ports.GetAsync(vm01.Id)).Status); // compute1's did not move
            Assert.True(await RealisedCloud.PingBecomesAsync(ns01, vm05.FixedIps[0].IpAddress, true), $"VM01 does not reach VM05 once compute2's switch runs again: {Said(cloud)}");
        }
        finally
        {
            await agent.StopAsync(default);
        }
        var namespaces = await HostShell.NamespacesAsync();
        Assert.DoesNotContain(namespaces, n => n.StartsWith(HostShell.HostNamespacePrefix, StringComparison.Ordinal) || n.StartsWith(PortRealizer.NamespacePrefix, StringComparison.Ordinal) || n == WireFabric.Namespace);
        foreach (var host in new[] { "compute1", "compute2" })
        {
            Assert.False(File.Exists(Path.Combine(run, host, "ovs-vswitchd.pid")) && Process.GetProcesses().Any(p => p.ProcessName == "ovs-vswitchd" && IsPidOf(run, host, p.Id)),
                $"{host}'s ovs-vswitchd still runs");
        }
        Directory.Delete(run, recursive: true);
    }

    [SkippableFact]
    public async Task The_network_node_realised_a_VM_gets_its_address_and_its_own_DHCP_options_by_DHCP_leaves_by_SNAT_and_is_reached_by_its_floating_IP_only_when_a_rule_allows()
    {
        Skip.If(Why is not null, Why);
        Skip.IfNot(NamespaceRealizer.DnsmasqInstalled && PortRealizer.DhcpClientInstalled, "needs dnsmasq (dnsmasq-base) and dhclient (isc-dhcp-client)");
        var run = Path.Combine("/tmp", $"ovs-{Guid.NewGuid():N}"[..12]);
        await using var node = await NetworkNodeCloud.CreateAsync(EveryHost(run));
        var cloud = node.Cloud;
        var vm05 = await cloud.LaunchAsync("VM05", "compute2", node.Private.Id);
        var floating = await node.FloatingIps.CreateAsync(new Dashboard.Core.Routers.FloatingIpSpec(Scenario.Demo, node.Public.Id) { PortId = vm05.Id });
        var gateway = (await node.RouterPortsAsync()).Single(p => p.DeviceOwner == DeviceOwners.RouterGateway).FixedIps[0].IpAddress;
        var agent = cloud.Get<OvsAgent>();
        await agent.StartAsync(default);
        try
        {
            var ns01 = RealisedCloud.NamespaceOf(node.Vm01);
            var watch = Stopwatch.StartNew();
            while (!(await AddressesAsync(ns01)).Contains($" {node.Vm01.FixedIps[0].IpAddress}/24", StringComparison.Ordinal))
            {
                if (watch.Elapsed > TimeSpan.FromSeconds(90))
                {
                    Assert.Fail($"VM01 got no address by DHCP from dnsmasq in qdhcp-{node.Private.Id}: {Said(cloud)}\n{DhcpSaid(run, node.Private.Id, node.Vm01.Id)}");
                }
                await Task.Delay(250);
            }
            while (!(await HostShell.NamespacesAsync()).Contains($"qdhcp-{node.Private.Id}")
                   || !Directory.Exists(Path.Combine("/etc/netns", ns01)) || !(await AddressesAsync(ns01)).Contains($" {node.Vm01.FixedIps[0].IpAddress}/24", StringComparison.Ordinal))
            {
                // VM01 may have been plugged before network1's DHCP port was scheduled: it is plugged again once it is, and asks by DHCP.
                if (watch.Elapsed > TimeSpan.FromSeconds(90))
                {
                    Assert.Fail($"VM01 never got its address by DHCP from qdhcp-{node.Private.Id}: {Said(cloud)}\n{DhcpSaid(run, node.Private.Id, node.Vm01.Id)}");
                }
                await Task.Delay(250);
            }

            // A new fixed IP and an extra DHCP option of VM01's own reach the VM on its next lease: dnsmasq re-reads its files (SIGHUP), the VM's client renews.
            var dhcpDirectory = Path.Combine(run, "network1", "dhcp", node.Private.Id);
            int HostsReads() => File.ReadLines(Path.Combine(dhcpDirectory, "log")).Count(l => l.Contains($"read {Path.Combine(dhcpDirectory, "host")}", StringComparison.Ordinal));
            var readsBefore = HostsReads();
            await cloud.Ports.UpdateAsync(node.Vm01.Id, new PortChanges
            {
                FixedIps = [new FixedIpRequest(node.PrivateSubnet.Id, "10.0.0.50")],
                ExtraDhcpOpts = [new ExtraDhcpOptRequest("mtu", "1400")],
            });
            var leases = Path.Combine(run, "compute1", "dhclient", $"{node.Vm01.Id[..11]}");
            watch.Restart();
            // The file written, then dnsmasq told (SIGHUP): it logs each re-read. A renewal before that would be answered from the old file.
            while (!(await File.ReadAllTextAsync(Path.Combine(dhcpDirectory, "host"))).Contains(",10.0.0.50", StringComparison.Ordinal) || HostsReads() == readsBefore)
            {
                Assert.True(watch.Elapsed < TimeSpan.FromSeconds(90), $"dnsmasq never re-read a hosts file with VM01's new address: {Said(cloud)}\n{DhcpSaid(run, node.Private.Id, node.Vm01.Id)}");
                await Task.Delay(100);
            }
            await OvsDaemons.RunAsync("ip", ["netns", "exec", ns01, "dhclient", "-r", "-pf", leases + ".pid", "-lf", leases + ".leases", "eth0"], default); // the renewal: release, then ask again
            await OvsDaemons.RunDetachedAsync("ip", ["netns", "exec", ns01, "dhclient", "-nw", "-cf", Path.Combine(run, "compute1", "dhclient", "dhclient.conf"), "-pf", leases + ".pid", "-lf", leases + ".leases", "eth0"], default);
            watch.Restart();
            while (!(await AddressesAsync(ns01)).Contains(" 10.0.0.50/24", StringComparison.Ordinal))
            {
                if (watch.Elapsed > TimeSpan.FromSeconds(90))
                {
                    Assert.Fail($"VM01 did not get its new address on renewal: [{await AddressesAsync(ns01)}] namespace there: {(await HostShell.NamespacesAsync()).Contains(ns01)}; {Said(cloud)}\n{DhcpSaid(run, node.Private.Id, node.Vm01.Id)}");
                }
                await Task.Delay(250);
            }
            // Its own option, tagged for its port alone, came with the lease.
            Assert.Contains($"tag:port-{node.Vm01.Id},option:mtu,1400", await File.ReadAllTextAsync(Path.Combine(dhcpDirectory, "opts")));
            watch.Restart();
            while (!(await File.ReadAllTextAsync(leases + ".leases")).Contains("option interface-mtu 1400;", StringComparison.Ordinal)) // dnsmasq's "mtu" is DHCP's interface-mtu
            {
                Assert.True(watch.Elapsed < TimeSpan.FromSeconds(30), $"VM01's lease has not its own option: {await File.ReadAllTextAsync(leases + ".leases")}\n{DhcpSaid(run, node.Private.Id, node.Vm01.Id)}");
                await Task.Delay(100);
            }
            // and its client set it on the VM's interface.
            while (!(await OvsDaemons.RunAsync("ip", ["-n", ns01, "link", "show", "eth0"], default)).Contains(" mtu 1400 ", StringComparison.Ordinal))
            {
                Assert.True(watch.Elapsed < TimeSpan.FromSeconds(30), $"VM01's eth0 did not take the MTU its lease gave: {await OvsDaemons.RunAsync("ip", ["-n", ns01, "link", "show", "eth0"], default)}");
                await Task.Delay(100);
            }
            Assert.Contains($"qrouter-{node.Router.Id}", await HostShell.NamespacesAsync());

            // Out through the router: the outside sees the router's gateway address, not VM01's.
            var uplink = (await OvsDaemons.RunAsync("ip", ["-n", WireFabric.Outside, "-o", "-4", "addr", "show"], default)).Split('\n').First(l => l.Contains("172.24.4.1/24", StringComparison.Ordinal)).Split(' ', StringSplitOptions.RemoveEmptyEntries)[1];
            using (var capture = await CaptureAsync(WireFabric.Outside, uplink, "icmp"))
            {
                Assert.True(await RealisedCloud.PingBecomesAsync(ns01, "172.24.4.1", true), $"VM01 does not reach the outside through its router: {Said(cloud)}");
                var frames = await capture.LinesAsync(2);
                Assert.NotEmpty(frames);
                Assert.All(frames, f => Assert.Contains(gateway, f, StringComparison.Ordinal));
                Assert.DoesNotContain(frames, f => f.Contains("10.0.0.50 ", StringComparison.Ordinal));
            }

            // In from the outside to VM05's floating IP (DNAT): only once a rule admits it.
            Assert.False(await RealisedCloud.PingAsync(WireFabric.Outside, floating.FloatingIpAddress), "the outside reached VM05 with no rule admitting it");
            var group = (await cloud.SecurityGroups.ListAsync(Scenario.Demo)).Single(g => g.Name == "default");
            await cloud.SecurityGroups.AddRuleAsync(group.Id, new SecurityGroupRuleSpec("ingress", Protocol: "icmp", RemoteIpPrefix: "0.0.0.0/0"));
            Assert.True(await RealisedCloud.PingBecomesAsync(WireFabric.Outside, floating.FloatingIpAddress, true), $"the outside does not reach VM05 by its floating IP once ICMP is allowed: {Said(cloud)}");
        }
        finally
        {
            await agent.StopAsync(default);
        }
        Assert.DoesNotContain(await HostShell.NamespacesAsync(), n => n.StartsWith("dash-", StringComparison.Ordinal) || NamespaceRealizer.IsOurs(n));
        Assert.False(Directory.Exists(Path.Combine("/etc/netns", RealisedCloud.NamespaceOf(node.Vm01))), "VM01's resolv.conf directory was left");
        Directory.Delete(run, recursive: true);
    }

    [SkippableFact]
    public async Task A_DHCP_server_that_cannot_start_holds_up_no_other_namespace_is_not_swept_and_starts_once_it_can_and_namespaces_the_product_did_not_make_are_never_touched()
    {
        Skip.If(Why is not null, Why);
        Skip.IfNot(NamespaceRealizer.DnsmasqInstalled, "needs dnsmasq (dnsmasq-base)");
        var run = Path.Combine("/tmp", $"ovs-{Guid.NewGuid():N}"[..12]);
        await using var node = await NetworkNodeCloud.CreateAsync(EveryHost(run));
        var cloud = node.Cloud;
        var (other, _) = await cloud.NetworkWithSubnetAsync("10.9.0.0/24");
        var (privatePid, otherPid) = (Path.Combine(run, "network1", "dhcp", node.Private.Id, "pid"), Path.Combine(run, "network1", "dhcp", other.Id, "pid"));
        Directory.CreateDirectory(otherPid); // a directory where dnsmasq writes its pid file: it cannot start
        // A router namespace the product did not make (a real L3 agent's on this machine): no pass, no stop, no other product's stop touches it.
        var foreign = $"qrouter-{Guid.NewGuid()}";
        await HostShell.GlobalIpAsync(default, "netns", "add", foreign);
        var agent = cloud.Get<OvsAgent>();
        await agent.StartAsync(default);
        try
        {
            var watch = Stopwatch.StartNew();
            while (OvsDaemons.RunningPid(privatePid, "dnsmasq") is null || !(await HostShell.NamespacesAsync()).Contains($"qrouter-{node.Router.Id}")
                   || !cloud.Logs.Lines.Any(l => l.Contains($"qdhcp-{other.Id}: ", StringComparison.Ordinal) && l.Contains("exit code", StringComparison.Ordinal)))
            {
                Assert.True(watch.Elapsed < TimeSpan.FromSeconds(60), $"the router and the other DHCP server are not realised, or the failure is not said: {Said(cloud)}");
                await Task.Delay(100);
            }
            var running = OvsDaemons.RunningPid(privatePid, "dnsmasq");

            await agent.ReconcileAsync(); // a whole pass more, with its sweep of namespaces no host wants
            var namespaces = await HostShell.NamespacesAsync();
            Assert.Contains($"qdhcp-{other.Id}", namespaces); // wanted, not yet realised: not stale
            Assert.Contains($"qdhcp-{node.Private.Id}", namespaces);
            Assert.Contains($"qrouter-{node.Router.Id}", namespaces);
            Assert.Equal(running, OvsDaemons.RunningPid(privatePid, "dnsmasq")); // left running, not started again
            Assert.Null(OvsDaemons.RunningPid(otherPid, "dnsmasq"));

            Directory.Delete(otherPid);
            await agent.ReconcileAsync();
            Assert.NotNull(OvsDaemons.RunningPid(otherPid, "dnsmasq"));
            Assert.Contains(foreign, await HostShell.NamespacesAsync());

            // A product with simulated agents starting and stopping (every test host of the web tests does) leaves the realised ones alone.
            await using (var simulated = await TestCloud.CreateAsync())
            {
                await simulated.Get<OvsAgent>().StartAsync(default);
                await simulated.Get<OvsAgent>().StopAsync(default);
            }
            Assert.Contains($"qdhcp-{other.Id}", await HostShell.NamespacesAsync());
        }
        finally
        {
            await agent.StopAsync(default);
        }
        var left = await HostShell.NamespacesAsync();
        Assert.Contains(foreign, left);
        await HostShell.GlobalIpAsync(default, "netns", "del", foreign);
        Assert.DoesNotContain(left, n => NamespaceRealizer.IsOurs(n) && n != foreign);
        Directory.Delete(run, recursive: true);
    }

    [SkippableFact]
    public async Task Six_traces_put_through_the_real_switches_host_by_host_take_the_models_flows_and_leave_where_the_model_says()
    {
        Skip.If(Why is not null, Why);
        var run = Path.Combine("/tmp", $"ovs-{Guid.NewGuid():N}"[..12]);
        await using var node = await NetworkNodeCloud.CreateAsync(EveryHost(run));
        var cloud = node.Cloud;
        var vm02 = await cloud.LaunchAsync("VM02", "compute1", node.Private.Id);
        var vm05 = await cloud.LaunchAsync("VM05", "compute2", node.Private.Id);
        var down = await cloud.LaunchAsync("VM09", "compute1", node.Private.Id);
        await cloud.Ports.UpdateAsync(down.Id, new PortChanges { AdminStateUp = false });
        var floating = await node.FloatingIps.CreateAsync(new Dashboard.Core.Routers.FloatingIpSpec(Scenario.Demo, node.Public.Id) { PortId = vm05.Id });
        var (vxlan, _) = await cloud.NetworkWithSubnetAsync("172.16.0.0/24", provider: new Segment("vxlan", null, 5001));
        var vm20 = await cloud.LaunchAsync("VM20", "compute1", vxlan.Id);
        var vm21 = await cloud.LaunchAsync("VM21", "compute2", vxlan.Id);
        var agent = cloud.Get<OvsAgent>();
        var activated = new System.Collections.Concurrent.ConcurrentDictionary<string, string>();
        using var subscription = cloud.Get<Dashboard.Core.Events.INetworkEvents>().Subscribe(e =>
        {
            if (e is Dashboard.Core.Events.PortStatusChanged { NewStatus: PortStatus.Active } changed)
            {
                activated[changed.PortId] = changed.Reason;
            }
        });
        await agent.StartAsync(default);
        try
        {
            var watch = Stopwatch.StartNew();
            // Every port ACTIVE from its real interface: the instances' qvo, and on network1 the routers' qr-/qg- and the DHCP servers' tap.
            while ((await cloud.Ports.ListAsync()).Where(p => p.AdminStateUp && p.IsBound && p.Status != PortStatus.Active).ToList() is { Count: > 0 } waiting)
            {
                Assert.True(watch.Elapsed < TimeSpan.FromSeconds(90), $"not ACTIVE 90 s after the agent started: {string.Join(", ", waiting.Select(p => $"{p.DeviceOwner}@{p.BindingHostId} {p.Status} ({p.StatusReason})"))}; {Said(cloud)}");
                await Task.Delay(100);
            }
            var networkNodePorts = (await cloud.Ports.ListAsync()).Where(p => p.BindingHostId == "network1").ToList();
            Assert.Contains(networkNodePorts, p => p.DeviceOwner == DeviceOwners.RouterGateway);
            Assert.All(networkNodePorts, p => Assert.Equal("wired on Open vSwitch by the agent on network1", activated.GetValueOrDefault(p.Id)));
            await cloud.Get<Dashboard.Core.Agents.AgentHeartbeats>().ReportAsync(); // the agents are alive, as the tracer asks
            var tracer = cloud.Get<Dashboard.Core.Dataplane.PacketTracer>();
            var real = cloud.Get<RealTracer>();
            var cases = new (string Name, Dashboard.Core.Dataplane.TraceRequest Request, string Verdict)[]
            {
                ("VM01 -> VM02, one host", new(node.Vm01.Id, DestinationPortId: vm02.Id), "delivered"),
                ("VM01 -> VM05, VLAN across the wire", new(node.Vm01.Id, DestinationPortId: vm05.Id), "delivered"),
                ("VM20 -> VM21, VXLAN", new(vm20.Id, DestinationPortId: vm21.Id), "delivered"),
                ("VM01 -> the outside, SNAT on network1", new(node.Vm01.Id, DestinationIp: "172.24.4.1"), "delivered"),
                ("the outside -> VM05's floating IP, DNAT", new("", DestinationIp: floating.FloatingIpAddress) { ExternalSourceIp = "172.24.4.1" }, "dropped"),
                ("VM09 (admin down) -> VM05", new(down.Id, DestinationPortId: vm05.Id), "dropped"),
            };
            foreach (var (name, request, verdict) in cases)
            {
                var model = await tracer.TraceAsync(request);
                Assert.True(model.Verdict == verdict, $"{name}: the model says {model.Verdict} ({model.Reason})");
                var trace = await real.TraceAsync(model);
                Assert.NotEmpty(trace.Stretches);
                var hosts = trace.Stretches.Concat(trace.Reply).Select(s => s.Host).Distinct().Order().ToList();
                Assert.True(trace.Same, $"{name}: the real switches differ from the model: "
                    + string.Join("\n", trace.Stretches.Concat(trace.Reply).Where(s => !s.Same).Select(s => $"{s.Host} {s.Probe.Bridge} {s.Probe.OvsFlow()}: {s.Difference}\n{s.Output}")));
                Assert.All(trace.Stretches.Concat(trace.Reply), s => Assert.All(s.Steps, c => Assert.NotNull(c.Real)));
                if (name.Contains("across", StringComparison.Ordinal) || name.Contains("VXLAN", StringComparison.Ordinal))
                {
                    Assert.Equal(["compute1", "compute2"], hosts);
                }
                if (name.Contains("outside", StringComparison.Ordinal))
                {
                    Assert.Contains("network1", hosts);
                }
            }

            // Someone removes the flow by which compute2's br-int takes the VLAN network in from the wire: the real trace marks the step.
            var segment = (await cloud.Networks.GetAsync(node.Private.Id)).SegmentationId;
            var compute2 = await OvsDaemons.AttachAsync(Path.Combine(run, "compute2"));
            await compute2!.OfctlAsync(["del-flows", "br-int", $"in_port=int-br-eth1,dl_vlan={segment}"]);
            var broken = await real.TraceAsync(await tracer.TraceAsync(new(node.Vm01.Id, DestinationPortId: vm05.Id)));
            Assert.False(broken.Same);
            var differing = Assert.Single(broken.Stretches, s => !s.Same);
            Assert.Equal("compute2", differing.Host);
            Assert.Contains(differing.Steps, c => !c.Same && c.Model is { Device: "br-int", Table: 0 });
            Assert.Contains("the flows differ at step", differing.Difference);
        }
        finally
        {
            await agent.StopAsync(default);
        }
        Directory.Delete(run, recursive: true);
    }

    /// <summary>Every host of the model realised, each in a directory of <paramref name="run"/>.</summary>
    private static Dictionary<string, string?> EveryHost(string run) => new()
    {
        ["Agent:Mode"] = "ovs", ["Agent:OvsHosts"] = "*", ["Agent:OvsRunDirectory"] = run, ["Agent:ResyncSeconds"] = "30",
    };

    /// <summary>The VM's IPv4 addresses as <c>ip -o addr</c> shows them; empty while its namespace is not there yet.</summary>
    private static async Task<string> AddressesAsync(string ns)
    {
        try
        {
            return await OvsDaemons.RunAsync("ip", ["-n", ns, "-4", "-o", "addr", "show", "dev", "eth0"], default);
        }
        catch (HostCommandException)
        {
            return "";
        }
    }

    private static bool IsPidOf(string run, string host, int pid) =>
        File.ReadAllText(Path.Combine(run, host, "ovs-vswitchd.pid")).Trim() == pid.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static string Said(TestCloud cloud) => string.Join(" | ", cloud.Logs.Lines
        .Where(l => !l.StartsWith("Executed DbCommand", StringComparison.Ordinal) && (l.Contains("vSwitch", StringComparison.Ordinal) || l.Contains("realis", StringComparison.Ordinal) || l.Contains("failed", StringComparison.Ordinal)))
        .TakeLast(6));

    /// <summary>What the DHCP server and the VM's client say: dnsmasq's log and hosts file, the VM's lease file.</summary>
    private static string DhcpSaid(string run, string networkId, string portId)
    {
        string Read(string path) => File.Exists(path) ? File.ReadAllText(path) : $"({path} missing)";
        var dhcp = Path.Combine(run, "network1", "dhcp", networkId);
        var lease = Directory.Exists(run) ? Directory.GetFiles(run, $"{portId[..11]}.leases", SearchOption.AllDirectories).FirstOrDefault() : null;
        return $"dnsmasq log: {Read(Path.Combine(dhcp, "log"))}\nhosts: {Read(Path.Combine(dhcp, "host"))}\nlease: {(lease is null ? "(none)" : Read(lease))}";
    }

    /// <summary>tcpdump on an interface of a namespace, listening before this returns.</summary>
    private static async Task<Capture> CaptureAsync(string ns, string segment, string filter)
    {
        var process = Process.Start(new ProcessStartInfo("ip", ["netns", "exec", ns, "tcpdump", "-e", "-n", "-l", "-c", "8", "-i", segment, filter])
        {
            RedirectStandardOutput = true, RedirectStandardError = true,
        })!;
        var said = new List<string>();
        while (await process.StandardError.ReadLineAsync() is { } line)
        {
            said.Add(line);
            if (line.Contains("listening on", StringComparison.Ordinal))
            {
                return new Capture(process); // "listening on physnet1, link-type EN10MB ..."
            }
        }
        Assert.Fail($"tcpdump on {segment} did not start: {string.Join(" | ", said)}");
        return new Capture(process);
    }

    private sealed class Capture(Process process) : IDisposable
    {
        /// <summary>Up to <paramref name="count"/> captured frames (waiting up to 10 s for them).</summary>
        public async Task<List<string>> LinesAsync(int count)
        {
            var lines = new List<string>();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            try
            {
                while (lines.Count < count && await process.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
                {
                    lines.Add(line);
                }
            }
            catch (OperationCanceledException)
            {
            }
            return lines;
        }

        public void Dispose()
        {
            if (!process.HasExited)
            {
                process.Kill();
            }
            process.Dispose();
        }
    }
}
