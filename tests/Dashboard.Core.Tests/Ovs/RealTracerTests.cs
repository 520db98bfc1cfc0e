using Dashboard.Core.Dataplane;
using Dashboard.Core.Ovs;

namespace Dashboard.Core.Tests.Ovs;

/// <summary>Reading ofproto/trace and dpif/show answers (captured from Open vSwitch 3.1 here, userspace datapath).</summary>
public sealed class RealTracerTests
{
    /// <summary>VM20 -> VM21 on compute1 before br-int has learned VM21's MAC: flooded to br-tun (VXLAN) and br-eth1.</summary>
    private const string Flooded = """
        Flow: icmp,in_port=6,vlan_tci=0x0000,dl_src=fa:16:3e:52:36:33,dl_dst=fa:16:3e:11:00:82,nw_src=172.16.0.3,nw_dst=172.16.0.4,nw_tos=0,nw_ecn=0,nw_ttl=64,nw_frag=no,icmp_type=8,icmp_code=0

        bridge("br-int")
        ----------------
         0. priority 0, cookie 0x991473c30fe0867
            resubmit(,60)
        60. priority 3, cookie 0x991473c30fe0867
            NORMAL
             -> no learned MAC for destination, flooding

            bridge("br-tun")
            ----------------
                 0. in_port=1, priority 1, cookie 0x991473c30fe0867
                    resubmit(,2)
                 2. dl_dst=00:00:00:00:00:00/01:00:00:00:00:00, priority 0, cookie 0x991473c30fe0867
                    resubmit(,20)
                20. dl_vlan=2,dl_dst=fa:16:3e:11:00:82, priority 2, cookie 0x991473c30fe0867
                    pop_vlan
                    load:0x1389->NXM_NX_TUN_ID[]
                    output:3
                     -> output to native tunnel
                     -> tunneling to 192.168.56.12 via br-phy

                bridge("br-phy")
                ----------------
                 0. priority 0
                    NORMAL
                     -> forwarding to learned port

        bridge("br-eth1")
        -----------------
         0. in_port=1, priority 2, cookie 0x991473c30fe0867
            drop

        Final flow: unchanged
        Megaflow: recirc_id=0,eth,ip,in_port=6,dl_src=fa:16:3e:52:36:33,dl_dst=fa:16:3e:11:00:82,nw_ecn=0,nw_frag=no
        Datapath actions: clone(tnl_push(tnl_port(5),header(size=50,type=4,eth(dst=7a:3d:a7:69:ae:46,src=3e:91:80:72:6f:4a,dl_type=0x0800),ipv4(src=192.168.56.11,dst=192.168.56.12,proto=17,tos=0,ttl=64,frag=0x4000),udp(src=0,dst=4789,csum=0x0),vxlan(flags=0x8000000,vni=0x1389)),out_port(1)),2),push_vlan(vid=2,pcp=0),3
        """;

    private const string DpifShow = """
        netdev@ovs-netdev: hit:124 missed:159
          br-eth1:
            br-eth1 65534/5: (tap)
            eth1 2/4: (system)
            phy-br-eth1 1/none: (patch: peer=int-br-eth1)
          br-int:
            br-int 65534/3: (tap)
            int-br-eth1 1/none: (patch: peer=phy-br-eth1)
            qvo1bb98355-a4 2/6: (system)
          br-phy:
            br-phy 65534/1: (tap)
            eth-tun 1/2: (system)
        """;

    [Fact]
    public void The_steps_keep_the_order_taken_and_a_flood_copys_bridges_are_their_own_the_underlay_included()
    {
        var steps = RealTracer.Steps(Flooded);

        Assert.Equal([("br-int", 0), ("br-int", 60), ("br-tun", 0), ("br-tun", 2), ("br-tun", 20), ("br-phy", 0), ("br-eth1", 0)], steps.Select(s => (s.Bridge, s.Table)));
        Assert.Equal("pop_vlan, load:0x1389->NXM_NX_TUN_ID[], output:3", steps[4].Actions);
        Assert.Equal("dl_vlan=2,dl_dst=fa:16:3e:11:00:82, priority 2, cookie 0x991473c30fe0867", steps[4].Match);
        Assert.Equal("drop", steps[6].Actions);
    }

    [Fact]
    public void Each_bridges_openflow_ports_are_read_by_name()
    {
        var ports = RealTracer.OpenFlowPorts(DpifShow);

        Assert.Equal("int-br-eth1", ports["br-int"][1]);
        Assert.Equal("qvo1bb98355-a4", ports["br-int"][2]);
        Assert.Equal("phy-br-eth1", ports["br-eth1"][1]);
        Assert.Equal("eth-tun", ports["br-phy"][1]);
    }

    [Fact]
    public void The_exits_are_the_tunnel_by_its_remote_and_vni_not_the_underlays_port_and_each_port_with_its_vlan()
    {
        var exits = RealTracer.Exits(Flooded, RealTracer.DatapathPorts(DpifShow));

        Assert.Equal([new RealExit("vxlan-c0a8380c", "tunnel ID 5001"), new RealExit("br-int", "VLAN 2")], exits);
        Assert.Equal([new RealExit("eth1", "VLAN 1000")], RealTracer.Exits("Datapath actions: push_vlan(vid=1000,pcp=0),4", RealTracer.DatapathPorts(DpifShow)));
        Assert.Equal([new RealExit("qvo1bb98355-a4", "untagged")], RealTracer.Exits("Datapath actions: pop_vlan,6", RealTracer.DatapathPorts(DpifShow)));
        Assert.Empty(RealTracer.Exits("Datapath actions: drop", RealTracer.DatapathPorts(DpifShow)));
    }

    [Fact]
    public void Model_steps_line_up_with_the_real_ones_a_missing_one_differs_and_a_floods_copies_agree_only_when_flooded()
    {
        static TraceHop Hop(string bridge, int table, string match) => new("compute1", bridge, "ovs-bridge", "", "", table, $"cookie=0x991473c30fe0867, {(table > 0 ? $"table={table}, " : "")}{match} actions=NORMAL");
        var model = new[]
        {
            Hop("br-int", 0, "priority=0"), Hop("br-int", 60, "priority=3"), Hop("br-tun", 0, "priority=1,in_port=\"patch-int\""),
            Hop("br-tun", 2, "priority=0,dl_dst=00:00:00:00:00:00/01:00:00:00:00:00"), Hop("br-tun", 20, "priority=2,dl_vlan=2,dl_dst=fa:16:3e:11:00:82"),
        };
        var patchInt = new Dictionary<int, string> { [1] = "patch-int" };
        var real = RealTracer.Steps(Flooded).Where(s => s.Bridge != WireFabric.TunnelBridge).Select(s => s with { Key = s.Key.WithPortNames(s.Bridge == "br-tun" ? patchInt : []) }).ToList();
        var probe = new TraceProbe("br-int", "qvo1", new PacketHeaders("fa:16:3e:52:36:33", "fa:16:3e:11:00:82"), "172.16.0.3", "172.16.0.4", 1, 8, null);

        var aligned = RealTracer.Align(model, real);
        Assert.Equal(6, aligned.Count);
        Assert.All(aligned.Take(5), c => Assert.True(c.Same));
        Assert.Null(aligned[5].Model); // br-eth1's copy
        var flooded = new RealStretch("compute1", probe, aligned, new RealExit("vxlan-c0a8380c", "tunnel ID 5001"),
            [new RealExit("vxlan-c0a8380c", "tunnel ID 5001"), new RealExit("br-int", "VLAN 2")], Flooded);
        Assert.True(flooded.Same);
        Assert.False((flooded with { Exits = [new RealExit("vxlan-c0a8380c", "tunnel ID 5002")] }).Same); // one exit: br-eth1's step is not a copy, and the VNI is wrong
        Assert.Contains("tunnel ID 5002", (flooded with { Steps = aligned.Take(5).ToList(), Exits = [new RealExit("vxlan-c0a8380c", "tunnel ID 5002")] }).Difference);

        var missing = RealTracer.Align([.. model, Hop("br-tun", 22, "priority=1,dl_vlan=2")], real);
        Assert.Contains(missing, c => c.Model?.Table == 22 && c.Real is null);
        // Same bridge and table, another flow (a priority or a match field apart): not the same step.
        Assert.False(RealTracer.Align([Hop("br-int", 0, "priority=3,in_port=\"int-br-eth1\",dl_vlan=100")], [new RealStep("br-int", 0, "in_port=1, priority 2, cookie 0x1", "drop") { Key = new RealStep("br-int", 0, "in_port=1, priority 2, cookie 0x1", "drop").Key.WithPortNames(new Dictionary<int, string> { [1] = "int-br-eth1" }) }])[0].Same);
        Assert.True(RealTracer.Align([Hop("br-int", 0, "priority=3,in_port=\"int-br-eth1\",dl_vlan=100")], [new RealStep("br-int", 0, "in_port=1,dl_vlan=100, priority 3, cookie 0x1", "drop") { Key = new RealStep("br-int", 0, "in_port=1,dl_vlan=100, priority 3, cookie 0x1", "drop").Key.WithPortNames(new Dictionary<int, string> { [1] = "int-br-eth1" }) }])[0].Same);
    }
}
