using System.Security.Cryptography;
using System.Text;
using Dashboard.Core.Hosts;
using Dashboard.Core.Segmentation;
using static Dashboard.Core.Dataplane.FlowAction;

namespace Dashboard.Core.Dataplane;

/// <summary>
/// The OpenFlow tables Neutron's OVS agent installs on a host, derived from the host's layout:
/// <list type="bullet">
/// <item>br-int: table 0 drops the dead VLAN and each admin-down port (a VM's qvo, a namespace's qr-/qg-/tap) by in_port, translates each provider segment arriving from
/// <c>int-br-ethX</c> to its local VLAN, drops the rest from that patch, sends everything else to
/// table 60; table 23 is the agent's canary; table 60 switches NORMAL.</item>
/// <item>br-ethX: local VLAN from <c>phy-br-ethX</c> to the segmentation ID (or untagged for flat),
/// everything else from the patch dropped, the NIC's traffic NORMAL.</item>
/// <item>br-tun (tunnel networks): table 0 by in_port, 2 unicast/flood, 4 tunnel ID to local VLAN,
/// 10 learn and back to br-int, 20 l2population unicast, 22 flood to the tunnel ports.</item>
/// </list>
/// Every flow carries the agent's cookie, so the agent can tell its own flows from anyone else's.
/// </summary>
public static class FlowTables
{
    public const int BrIntTranslate = 0;
    public const int BrIntCanary = 23;
    public const int BrIntNormal = 60;

    /// <summary>The agent's cookie on a host: stable across restarts, different per host.</summary>
    public static ulong AgentCookie(string host) =>
        BitConverter.ToUInt64(SHA256.HashData(Encoding.UTF8.GetBytes($"neutron-openvswitch-agent@{host}")), 0) & 0x7fff_ffff_ffff_ffffUL;

    public static IReadOnlyDictionary<string, IReadOnlyList<Flow>> Build(HostLayout layout)
    {
        var cookie = AgentCookie(layout.Node.Name);
        var result = new Dictionary<string, IReadOnlyList<Flow>>(StringComparer.Ordinal);
        foreach (var bridge in layout.Bridges)
        {
            result[bridge.Name] = bridge.Kind switch
            {
                BridgeKind.Integration => Integration(layout, cookie),
                BridgeKind.Provider => Provider(layout, bridge, cookie),
                _ => Tunnel(layout, bridge, cookie),
            };
        }
        return result;
    }

    /// <summary>A bridge's flows as <c>ovs-ofctl dump-flows --no-stats</c> lists them (by table, then priority).</summary>
    public static string DumpFlows(IEnumerable<Flow> flows) =>
        string.Join('\n', flows.OrderBy(f => f.Table).ThenByDescending(f => f.Priority).ThenBy(f => f.Match.ToString(), StringComparer.Ordinal));

    private static List<Flow> Integration(HostLayout layout, ulong cookie)
    {
        const string brInt = HostWiring.IntegrationBridge;
        var flows = new List<Flow>
        {
            new(brInt, BrIntTranslate, 65535, new FlowMatch(Vlan: HostWiring.DeadVlan), [], cookie),
        };
        foreach (var mapping in layout.Node.BridgeMappings)
        {
            foreach (var network in layout.Networks.Where(n => !n.IsTunnel && n.PhysicalNetwork == mapping.PhysicalNetwork))
            {
                var match = network.NetworkType == NetworkTypes.Flat
                    ? new FlowMatch(mapping.IntegrationPatch, Untagged: true)
                    : new FlowMatch(mapping.IntegrationPatch, Vlan: (int)network.SegmentationId!.Value);
                flows.Add(new(brInt, BrIntTranslate, 3, match, [new SetVlan(network.LocalVlan), new Resubmit(BrIntNormal)], cookie));
            }
            flows.Add(new(brInt, BrIntTranslate, 2, new FlowMatch(mapping.IntegrationPatch), [], cookie));
        }
        // A port on the dead VLAN: its access tag is only applied by NORMAL, so the tables see its
        // packets untagged; Neutron's port_dead drops them by in_port (priority 2), as here.
        foreach (var dead in layout.Vifs.Where(v => v.LocalVlan == HostWiring.DeadVlan).Select(v => v.Qvo)
                     .Concat(layout.NamespacePorts.Where(p => p.LocalVlan == HostWiring.DeadVlan).Select(p => p.Name)).Order(StringComparer.Ordinal))
        {
            flows.Add(new(brInt, BrIntTranslate, 2, new FlowMatch(dead), [], cookie));
        }
        flows.Add(new(brInt, BrIntTranslate, 0, new FlowMatch(), [new Resubmit(BrIntNormal)], cookie));
        flows.Add(new(brInt, BrIntCanary, 0, new FlowMatch(), [], cookie));
        flows.Add(new(brInt, BrIntNormal, 3, new FlowMatch(), [new Normal()], cookie));
        return flows;
    }

    private static List<Flow> Provider(HostLayout layout, OvsBridge bridge, ulong cookie)
    {
        var mapping = layout.Node.BridgeMappings.First(m => m.Bridge == bridge.Name);
        var flows = new List<Flow>();
        foreach (var network in layout.Networks.Where(n => !n.IsTunnel && n.PhysicalNetwork == mapping.PhysicalNetwork))
        {
            FlowAction translate = network.NetworkType == NetworkTypes.Flat ? new StripVlan() : new SetVlan((int)network.SegmentationId!.Value);
            flows.Add(new(bridge.Name, 0, 4, new FlowMatch(mapping.ProviderPatch, Vlan: network.LocalVlan), [translate, new Normal()], cookie));
        }
        flows.Add(new(bridge.Name, 0, 2, new FlowMatch(mapping.ProviderPatch), [], cookie));
        flows.Add(new(bridge.Name, 0, 0, new FlowMatch(), [new Normal()], cookie));
        return flows;
    }

    private static List<Flow> Tunnel(HostLayout layout, OvsBridge bridge, ulong cookie)
    {
        const string brTun = HostWiring.TunnelBridge;
        var tunnelPorts = bridge.Ports.Where(p => p.Kind == OvsPortKind.Tunnel).ToList();
        var flows = new List<Flow>
        {
            new(brTun, 0, 1, new FlowMatch("patch-int"), [new Resubmit(2)], cookie),
            new(brTun, 0, 0, new FlowMatch(), [], cookie),
            new(brTun, 2, 0, new FlowMatch(DestinationMulticast: false), [new Resubmit(20)], cookie),
            new(brTun, 2, 0, new FlowMatch(DestinationMulticast: true), [new Resubmit(22)], cookie),
            new(brTun, 3, 0, new FlowMatch(), [], cookie),
            new(brTun, 4, 0, new FlowMatch(), [], cookie),
            new(brTun, 6, 0, new FlowMatch(), [], cookie),
            new(brTun, 10, 1, new FlowMatch(), [new LearnFromTunnel(cookie), new Output("patch-int")], cookie),
            new(brTun, 20, 0, new FlowMatch(), [new Resubmit(22)], cookie),
            new(brTun, 22, 0, new FlowMatch(), [], cookie),
        };
        flows.AddRange(tunnelPorts.Select(p => new Flow(brTun, 0, 1, new FlowMatch(p.Name), [new Resubmit(4)], cookie)));
        foreach (var network in layout.Networks.Where(n => n.IsTunnel))
        {
            var segment = network.SegmentationId!.Value;
            flows.Add(new(brTun, 4, 1, new FlowMatch(TunnelId: segment), [new SetVlan(network.LocalVlan), new Resubmit(10)], cookie));
            var sameType = tunnelPorts.Where(p => p.Name.StartsWith(network.NetworkType + "-", StringComparison.Ordinal)).ToList();
            if (sameType.Count > 0)
            {
                flows.Add(new(brTun, 22, 1, new FlowMatch(Vlan: network.LocalVlan),
                    [new StripVlan(), new SetTunnel(segment), .. sameType.Select(p => new Output(p.Name))], cookie));
            }
            foreach (var neighbour in layout.TunnelNeighbours.Where(n => n.NetworkId == network.NetworkId))
            {
                flows.Add(new(brTun, 20, 2, new FlowMatch(Vlan: network.LocalVlan, DestinationMac: neighbour.MacAddress),
                    [new StripVlan(), new SetTunnel(segment), new Output(neighbour.TunnelPort)], cookie));
            }
        }
        return flows;
    }
}
