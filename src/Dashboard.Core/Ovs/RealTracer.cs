using System.Globalization;
using System.Text.RegularExpressions;
using Dashboard.Core.Agents;
using Dashboard.Core.Dataplane;
using Dashboard.Core.Hosts;
using Microsoft.Extensions.Options;

namespace Dashboard.Core.Ovs;

/// <summary>One flow the real switch's packet went through: its bridge, table, match and actions, as <c>ofproto/trace</c> says.</summary>
public sealed record RealStep(string Bridge, int Table, string Match, string Actions)
{
    /// <summary>The flow's priority and match fields (in_port by name once <see cref="RealTracer"/> has the bridge's ports), to compare with the model's.</summary>
    public FlowKey Key { get; init; } = FlowKey.OfTrace(Match);
}

/// <summary>A flow by its priority and match fields, sorted; in_port by name.</summary>
public sealed partial record FlowKey(int Priority, string Fields)
{
    /// <summary>From <c>ofproto/trace</c>'s "in_port=1,dl_vlan=100, priority 3, cookie 0x..".</summary>
    public static FlowKey OfTrace(string match)
    {
        var priority = TracePriority().Match(match);
        var fields = match.StartsWith("priority ", StringComparison.Ordinal) ? "" : match[..Math.Max(0, match.IndexOf(", priority ", StringComparison.Ordinal))];
        return new FlowKey(priority.Success ? int.Parse(priority.Groups[1].Value, CultureInfo.InvariantCulture) : -1, Sorted(fields.Split(',')));
    }

    /// <summary>From the model's flow in <c>dump-flows</c> form: "cookie=0x.., table=60, priority=3,in_port="int-br-eth1",dl_vlan=100 actions=...".</summary>
    public static FlowKey OfModel(string flow)
    {
        var match = flow.Split(" actions=")[0];
        var priority = ModelPriority().Match(match);
        var fields = priority.Success ? match[(priority.Index + priority.Length)..].TrimStart(',') : "";
        return new FlowKey(priority.Success ? int.Parse(priority.Groups[1].Value, CultureInfo.InvariantCulture) : -1, Sorted(fields.Replace("\"", "", StringComparison.Ordinal).Split(',')));
    }

    /// <summary>The same flow with its in_port number replaced by the port's name.</summary>
    public FlowKey WithPortNames(IReadOnlyDictionary<int, string> ofports) => this with
    {
        Fields = Sorted(Fields.Split(',').Select(f => f.StartsWith("in_port=", StringComparison.Ordinal) && int.TryParse(f[8..], CultureInfo.InvariantCulture, out var n) && ofports.TryGetValue(n, out var name) ? $"in_port={name}" : f)),
    };

    private static string Sorted(IEnumerable<string> fields) => string.Join(',', fields.Select(f => f.Trim()).Where(f => f.Length > 0).Order(StringComparer.Ordinal));

    [GeneratedRegex(@"priority (\d+)")]
    private static partial Regex TracePriority();

    [GeneratedRegex(@"priority=(\d+)")]
    private static partial Regex ModelPriority();
}

/// <summary>Where the real switch sends the packet out: a port (a NIC, a qvo, a router's port) or a tunnel, with the tag it carries there.</summary>
public sealed record RealExit(string Port, string Tag);

/// <summary>
/// A bridge step of the model beside the real switch's at the same place; either may be missing: a model
/// step the real switch did not take is a difference; a real step the model did not take is one of the
/// copies of a flood (the model follows only the copy that reaches the destination) or a difference.
/// </summary>
public sealed record ComparedStep(TraceHop? Model, RealStep? Real)
{
    public bool Same => Model is not null && Real is not null && Model.Device == Real.Bridge && Model.Table == Real.Table && FlowKey.OfModel(Model.Flow ?? "") == Real.Key;
}

/// <summary>
/// One host's part of the path: the model's packet put through that host's real switch from the bridge
/// it enters (the real switch follows patch ports itself). <see cref="ModelExit"/> is where the model
/// says it leaves the host's switches (null: it is dropped there); <see cref="Exits"/> where the real
/// switch sends it (more than one when it floods a MAC it has not learned yet).
/// </summary>
public sealed record RealStretch(string Host, TraceProbe Probe, IReadOnlyList<ComparedStep> Steps, RealExit? ModelExit, IReadOnlyList<RealExit> Exits, string Output, string? Error = null)
{
    /// <summary>Whether the real switch flooded the packet (a destination MAC it has not learned yet): copies go where the model's one does not.</summary>
    public bool Flooded => Exits.Count > 1;

    /// <summary>Whether the step is as the model's, or (when the real switch flooded) a copy the model does not follow.</summary>
    public bool Agrees(ComparedStep step) => step.Same || (step.Model is null && Flooded);

    /// <summary>Whether the real switch took the model's flows and sent the packet where the model does, tagged as the model says.</summary>
    public bool Same => Error is null && Steps.All(Agrees) && (ModelExit is null
        ? Exits.Count == 0
        : Exits.Any(e => e.Port == ModelExit.Port && (ModelExit.Tag.Length == 0 || e.Tag == ModelExit.Tag)));

    /// <summary>What differs, in words; empty when nothing does.</summary>
    public string Difference => Error ?? (Same ? "" : !Steps.All(Agrees)
        ? $"the flows differ at step {Steps.ToList().FindIndex(s => !Agrees(s)) + 1}"
        : ModelExit is null
            ? $"the model drops it; the real switch sends it to {string.Join(", ", Exits.Select(e => e.Port))}"
            : Exits.Count == 0 ? $"the model sends it to {ModelExit.Port}; the real switch drops it"
            : $"the model sends it to {ModelExit.Port} ({ModelExit.Tag}); the real switch to {string.Join(", ", Exits.Select(e => $"{e.Port} ({e.Tag})"))}");
}

/// <summary>The real switches' side of a trace: one stretch per host the packet enters, for the way there and, if any, the way back.</summary>
public sealed record RealTrace(IReadOnlyList<RealStretch> Stretches, IReadOnlyList<RealStretch> Reply)
{
    /// <summary>Whether the model's packet reached any switch (not when it is dropped before br-int, e.g. its port is down).</summary>
    public bool Traced => Stretches.Count > 0;

    /// <summary>Whether the real switches did what the model says on every host the packet entered; false when it entered none.</summary>
    public bool Same => Traced && Stretches.Concat(Reply).All(s => s.Same);
}

/// <summary>
/// Puts a model trace's packet through the real switches of the hosts realised on this machine
/// (<c>Agent:Mode=ovs</c>): for each host it enters, <c>ovs-appctl ofproto/trace</c> on the bridge it
/// enters by, with the packet as the model has it there; the steps and where the packet leaves are
/// read from the answer (the datapath's actions, its ports named by <c>dpif/show</c>) and lined up with
/// the model's. Security groups (iptables) and the routers' namespaces (the kernel's routing and NAT)
/// are not Open vSwitch and are not traced here: the model's verdict on them stands. Reads only.
/// </summary>
public sealed partial class RealTracer(IOptions<AgentOptions> options)
{
    /// <summary>Whether any host is realised on Open vSwitch here, so that a real trace can be asked for.</summary>
    public bool Available => options.Value.RealisesOnOvs;

    public async Task<RealTrace> TraceAsync(TraceResult model, CancellationToken ct = default)
    {
        var daemons = new Dictionary<string, HostSwitch?>(StringComparer.Ordinal);
        return new RealTrace(await StretchesAsync(model, daemons, ct), model.Reply is null ? [] : await StretchesAsync(model.Reply, daemons, ct));
    }

    private async Task<IReadOnlyList<RealStretch>> StretchesAsync(TraceResult model, Dictionary<string, HostSwitch?> daemons, CancellationToken ct)
    {
        var stretches = new List<RealStretch>();
        var hops = model.Hops;
        for (var i = 0; i < hops.Count; i++)
        {
            if (hops[i].Probe is not { } probe)
            {
                continue;
            }
            var host = hops[i].Host;
            var steps = new List<TraceHop>();
            var j = i;
            for (; j < hops.Count && hops[j].Host == host && hops[j].Kind is "ovs-bridge" or "patch" && (j == i || hops[j].Probe is null); j++)
            {
                if (hops[j].Kind == "ovs-bridge")
                {
                    steps.Add(hops[j]);
                }
            }
            stretches.Add(await StretchAsync(host, probe, steps, j < hops.Count ? ExitOf(hops[j]) : null, daemons, ct));
            i = j - 1;
        }
        return stretches;
    }

    /// <summary>Where the model's packet leaves the host's switches, by the hop after its last bridge; the tag only where it is on a wire or tunnel.</summary>
    private static RealExit? ExitOf(TraceHop next) => next.Kind switch
    {
        "nic" or "tunnel" => new RealExit(next.Device, next.Tag),
        "ovs-port" or "router-port" => new RealExit(next.Device, ""),
        _ => null,
    };

    private async Task<RealStretch> StretchAsync(string host, TraceProbe probe, List<TraceHop> model, RealExit? modelExit, Dictionary<string, HostSwitch?> daemons, CancellationToken ct)
    {
        RealStretch Failed(string why) => new(host, probe, model.Select(m => new ComparedStep(m, null)).ToList(), modelExit, [], "", why);
        if (!options.Value.Realises(host))
        {
            return Failed($"{host} is not realised on Open vSwitch here");
        }
        if (!daemons.TryGetValue(host, out var switches))
        {
            switches = await OvsDaemons.AttachAsync(options.Value.RunDirectoryOf(host), ct) is { } attached ? new HostSwitch(attached) : null;
            daemons[host] = switches;
        }
        if (switches is null)
        {
            return Failed($"{host}'s Open vSwitch is not running in {options.Value.RunDirectoryOf(host)}");
        }
        string output, ports;
        try
        {
            output = await switches.Daemons.AppctlAsync(["ofproto/trace", probe.Bridge, probe.OvsFlow()], ct);
            ports = switches.Ports ??= await switches.Daemons.AppctlAsync(["dpif/show"], ct); // once per host and trace: the way back crosses the same switches
        }
        catch (HostCommandException e)
        {
            return Failed(e.Message);
        }
        // The tunnels' underlay bridge carries the encapsulated packet: the wire's, not the packet's path.
        var names = OpenFlowPorts(ports);
        var real = Steps(output).Where(r => r.Bridge != WireFabric.TunnelBridge)
            .Select(r => r with { Key = r.Key.WithPortNames(names.GetValueOrDefault(r.Bridge) ?? new Dictionary<int, string>()) }).ToList();
        return new RealStretch(host, probe, Align(model, real), modelExit, Exits(output, DatapathPorts(ports)), output);
    }

    /// <summary>A realised host's switch as one trace reads it: its daemons, and its ports once read.</summary>
    private sealed class HostSwitch(OvsDaemons daemons)
    {
        public OvsDaemons Daemons { get; } = daemons;
        public string? Ports { get; set; }
    }

    /// <summary>
    /// The model's steps lined up with the real ones in order: each model step with the next real step of
    /// the same bridge and table; real steps between them (the copies of a flood) stand alone, as does a
    /// model step the real switch never took.
    /// </summary>
    public static IReadOnlyList<ComparedStep> Align(IReadOnlyList<TraceHop> model, IReadOnlyList<RealStep> real)
    {
        var compared = new List<ComparedStep>();
        var next = 0;
        foreach (var step in model)
        {
            var match = -1;
            for (var k = next; k < real.Count && match < 0; k++)
            {
                match = real[k].Bridge == step.Device && real[k].Table == step.Table ? k : -1;
            }
            if (match < 0)
            {
                compared.Add(new ComparedStep(step, null));
                continue;
            }
            compared.AddRange(real.Skip(next).Take(match - next).Select(r => new ComparedStep(null, r)));
            compared.Add(new ComparedStep(step, real[match]));
            next = match + 1;
        }
        compared.AddRange(real.Skip(next).Select(r => new ComparedStep(null, r)));
        return compared;
    }

    /// <summary>
    /// The flows of an <c>ofproto/trace</c> answer in the order taken: "bridge("br-int")" heads a bridge,
    /// " 0. match, priority p, cookie c" a flow, its actions below it. A bridge entered by a copy of the
    /// packet (a flood, a patch port) is indented under the flow that sent it; when the indentation comes
    /// back, so does the bridge.
    /// </summary>
    public static IReadOnlyList<RealStep> Steps(string output)
    {
        var steps = new List<RealStep>();
        var bridges = new Stack<(int Indent, string Name)>();
        var bridge = "";
        string? match = null;
        var table = 0;
        var actions = new List<string>();
        void Flush()
        {
            if (match is not null)
            {
                steps.Add(new RealStep(bridge, table, match, string.Join(", ", actions)));
            }
            (match, actions) = (null, []);
        }
        foreach (var line in output.Split('\n'))
        {
            var indent = line.Length - line.TrimStart().Length;
            if (BridgeLine().Match(line) is { Success: true } b)
            {
                Flush();
                while (bridges.Count > 0 && bridges.Peek().Indent >= indent)
                {
                    bridges.Pop();
                }
                bridges.Push((indent, b.Groups[1].Value));
                bridge = b.Groups[1].Value;
            }
            else if (FlowLine().Match(line) is { Success: true } f && bridges.Count > 0)
            {
                Flush();
                while (bridges.Count > 1 && bridges.Peek().Indent > indent)
                {
                    bridges.Pop();
                }
                bridge = bridges.Peek().Name;
                (table, match) = (int.Parse(f.Groups[1].Value, CultureInfo.InvariantCulture), f.Groups[2].Value.Trim());
            }
            else if (line.StartsWith("Final flow:", StringComparison.Ordinal))
            {
                Flush();
                bridges.Clear();
            }
            else if (match is not null && line.Trim() is { Length: > 0 } action && !action.StartsWith("->", StringComparison.Ordinal) && !action.StartsWith('-'))
            {
                actions.Add(action);
            }
        }
        Flush();
        return steps;
    }

    /// <summary>
    /// Where the datapath sends the packet, from the answer's "Datapath actions:" line: each output port
    /// with the VLAN it carries there (push_vlan/pop_vlan before it), a tunnel (tnl_push) by its remote
    /// address and ID; what follows a tnl_push in its clone is the underlay's way out, not the packet's.
    /// </summary>
    public static IReadOnlyList<RealExit> Exits(string output, IReadOnlyDictionary<int, string> datapathPorts)
    {
        var line = output.Split('\n').FirstOrDefault(l => l.StartsWith("Datapath actions:", StringComparison.Ordinal));
        var exits = new List<RealExit>();
        if (line is null)
        {
            return exits;
        }
        int? vlan = null;
        Walk(line["Datapath actions:".Length..].Trim());
        return exits;

        void Walk(string actions)
        {
            foreach (var action in TopLevel(actions))
            {
                if (int.TryParse(action, NumberStyles.None, CultureInfo.InvariantCulture, out var port))
                {
                    exits.Add(new RealExit(datapathPorts.GetValueOrDefault(port, $"datapath port {port}"), vlan is { } v ? $"VLAN {v}" : "untagged"));
                }
                else if (action.StartsWith("push_vlan(", StringComparison.Ordinal) && VlanId().Match(action) is { Success: true } pushed)
                {
                    vlan = int.Parse(pushed.Groups[1].Value, CultureInfo.InvariantCulture);
                }
                else if (action == "pop_vlan")
                {
                    vlan = null;
                }
                else if (action.StartsWith("clone(", StringComparison.Ordinal))
                {
                    var saved = vlan;
                    var inner = TopLevel(action[6..^1]);
                    var tunnel = inner.FindIndex(a => a.StartsWith("tnl_push(", StringComparison.Ordinal));
                    Walk(string.Join(',', tunnel < 0 ? inner : inner.Take(tunnel + 1)));
                    vlan = saved;
                }
                else if (action.StartsWith("tnl_push(", StringComparison.Ordinal) && TunnelHeader().Match(action) is { Success: true } t)
                {
                    var type = t.Groups[2].Value;
                    var id = long.Parse(t.Groups[3].Value, NumberStyles.HexNumber, CultureInfo.InvariantCulture);
                    exits.Add(new RealExit(HostWiring.TunnelPortName(type, t.Groups[1].Value), $"tunnel ID {id}"));
                }
            }
        }
    }

    /// <summary>The datapath's port numbers by name, from <c>dpif/show</c>'s "    qvo1234 2/3: (system)" lines (OpenFlow port / datapath port).</summary>
    public static IReadOnlyDictionary<int, string> DatapathPorts(string dpifShow)
    {
        var ports = new Dictionary<int, string>();
        foreach (Match m in PortLine().Matches(dpifShow))
        {
            ports.TryAdd(int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture), m.Groups[1].Value);
        }
        return ports;
    }

    /// <summary>Each bridge's OpenFlow port numbers by name, from <c>dpif/show</c>'s sections ("  br-int:" then "    qvo1234 2/3: (system)").</summary>
    public static IReadOnlyDictionary<string, IReadOnlyDictionary<int, string>> OpenFlowPorts(string dpifShow)
    {
        var bridges = new Dictionary<string, IReadOnlyDictionary<int, string>>(StringComparer.Ordinal);
        Dictionary<int, string>? current = null;
        foreach (var line in dpifShow.Split('\n'))
        {
            if (BridgeSection().Match(line) is { Success: true } bridge)
            {
                current = [];
                bridges[bridge.Groups[1].Value] = current;
            }
            else if (current is not null && OpenFlowPortLine().Match(line) is { Success: true } port)
            {
                current.TryAdd(int.Parse(port.Groups[2].Value, CultureInfo.InvariantCulture), port.Groups[1].Value);
            }
        }
        return bridges;
    }

    /// <summary>Splits an action list at its top-level commas (not those inside parentheses).</summary>
    private static List<string> TopLevel(string actions)
    {
        var parts = new List<string>();
        var (depth, start) = (0, 0);
        for (var k = 0; k < actions.Length; k++)
        {
            switch (actions[k])
            {
                case '(':
                    depth++;
                    break;
                case ')':
                    depth--;
                    break;
                case ',' when depth == 0:
                    parts.Add(actions[start..k].Trim());
                    start = k + 1;
                    break;
            }
        }
        if (start < actions.Length)
        {
            parts.Add(actions[start..].Trim());
        }
        return parts.Where(p => p.Length > 0).ToList();
    }

    [GeneratedRegex("""^\s*bridge\("([^"]+)"\)""")]
    private static partial Regex BridgeLine();

    [GeneratedRegex(@"^\s*(\d+)\. (.+)$")]
    private static partial Regex FlowLine();

    [GeneratedRegex(@"vid=(\d+)")]
    private static partial Regex VlanId();

    [GeneratedRegex(@"ipv4\(src=[^,]+,dst=([0-9.]+).*\b(vxlan|gre|geneve)\(.*?(?:vni|key)=0x([0-9a-f]+)")]
    private static partial Regex TunnelHeader();

    [GeneratedRegex(@"^\s+(\S+) \d+/(\d+):", RegexOptions.Multiline)]
    private static partial Regex PortLine();

    [GeneratedRegex(@"^  (\S+):$")]
    private static partial Regex BridgeSection();

    [GeneratedRegex(@"^    (\S+) (\d+)/(?:\d+|none):")]
    private static partial Regex OpenFlowPortLine();
}
