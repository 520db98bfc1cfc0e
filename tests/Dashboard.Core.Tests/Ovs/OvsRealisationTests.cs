using Dashboard.Core.Events;
using Dashboard.Core.Dataplane;
using Dashboard.Core.Ovs;
using Dashboard.Core.SecurityGroups;
using Dashboard.Core.Tests.Support;
using Xunit.Abstractions;

namespace Dashboard.Core.Tests.Ovs;

/// <summary>
/// What the OVS agent realises on this machine, checked with real traffic between the namespaces
/// that stand in for VMs (and a namespace on the provider wire): isolation between projects, security
/// groups applied through the domain, a VLAN provider network reaching a host on the wire, br-tun,
/// and <c>ovs-appctl ofproto/trace</c> agreeing with the model's tracer. Needs root; skipped otherwise.
/// </summary>
[Collection(RealOvs.Collection)]
public sealed class OvsRealisationTests(RealisedCloud realised, ITestOutputHelper output) : IClassFixture<RealisedCloud>
{
    private static string Ip(Dashboard.Core.Networking.Port port) => port.FixedIps[0].IpAddress;

    [SkippableFact]
    public async Task Instances_on_one_network_ping_each_other_and_another_projects_instance_is_unreachable()
    {
        Skip.If(realised.Why is not null, realised.Why);
        var vm1 = RealisedCloud.NamespaceOf(realised.Vm1);
        Assert.True(await RealisedCloud.PingAsync(vm1, Ip(realised.Vm2)), "VM01 cannot ping VM02 on its network");
        // alt_demo's instance sits in the same CIDR on the same host, on its own network's VLAN.
        Assert.StartsWith("10.0.0.", Ip(realised.AltVm));
        Assert.False(await RealisedCloud.PingAsync(vm1, Ip(realised.AltVm)), "VM01 reached another project's instance");
        Assert.False(await RealisedCloud.PingAsync(RealisedCloud.NamespaceOf(realised.AltVm), Ip(realised.Vm1)), "another project's instance reached VM01");
    }

    [SkippableFact]
    public async Task Removing_the_groups_ICMP_rule_stops_the_ping_and_adding_it_back_restores_it()
    {
        Skip.If(realised.Why is not null, realised.Why);
        var groups = realised.Cloud.SecurityGroups;
        var group = (await groups.ListAsync(Scenario.Demo)).Single(g => g.Name == "default");
        var members = (await groups.GetAsync(group.Id)).Rules.Single(r => r.Direction == "ingress" && r.EtherType == "IPv4" && r.RemoteGroupId is not null);
        string? icmp = (await groups.AddRuleAsync(group.Id, new SecurityGroupRuleSpec("ingress", Protocol: "icmp", RemoteIpPrefix: "0.0.0.0/0"))).Id;
        await groups.DeleteRuleAsync(members.Id); // from here only the ICMP rule admits the ping
        var vm1 = RealisedCloud.NamespaceOf(realised.Vm1);
        try
        {
            Assert.True(await RealisedCloud.PingBecomesAsync(vm1, Ip(realised.Vm2), true), "the ICMP rule does not admit the ping");
            await groups.DeleteRuleAsync(icmp);
            icmp = null;
            var still = await RealisedCloud.PingBecomesAsync(vm1, Ip(realised.Vm2), false);
            if (still)
            {
                output.WriteLine(await RealisedCloud.Host("iptables-save", "-t", "filter"));
                output.WriteLine(string.Join('\n', realised.Cloud.Logs.Lines));
                output.WriteLine($"reconciles {realised.Agent.Reconciles}");
            }
            Assert.False(await RealisedCloud.PingBecomesAsync(vm1, Ip(realised.Vm2), false), "the ping still passes without the ICMP rule");
            icmp = (await groups.AddRuleAsync(group.Id, new SecurityGroupRuleSpec("ingress", Protocol: "icmp", RemoteIpPrefix: "0.0.0.0/0"))).Id;
            Assert.True(await RealisedCloud.PingBecomesAsync(vm1, Ip(realised.Vm2), true), "adding the ICMP rule back did not restore the ping");
        }
        finally
        {
            // The group as the other tests expect it: members admit each other, no ICMP rule.
            await groups.AddRuleAsync(group.Id, new SecurityGroupRuleSpec("ingress", RemoteGroupId: group.Id));
            if (icmp is not null)
            {
                await groups.DeleteRuleAsync(icmp);
            }
        }
    }

    [SkippableFact]
    public async Task A_qvo_whose_link_goes_down_takes_its_port_DOWN_and_ACTIVE_again_when_it_is_back()
    {
        Skip.If(realised.Why is not null, realised.Why);
        var qvo = "qvo" + realised.Vm2.Id[..11];
        var announced = new System.Collections.Concurrent.ConcurrentQueue<Dashboard.Core.Events.PortStatusChanged>();
        using var subscription = realised.Cloud.Get<Dashboard.Core.Events.INetworkEvents>()
            .Subscribe<Dashboard.Core.Events.PortStatusChanged>(e => { if (e.PortId == realised.Vm2.Id) { announced.Enqueue(e); } });
        await RealisedCloud.Host("ip", "link", "set", qvo, "down");
        try
        {
            Assert.Equal(Dashboard.Core.Networking.PortStatus.Down, await StatusBecomesAsync(realised.Vm2.Id, Dashboard.Core.Networking.PortStatus.Down));
            // The change is announced after its commit: on a busy machine the status can be read before the event arrives.
            Assert.True(await EventuallyAsync(() => Task.FromResult(announced.Any(e => e.NewStatus == Dashboard.Core.Networking.PortStatus.Down))), "DOWN never announced");
            Assert.Contains("link is down", announced.First(e => e.NewStatus == Dashboard.Core.Networking.PortStatus.Down).Reason);
        }
        finally
        {
            await RealisedCloud.Host("ip", "link", "set", qvo, "up");
        }
        Assert.Equal(Dashboard.Core.Networking.PortStatus.Active, await StatusBecomesAsync(realised.Vm2.Id, Dashboard.Core.Networking.PortStatus.Active));
    }

    [SkippableFact]
    public async Task A_groups_ipset_goes_with_its_last_port_on_the_host()
    {
        Skip.If(realised.Why is not null, realised.Why);
        // A port of a third project: its own default group, whose members' ipset only it needs here.
        var port = await realised.Cloud.Ports.CreateAsync(new Dashboard.Core.Networking.PortSpec(realised.Vm1.NetworkId, "third-project") { HostId = "compute1", DeviceOwner = "compute:nova" });
        var group = (await realised.Cloud.SecurityGroups.ListAsync("third-project")).Single(g => g.Name == "default");
        var set = HybridFirewall.IpsetName(group.Id);
        Assert.True(await EventuallyAsync(async () => (await FirewallRealizer.OwnSetsAsync()).Contains(set)), $"{set} never made");
        await realised.Cloud.Ports.DeleteAsync(port.Id);
        Assert.True(await EventuallyAsync(async () => !(await FirewallRealizer.OwnSetsAsync()).Contains(set)), $"{set} left behind after its last port went");
        Assert.Contains(HybridFirewall.IpsetName((await realised.Cloud.SecurityGroups.ListAsync(Scenario.Demo)).Single(g => g.Name == "default").Id), await FirewallRealizer.OwnSetsAsync());
    }

    private static async Task<bool> EventuallyAsync(Func<Task<bool>> condition)
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        while (!await condition())
        {
            if (watch.Elapsed > TimeSpan.FromSeconds(60))
            {
                return false;
            }
            await Task.Delay(100);
        }
        return true;
    }

    [SkippableFact]
    public async Task An_agent_stopped_by_an_admin_leaves_its_ports_DOWN_until_it_is_started_again()
    {
        Skip.If(realised.Why is not null, realised.Why);
        var agents = realised.Cloud.Get<Dashboard.Core.Agents.SimulatedAgents>();
        await agents.StopAgentAsync("compute1");
        try
        {
            Assert.Equal(Dashboard.Core.Networking.PortStatus.Down, (await realised.Cloud.Ports.GetAsync(realised.Vm1.Id)).Status);
            await realised.Cloud.Ports.UpdateAsync(realised.Vm2.Id, new Dashboard.Core.Networking.PortChanges { Description = "a change the stopped agent hears" });
            await Task.Delay(1500);
            Assert.Equal(Dashboard.Core.Networking.PortStatus.Down, (await realised.Cloud.Ports.GetAsync(realised.Vm1.Id)).Status);
        }
        finally
        {
            await agents.StartAgentAsync("compute1");
        }
        Assert.Equal(Dashboard.Core.Networking.PortStatus.Active, await StatusBecomesAsync(realised.Vm1.Id, Dashboard.Core.Networking.PortStatus.Active));
    }

    private async Task<string> StatusBecomesAsync(string portId, string status)
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        string now;
        while ((now = (await realised.Cloud.Ports.GetAsync(portId)).Status) != status && watch.Elapsed < TimeSpan.FromSeconds(60))
        {
            await Task.Delay(100);
        }
        return now;
    }

    [SkippableFact]
    public async Task A_VLAN_provider_network_reaches_a_host_on_the_wire_with_that_VLAN_only()
    {
        Skip.If(realised.Why is not null, realised.Why);
        var vm = RealisedCloud.NamespaceOf(realised.ProviderVm);
        Assert.True(await RealisedCloud.PingAsync(vm, RealisedCloud.WireHostOnVlan120), "the instance on provider VLAN 120 cannot reach the host on VLAN 120");
        Assert.False(await RealisedCloud.PingAsync(vm, RealisedCloud.WireHostOnVlan121), "the instance on VLAN 120 reached a host on VLAN 121");
        // A host on an access port of br-eth1 itself with that VLAN, a port the agent did not make: reached, and left alone.
        Assert.True(await RealisedCloud.PingAsync(vm, RealisedCloud.BridgeHostOnVlan120), "the instance on VLAN 120 cannot reach the host on br-eth1's VLAN 120 port");
        await realised.Agent.ReconcileAsync();
        Assert.Contains("dtb120", (await realised.Daemons.VsctlAsync(["list-ports", "br-eth1"])).Split('\n'));
        // What crossed the wire was tagged with the segmentation ID, not compute1's local VLAN.
        var macs = await RealisedCloud.Host("ip", "-n", RealisedCloud.WireHost(120), "neigh", "show", "dev", "eth0");
        Assert.Contains(realised.ProviderVm.MacAddress, macs, StringComparison.OrdinalIgnoreCase);
    }

    [SkippableFact]
    public async Task Br_tun_is_realised_with_a_VXLAN_port_to_the_peer_and_the_models_flows()
    {
        Skip.If(realised.Why is not null, realised.Why);
        var daemons = realised.Daemons;
        var options = (await daemons.VsctlAsync(["get", "Interface", "vxlan-c000020c", "options"])).Trim();
        Assert.Contains("remote_ip=\"192.0.2.12\"", options);
        Assert.Contains("local_ip=\"192.0.2.11\"", options);
        Assert.Equal("vxlan", (await daemons.VsctlAsync(["get", "Interface", "vxlan-c000020c", "type"])).Trim());
        var plane = await realised.Cloud.Get<DataplaneService>().ForHostAsync("compute1");
        foreach (var bridge in new[] { "br-int", "br-eth1", "br-tun" })
        {
            var real = await new BridgeRealizer(null!, daemons).OwnFlowsAsync(bridge, FlowTables.AgentCookie("compute1"));
            output.WriteLine(string.Join('\n', real.Order()));
            output.WriteLine("--- model");
            output.WriteLine(string.Join('\n', plane.Flows[bridge].Select(f => BridgeRealizer.Normalize(f.ToString())).Order()));
            Assert.Equal(plane.Flows[bridge].Select(f => BridgeRealizer.Normalize(f.ToString())).Order(), real.Order());
        }
        Assert.Contains(RealisedCloud.Nic, (await daemons.VsctlAsync(["list-ports", "br-eth1"])).Split('\n'));
    }

    [SkippableFact]
    public async Task The_real_switch_read_beside_the_model_shows_no_difference_then_each_one_made_by_hand()
    {
        Skip.If(realised.Why is not null, realised.Why);
        var inspector = realised.Cloud.Get<RealSwitchInspector>();
        Assert.Null(await inspector.InspectAsync("compute2")); // only the realised node has a real switch here

        var view = (await inspector.InspectAsync("compute1"))!;
        Assert.True(view.Error is null, view.Error);
        Assert.Equal(0, view.Differences);
        Assert.Contains("Bridge br-int", view.VsctlShow);
        Assert.Equal(["br-int", "br-eth1", "br-tun"], view.Bridges.Select(b => b.Bridge));
        Assert.Contains(view.Bridges[1].Ports, p => p.Text == RealisedCloud.Nic && p.Presence == Presence.Both);

        // By hand: a flow with the agent's cookie the model lacks, someone else's flow, one of the model's flows removed.
        var cookie = $"0x{FlowTables.AgentCookie("compute1"):x}";
        await realised.Daemons.OfctlAsync(["add-flow", "br-int", $"cookie={cookie},table=7,priority=5,actions=drop"]);
        await realised.Daemons.OfctlAsync(["add-flow", "br-int", "cookie=0x77,table=8,priority=5,actions=drop"]);
        await realised.Daemons.OfctlAsync(["--strict", "del-flows", "br-int", "table=23,priority=0"]);
        try
        {
            var flows = (await inspector.InspectAsync("compute1"))!.Bridges[0].Flows;
            Assert.Equal(Presence.SwitchOnly, flows.Single(f => f.Text.Contains("table=7", StringComparison.Ordinal)).Presence);
            Assert.Equal(Presence.Foreign, flows.Single(f => f.Text.Contains("table=8", StringComparison.Ordinal)).Presence);
            Assert.Equal(Presence.ModelOnly, flows.Single(f => f.Text.Contains("table=23", StringComparison.Ordinal)).Presence);
            Assert.Equal(2, (await inspector.InspectAsync("compute1"))!.Differences);

            var announced = new System.Collections.Concurrent.ConcurrentQueue<SwitchReconciled>();
            using (realised.Cloud.Get<INetworkEvents>().Subscribe<SwitchReconciled>(announced.Enqueue))
            {
                await realised.Agent.ReconcileAsync(); // the agent puts back its own and takes away its stray, not the foreign one
            }
            Assert.Equal("compute1", Assert.Single(announced).Host); // so pages showing the real switch read it again
            var after = (await inspector.InspectAsync("compute1"))!;
            Assert.Equal(0, after.Differences);
            Assert.Contains(after.Bridges[0].Flows, f => f.Presence == Presence.Foreign);
        }
        finally
        {
            await realised.Daemons.OfctlAsync(["del-flows", "br-int", "cookie=0x77/-1"]);
        }

        // A whole bridge gone by hand while the agent is stopped (running, it would make it again at once):
        // shown as not on the switch with all it should carry, until the agent is back.
        var agents = realised.Cloud.Get<Dashboard.Core.Agents.SimulatedAgents>();
        await agents.StopAgentAsync("compute1");
        try
        {
            await realised.Daemons.VsctlAsync(["del-br", "br-tun"]);
            var missing = (await inspector.InspectAsync("compute1"))!.Bridges.Single(b => b.Bridge == "br-tun");
            Assert.False(missing.OnSwitch);
            Assert.All(missing.Flows, f => Assert.Equal(Presence.ModelOnly, f.Presence));
        }
        finally
        {
            await agents.StartAgentAsync("compute1");
        }
        Assert.True(await EventuallyAsync(async () => (await inspector.InspectAsync("compute1"))!.Differences == 0), "the agent did not make br-tun again");
    }

    /// <summary>
    /// For each case the model's tracer and <c>ovs-appctl ofproto/trace</c> on the realised br-int
    /// agree: every flow the model says matches on compute1 (bridge, table, priority) is hit, in that
    /// order, by the real switch; and where the model says the packet leaves compute1 (the
    /// destination's qvo, the NIC with the segmentation ID, a tunnel with the VNI) the real switch sends
    /// it there, and where the model drops it the real switch does not deliver it. MAC learning makes
    /// the real NORMAL flood where the model (which knows every port) picks one way: the flood must
    /// include the model's way. Security groups are iptables, outside OVS, and checked by the pings.
    /// </summary>
    [SkippableFact]
    public async Task Ofproto_trace_on_the_realised_bridges_agrees_with_the_model_tracer()
    {
        Skip.If(realised.Why is not null, realised.Why);
        await realised.Cloud.Ports.TransitionHostPortsAsync("compute2", [Dashboard.Core.Networking.PortStatus.Build], Dashboard.Core.Networking.PortStatus.Active, "wired by compute2's agent");
        Assert.True(await RealisedCloud.PingAsync(RealisedCloud.NamespaceOf(realised.Vm1), Ip(realised.Vm2))); // the switch learns both MACs
        var dpPorts = DatapathPorts(await realised.Daemons.AppctlAsync(["dpif/show"]));
        var segment = (await realised.Cloud.Networks.GetAsync(realised.Vm1.NetworkId)).SegmentationId!.Value;

        var cases = new (string Name, Dashboard.Core.Networking.Port From, Dashboard.Core.Networking.Port To, string Verdict)[]
        {
            ("same network, same host", realised.Vm1, realised.Vm2, TraceVerdicts.Delivered),
            ("same network, other host over VLAN", realised.Vm1, realised.RemoteVm, TraceVerdicts.Delivered),
            ("VXLAN network, other host", realised.VxlanVm, realised.RemoteVxlanVm, TraceVerdicts.Delivered),
            ("to an admin-down port", realised.Vm1, realised.DownVm, TraceVerdicts.Dropped),
            ("from an admin-down port", realised.DownVm, realised.Vm1, TraceVerdicts.Dropped),
            ("to another project's network, same CIDR", realised.Vm1, realised.AltVm, TraceVerdicts.Dropped),
        };
        foreach (var (name, from, to, verdict) in cases)
        {
            var model = await realised.Cloud.Get<PacketTracer>().TraceAsync(new TraceRequest(from.Id, DestinationPortId: to.Id));
            var real = await realised.Daemons.AppctlAsync(["ofproto/trace", "br-int",
                $"in_port=qvo{from.Id[..11]},icmp,dl_src={from.MacAddress},dl_dst={to.MacAddress},nw_src={Ip(from)},nw_dst={Ip(to)}"]);
            output.WriteLine($"{name}: model {model.Verdict} {model.ReasonCode}\n{real}");
            Assert.True(verdict == model.Verdict, $"{name}: the model says {model.Verdict} ({model.Reason})");

            var modelSteps = model.Hops.Where(h => h.Host == "compute1" && h.Kind == "ovs-bridge")
                .Select(h => (h.Device, h.Table!.Value, Priority(h.Flow!))).ToList();
            var realSteps = RealSteps(real);
            Assert.True(IsSubsequence(modelSteps, realSteps),
                $"{name}: the model's flows [{string.Join(", ", modelSteps)}] are not hit in order by the real switch [{string.Join(", ", realSteps)}]");

            var outputs = Outputs(real, dpPorts);
            var targetQvo = "qvo" + to.Id[..11];
            // Where the model's packet leaves compute1's switch: a tunnel, the NIC, or the destination's qvo.
            var exit = model.Hops.FirstOrDefault(h => h.Host == "compute1 -> compute2" || (h.Host == "compute1" && (h.Kind == "nic" || (h.Kind == "ovs-port" && h.Device == targetQvo))));
            if (exit?.Kind == "wire")
            {
                exit = model.Hops.Last(h => h.Host == "compute1" && h.Kind == "nic");
            }
            switch (exit?.Kind)
            {
                case "nic" when model.Delivered:
                    Assert.Contains((exit.Device, (int?)segment), outputs);
                    break;
                case "tunnel" when model.Delivered:
                    var ofport = (await realised.Daemons.VsctlAsync(["get", "Interface", exit.Device, "ofport"])).Trim();
                    Assert.Contains("load:0x1389->NXM_NX_TUN_ID[]", real);
                    Assert.Contains($"output:{ofport}", real);
                    break;
                case "ovs-port" when model.Delivered:
                    Assert.Equal([(targetQvo, (int?)null)], outputs); // learned: the real switch sends it there and nowhere else
                    break;
                default:
                    Assert.False(model.Delivered, $"{name}: delivered by the model without leaving compute1's switch");
                    Assert.DoesNotContain(outputs, o => o.Port == targetQvo);
                    if (model.Hops[^1] is { Kind: "ovs-bridge", Actions: "drop" })
                    {
                        Assert.EndsWith("Datapath actions: drop", real.Trim()); // dropped where the model drops it
                    }
                    break;
            }
        }
    }

    private static int Priority(string flow) => int.Parse(System.Text.RegularExpressions.Regex.Match(flow, @"priority=(\d+)").Groups[1].Value);

    /// <summary>(bridge, table, priority) of each flow ofproto/trace reports, in order.</summary>
    private static List<(string Bridge, int Table, int Priority)> RealSteps(string trace)
    {
        var steps = new List<(string, int, int)>();
        var bridge = "";
        foreach (var line in trace.Split('\n'))
        {
            if (System.Text.RegularExpressions.Regex.Match(line, @"bridge\(""([^""]+)""\)") is { Success: true } b)
            {
                bridge = b.Groups[1].Value;
            }
            else if (System.Text.RegularExpressions.Regex.Match(line, @"^\s*(\d+)\. .*priority (\d+)") is { Success: true } t)
            {
                steps.Add((bridge, int.Parse(t.Groups[1].Value), int.Parse(t.Groups[2].Value)));
            }
        }
        return steps;
    }

    private static bool IsSubsequence<T>(List<T> part, List<T> whole)
    {
        var at = 0;
        foreach (var item in whole)
        {
            if (at < part.Count && Equals(part[at], item))
            {
                at++;
            }
        }
        return at == part.Count;
    }

    /// <summary>Datapath port number to interface name, from <c>ovs-appctl dpif/show</c>.</summary>
    private static Dictionary<string, string> DatapathPorts(string show) =>
        show.Split('\n').Select(l => System.Text.RegularExpressions.Regex.Match(l, @"^\s+(\S+) \S+/(\d+):"))
            .Where(m => m.Success).ToDictionary(m => m.Groups[2].Value, m => m.Groups[1].Value);

    /// <summary>Where the datapath sends the packet and with which VLAN (null: untagged), from "Datapath actions".</summary>
    private static List<(string Port, int? Vlan)> Outputs(string trace, Dictionary<string, string> dpPorts)
    {
        var actions = trace.Split('\n').Last(l => l.StartsWith("Datapath actions:", StringComparison.Ordinal))["Datapath actions:".Length..].Trim();
        var outputs = new List<(string, int?)>();
        int? vlan = null;
        foreach (var action in System.Text.RegularExpressions.Regex.Split(actions, @",(?![^(]*\))"))
        {
            if (System.Text.RegularExpressions.Regex.Match(action, @"^push_vlan\(vid=(\d+)") is { Success: true } push)
            {
                vlan = int.Parse(push.Groups[1].Value);
            }
            else if (action == "pop_vlan")
            {
                vlan = null;
            }
            else if (dpPorts.TryGetValue(action, out var port))
            {
                outputs.Add((port, vlan));
            }
        }
        return outputs;
    }
}
