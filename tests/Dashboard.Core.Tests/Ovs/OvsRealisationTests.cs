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
    public async Task A_VLAN_provider_network_reaches_a_host_on_the_wire_with_that_VLAN_only()
    {
        Skip.If(realised.Why is not null, realised.Why);
        var vm = RealisedCloud.NamespaceOf(realised.ProviderVm);
        Assert.True(await RealisedCloud.PingAsync(vm, RealisedCloud.WireHostOnVlan120), "the instance on provider VLAN 120 cannot reach the host on VLAN 120");
        Assert.False(await RealisedCloud.PingAsync(vm, RealisedCloud.WireHostOnVlan121), "the instance on VLAN 120 reached a host on VLAN 121");
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
        var cookie = $"cookie=0x{FlowTables.AgentCookie("compute1"):x}";
        foreach (var bridge in new[] { "br-int", "br-eth1", "br-tun" })
        {
            var real = (await daemons.OfctlAsync(["--no-stats", "dump-flows", bridge])).Split('\n').Count(l => l.Contains(cookie, StringComparison.Ordinal));
            Assert.Equal(plane.Flows[bridge].Count, real);
        }
        Assert.Contains(RealisedCloud.Nic, (await daemons.VsctlAsync(["list-ports", "br-eth1"])).Split('\n'));
    }

    [SkippableFact]
    public async Task Explore()
    {
        Skip.If(realised.Why is not null, realised.Why);
        await RealisedCloud.PingAsync(RealisedCloud.NamespaceOf(realised.Vm1), Ip(realised.Vm2));
        foreach (var (from, to) in new[] { (realised.Vm1, realised.Vm2), (realised.Vm1, realised.RemoteVm), (realised.VxlanVm, realised.RemoteVxlanVm), (realised.Vm1, realised.DownVm), (realised.Vm1, realised.AltVm), (realised.DownVm, realised.Vm1) })
        {
            var trace = await realised.Cloud.Get<PacketTracer>().TraceAsync(new TraceRequest(from.Id, DestinationPortId: to.Id));
            output.WriteLine($"MODEL {trace.Verdict} {trace.ReasonCode}");
            foreach (var hop in trace.Hops)
            {
                output.WriteLine($"  {hop.Host} {hop.Device} {hop.Kind} {hop.Tag} t={hop.Table} {hop.Flow} | {hop.Actions}");
            }
            var qvo = "qvo" + from.Id[..11];
            var real = await realised.Daemons.AppctlAsync(["ofproto/trace", "br-int", $"in_port={qvo},icmp,dl_src={from.MacAddress},dl_dst={to.MacAddress},nw_src={Ip(from)},nw_dst={Ip(to)}"]);
            output.WriteLine(real);
        }
    }
}
