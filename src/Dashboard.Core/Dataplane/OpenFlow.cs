using System.Globalization;
using System.Text;

namespace Dashboard.Core.Dataplane;

/// <summary>
/// What a flow matches. Null fields are wildcards. <see cref="Untagged"/> is <c>vlan_tci=0x0000/0x1fff</c>;
/// <see cref="DestinationMulticast"/> is the group bit of <c>dl_dst</c> (<c>01:00:00:00:00:00/01:00:00:00:00:00</c>).
/// </summary>
public sealed record FlowMatch(
    string? InPort = null, int? Vlan = null, bool Untagged = false, string? DestinationMac = null, bool? DestinationMulticast = null, long? TunnelId = null)
{
    public bool Matches(string inPort, PacketHeaders packet) =>
        (InPort is null || InPort == inPort)
        && (Vlan is null || packet.Vlan == Vlan)
        && (!Untagged || packet.Vlan is null)
        && (DestinationMac is null || string.Equals(DestinationMac, packet.DestinationMac, StringComparison.OrdinalIgnoreCase))
        && (DestinationMulticast is null || DestinationMulticast == packet.IsMulticast)
        && (TunnelId is null || packet.TunnelId == TunnelId);

    public override string ToString()
    {
        var parts = new List<string>();
        if (InPort is not null)
        {
            parts.Add($"in_port=\"{InPort}\"");
        }
        if (Untagged)
        {
            parts.Add("vlan_tci=0x0000/0x1fff");
        }
        if (Vlan is { } vlan)
        {
            parts.Add(vlan == Hosts.HostWiring.DeadVlan ? "vlan_tci=0x0fff/0x1fff" : $"dl_vlan={vlan}");
        }
        if (TunnelId is { } tunnel)
        {
            parts.Add($"tun_id=0x{tunnel:x}");
        }
        if (DestinationMac is not null)
        {
            parts.Add($"dl_dst={DestinationMac}");
        }
        if (DestinationMulticast is { } multicast)
        {
            parts.Add(multicast ? "dl_dst=01:00:00:00:00:00/01:00:00:00:00:00" : "dl_dst=00:00:00:00:00:00/01:00:00:00:00:00");
        }
        return string.Join(",", parts);
    }
}

/// <summary>One OpenFlow action of the subset Neutron's OVS agent uses.</summary>
public abstract record FlowAction
{
    public sealed record SetVlan(int Vlan) : FlowAction
    {
        public override string ToString() => $"mod_vlan_vid:{Vlan}";
    }

    public sealed record StripVlan : FlowAction
    {
        public override string ToString() => "strip_vlan";
    }

    public sealed record SetTunnel(long TunnelId) : FlowAction
    {
        public override string ToString() => $"load:0x{TunnelId:x}->NXM_NX_TUN_ID[]";
    }

    public sealed record Resubmit(int Table) : FlowAction
    {
        public override string ToString() => $"resubmit(,{Table})";
    }

    public sealed record Output(string Port) : FlowAction
    {
        public override string ToString() => $"output:\"{Port}\"";
    }

    /// <summary>The switch's own MAC-learning forwarding.</summary>
    public sealed record Normal : FlowAction
    {
        public override string ToString() => "NORMAL";
    }

    /// <summary>br-tun table 10's learn: teaches table 20 where a remote MAC lives. Forwarding-wise it does nothing.</summary>
    public sealed record LearnFromTunnel(ulong Cookie) : FlowAction
    {
        public override string ToString() =>
            $"learn(table=20,hard_timeout=300,priority=1,cookie=0x{Cookie:x},NXM_OF_VLAN_TCI[0..11],NXM_OF_ETH_DST[]=NXM_OF_ETH_SRC[],load:0->NXM_OF_VLAN_TCI[],load:NXM_NX_TUN_ID[]->NXM_NX_TUN_ID[],output:OXM_OF_IN_PORT[])";
    }
}

/// <summary>One flow as <c>ovs-ofctl dump-flows --no-stats</c> prints it; the cookie names the agent that owns it.</summary>
public sealed record Flow(string Bridge, int Table, int Priority, FlowMatch Match, IReadOnlyList<FlowAction> Actions, ulong Cookie)
{
    public string ActionsText => Actions.Count == 0 ? "drop" : string.Join(",", Actions);

    public override string ToString()
    {
        var text = new StringBuilder().Append(CultureInfo.InvariantCulture, $" cookie=0x{Cookie:x}, ");
        if (Table != 0)
        {
            text.Append(CultureInfo.InvariantCulture, $"table={Table}, ");
        }
        text.Append(CultureInfo.InvariantCulture, $"priority={Priority}");
        var match = Match.ToString();
        if (match.Length > 0)
        {
            text.Append(',').Append(match);
        }
        return text.Append(" actions=").Append(ActionsText).ToString();
    }
}

/// <summary>The headers the pipeline looks at and changes. <see cref="Vlan"/> null means untagged.</summary>
public sealed record PacketHeaders(string SourceMac, string DestinationMac, int? Vlan = null, long? TunnelId = null)
{
    public bool IsMulticast => Convert.ToByte(DestinationMac[..2], 16) % 2 == 1;
}

/// <summary>One flow that matched on the way through a bridge, with the headers as it left it.</summary>
public sealed record FlowStep(Flow Flow, PacketHeaders After);

/// <summary>Where a packet leaves a bridge, and the flows it went through to get there.</summary>
public sealed record BridgeOutput(string Port, PacketHeaders Packet);

public sealed record BridgeResult(IReadOnlyList<FlowStep> Steps, IReadOnlyList<BridgeOutput> Outputs);

/// <summary>
/// Runs a packet through one bridge's flow tables as ovs-vswitchd would: in each table the
/// highest-priority matching flow wins; resubmit continues in another table; NORMAL asks the
/// bridge's learned MAC table (<paramref name="normal"/>) where the destination is.
/// </summary>
public static class FlowPipeline
{
    /// <param name="accessVlan">
    /// The in_port's tag when it is an access port: as in OVS, the tables see the packet untagged and
    /// only NORMAL puts it in that VLAN (the steps show it in that VLAN, as the hop's tag).
    /// </param>
    public static BridgeResult Run(IReadOnlyList<Flow> flows, string inPort, PacketHeaders packet, Func<string, PacketHeaders, IReadOnlyList<string>> normal, int? accessVlan = null)
    {
        var steps = new List<FlowStep>();
        var outputs = new List<BridgeOutput>();
        var current = packet;
        RunTable(0, depth: 0);
        return new BridgeResult(steps, outputs);

        void RunTable(int table, int depth)
        {
            if (depth > 16)
            {
                return; // OVS limits resubmit depth too; a loop in the flows is dropped.
            }
            var flow = flows.Where(f => f.Table == table && f.Match.Matches(inPort, current))
                .OrderByDescending(f => f.Priority).FirstOrDefault();
            if (flow is null)
            {
                return; // table miss: dropped
            }
            foreach (var action in flow.Actions)
            {
                current = action switch
                {
                    FlowAction.SetVlan set => current with { Vlan = set.Vlan },
                    FlowAction.StripVlan => current with { Vlan = null },
                    FlowAction.SetTunnel tunnel => current with { TunnelId = tunnel.TunnelId },
                    _ => current,
                };
            }
            steps.Add(new FlowStep(flow, current.Vlan is null && accessVlan is not null ? current with { Vlan = accessVlan } : current));
            foreach (var action in flow.Actions)
            {
                switch (action)
                {
                    case FlowAction.Resubmit resubmit:
                        RunTable(resubmit.Table, depth + 1);
                        break;
                    case FlowAction.Output output:
                        outputs.Add(new BridgeOutput(output.Port, current));
                        break;
                    case FlowAction.Normal:
                        var switched = current.Vlan is null && accessVlan is not null ? current with { Vlan = accessVlan } : current;
                        outputs.AddRange(normal(inPort, switched).Where(p => p != inPort).Select(p => new BridgeOutput(p, switched)));
                        break;
                }
            }
        }
    }
}
