using Dashboard.Core.Dataplane;
using Dashboard.Core.Networking;
using Dashboard.Core.Ovs;
using Dashboard.Core.Tests.Support;

namespace Dashboard.Core.Tests.Ovs;

/// <summary>
/// Bound ports realised for real: namespaces standing in for VMs, tap/qbr/qvb/qvo, br-int tags.
/// Traffic stays inside namespaces this test creates. Needs root and Open vSwitch; skipped otherwise.
/// </summary>
[Collection(RealOvs.Collection)]
public sealed class PortRealizerTests(OwnSwitch own) : IClassFixture<OwnSwitch>
{
    private readonly OvsDaemons? _daemons = own.Daemons;

    private static Task<bool> PingAsync(string ns, string ip) => RealisedCloud.PingAsync(ns, ip);

    [SkippableFact]
    public async Task Two_instances_ping_each_other_another_network_is_isolated_security_group_rules_decide_and_nothing_is_left_behind()
    {
        Skip.If(_daemons is null || !File.Exists("/usr/bin/ping"), "needs root, Open vSwitch (openvswitch-switch) and ping (iputils-ping) to realise ports");
        await using var cloud = await TestCloud.CreateAsync();
        await cloud.RegisterHostsAsync();
        var (a, subnetA) = await cloud.NetworkWithSubnetAsync("10.0.0.0/24");
        var b = await cloud.Networks.CreateAsync(new NetworkSpec(Scenario.Demo, "other"));
        var subnetB = await cloud.Subnets.CreateAsync(new SubnetSpec(b.Id, "10.0.0.0/24") { AllocationPools = [new("10.0.0.100", "10.0.0.150")] });
        var vm1 = await cloud.LaunchAsync("VM01", "compute1", a.Id);
        var vm2 = await cloud.LaunchAsync("VM02", "compute1", a.Id);
        var vm3 = await cloud.LaunchAsync("VM03", "compute1", b.Id);
        var plane = await cloud.Get<DataplaneService>().ForHostAsync("compute1");
        var subnets = new Dictionary<string, Subnet> { [a.Id] = subnetA, [b.Id] = subnetB };
        var addresses = new[] { vm1, vm2, vm3 }.ToDictionary(p => p.Id,
            p => PortRealizer.AddressOf(p.Id, p.FixedIps[0].IpAddress, subnets[p.NetworkId].Prefix, subnets[p.NetworkId].GatewayIp));
        await using var ovsdb = await OvsdbClient.ConnectAsync(_daemons!.Socket);
        var bridges = new BridgeRealizer(ovsdb, _daemons);
        var ports = new PortRealizer(ovsdb, "compute1");
        var firewall = new FirewallRealizer();
        var ns1 = PortRealizer.Namespace(plane.Layout.Vifs.Single(v => v.PortId == vm1.Id));
        try
        {
            await bridges.ReconcileAsync(plane);
            await ports.ReconcileAsync(plane.Layout, addresses);
            await ports.ReconcileAsync(plane.Layout, addresses); // nothing plugged twice
            await ovsdb.SyncVswitchdAsync();
            await bridges.ApplyFlowsAsync(plane);

            Assert.True(await PingAsync(ns1, vm2.FixedIps[0].IpAddress), "VM01 cannot ping VM02 on the same network");
            Assert.False(await PingAsync(ns1, vm3.FixedIps[0].IpAddress), "VM01 reached VM03 on another network's VLAN");
            var show = await OvsDaemons.RunAsync("ovs-vsctl", [$"--db=unix:{_daemons.Socket}", "--columns=name,tag", "list", "Port"], default);
            Assert.Equal(3, show.Split('\n').Count(l => l.Contains("qvo", StringComparison.Ordinal)));

            // Security groups for real: the default group admits its members (through their ipset)...
            await firewall.ApplyAsync(await cloud.Get<DataplaneService>().ForHostAsync("compute1"));
            await firewall.ApplyAsync(await cloud.Get<DataplaneService>().ForHostAsync("compute1")); // nothing doubled
            Assert.True(await PingAsync(ns1, vm2.FixedIps[0].IpAddress), "the default group should admit its members");
            var group = (await cloud.SecurityGroups.ListAsync(Scenario.Demo)).Single(g => g.Name == "default");
            var fromMembers = (await cloud.SecurityGroups.GetAsync(group.Id)).Rules.Single(r => r.Direction == "ingress" && r.EtherType == "IPv4");
            var saved = await OvsDaemons.RunAsync("iptables-save", ["-t", "filter"], default);
            Assert.Single(saved.Split('\n'), l => l == "-A FORWARD -j neutron-openvswi-FORWARD");
            // ...removing that rule stops the ping; an ICMP rule from anywhere lets it through again.
            await cloud.SecurityGroups.DeleteRuleAsync(fromMembers.Id);
            await firewall.ApplyAsync(await cloud.Get<DataplaneService>().ForHostAsync("compute1"));
            Assert.False(await PingAsync(ns1, vm2.FixedIps[0].IpAddress), "the ping passed without an ingress rule");
            await cloud.SecurityGroups.AddRuleAsync(group.Id, new Dashboard.Core.SecurityGroups.SecurityGroupRuleSpec("ingress", Protocol: "icmp", RemoteIpPrefix: "0.0.0.0/0"));
            await firewall.ApplyAsync(await cloud.Get<DataplaneService>().ForHostAsync("compute1"));
            Assert.True(await PingAsync(ns1, vm2.FixedIps[0].IpAddress), "the ICMP rule did not let the ping through");
        }
        finally
        {
            await firewall.RemoveAllAsync();
            await ports.RemoveAllAsync();
            await bridges.RemoveOwnAsync("compute1");
        }
        var namespaces = await OvsDaemons.RunAsync("ip", ["netns", "list"], default);
        Assert.DoesNotContain(PortRealizer.NamespacePrefix, namespaces);
        var links = await OvsDaemons.RunAsync("ip", ["-o", "link"], default);
        Assert.DoesNotContain(vm1.Id[..11], links);
        Assert.Empty(await FirewallRealizer.OwnChainsAsync());
    }
}
