using Dashboard.Core.Agents;
using Dashboard.Core.Dataplane;
using Dashboard.Core.Hosts;
using Microsoft.Extensions.Options;

namespace Dashboard.Core.Ovs;

/// <summary>Where a flow or port is: in the model and on the switch, only in one of them, or someone else's.</summary>
public enum Presence
{
    /// <summary>In the model and on the switch.</summary>
    Both,

    /// <summary>In the model, missing on the switch.</summary>
    ModelOnly,

    /// <summary>On the switch, the agent's (a flow with its cookie, a qvo port), not in the model.</summary>
    SwitchOnly,

    /// <summary>In the model, deliberately not on this machine's switch (a NIC the agent is not asked to plug, or that this machine lacks).</summary>
    NotRealised,

    /// <summary>On the switch, not the agent's: left alone, not a difference.</summary>
    Foreign,
}

public sealed record ComparedLine(string Text, Presence Presence);

/// <summary>One bridge of the model beside the real one: its ports and its flows (<c>dump-flows --no-stats --names</c>).</summary>
public sealed record BridgeComparison(string Bridge, bool OnSwitch, IReadOnlyList<ComparedLine> Ports, IReadOnlyList<ComparedLine> Flows)
{
    public int Differences => (OnSwitch ? 0 : 1) + Ports.Concat(Flows).Count(l => l.Presence is Presence.ModelOnly or Presence.SwitchOnly);
}

/// <summary>The realised host's real switch beside the model; <see cref="Error"/> says why it could not be read.</summary>
public sealed record RealSwitchView(string Host, string RunDirectory, string VsctlShow, IReadOnlyList<BridgeComparison> Bridges, string? Error = null)
{
    public int Differences => Bridges.Sum(b => b.Differences);
}

/// <summary>
/// In <c>Agent:Mode=ovs</c>, reads the realised compute node's real Open vSwitch (<c>ovs-vsctl show</c>,
/// each bridge's ports and <c>ovs-ofctl dump-flows</c>) and lines it up with the model's bridges and
/// flows, so an operator sees whether the switch is what the model says and where it is not. Reads
/// only: it never starts, changes or stops the switch.
/// </summary>
public sealed class RealSwitchInspector(DataplaneService dataplane, IOptions<AgentOptions> options)
{
    /// <summary>Whether <paramref name="host"/> is the compute node realised on this machine.</summary>
    public bool Realises(string host) => options.Value.Realises(host);

    /// <summary>The network namespace a realised host lives in; null for this machine's own (the one <c>Agent:OvsHost</c>).</summary>
    public string? NamespaceOf(string host) => options.Value.ShellOf(host).Namespace;

    /// <summary>The comparison for the realised host; null for any other host.</summary>
    public async Task<RealSwitchView?> InspectAsync(string host, CancellationToken ct = default)
    {
        if (!Realises(host))
        {
            return null;
        }
        var run = options.Value.RunDirectoryOf(host);
        var daemons = await OvsDaemons.AttachAsync(run, ct);
        if (daemons is null)
        {
            return new RealSwitchView(host, run, "", [], $"Open vSwitch is not running in {run}: the OVS agent starts it (is it installed, and is the product running as root?).");
        }
        var plane = await dataplane.ForHostAsync(host, ct);
        var own = $"cookie=0x{FlowTables.AgentCookie(host):x},";
        string show;
        try
        {
            show = await daemons.VsctlAsync(["show"], ct);
        }
        catch (HostCommandException e)
        {
            return new RealSwitchView(host, run, "", [], e.Message);
        }
        var bridges = new List<BridgeComparison>();
        foreach (var bridge in plane.Layout.Bridges)
        {
            string[] realPorts, realFlows;
            try
            {
                realPorts = Lines(await daemons.VsctlAsync(["list-ports", bridge.Name], ct));
                realFlows = Lines(await daemons.OfctlAsync(["--no-stats", "--names", "dump-flows", bridge.Name], ct: ct))
                    .Where(l => !l.StartsWith("NXST_FLOW", StringComparison.Ordinal)).Select(BridgeRealizer.Normalize).ToArray();
            }
            catch (HostCommandException)
            {
                bridges.Add(new BridgeComparison(bridge.Name, false,
                    bridge.Ports.Where(p => p.Kind != OvsPortKind.Vif).Select(p => new ComparedLine(p.Name, Presence.ModelOnly)).ToList(),
                    plane.Flows.GetValueOrDefault(bridge.Name, []).Select(f => new ComparedLine(BridgeRealizer.Normalize(f.ToString()), Presence.ModelOnly)).ToList()));
                continue;
            }
            var modelPorts = bridge.Ports.Select(p => p.Name).ToList();
            var ports = bridge.Ports.Select(p => realPorts.Contains(p.Name) ? new ComparedLine(p.Name, Presence.Both)
                    : p.Kind == OvsPortKind.Physical ? new ComparedLine($"{p.Name} (NIC not plugged: Agent:OvsPlugNics is off or this machine has no {p.Name})", Presence.NotRealised)
                    : new ComparedLine(p.Name, Presence.ModelOnly))
                .Concat(realPorts.Where(p => !modelPorts.Contains(p)).Select(p => new ComparedLine(p, p.StartsWith("qvo", StringComparison.Ordinal) ? Presence.SwitchOnly : Presence.Foreign)))
                .ToList();
            var modelFlows = FlowTables.DumpFlows(plane.Flows.GetValueOrDefault(bridge.Name, [])).Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(BridgeRealizer.Normalize).ToList();
            var flows = modelFlows.Select(f => new ComparedLine(f, realFlows.Contains(f) ? Presence.Both : Presence.ModelOnly))
                .Concat(realFlows.Where(f => !modelFlows.Contains(f)).Select(f => new ComparedLine(f, f.StartsWith(own, StringComparison.Ordinal) ? Presence.SwitchOnly : Presence.Foreign)))
                .ToList();
            bridges.Add(new BridgeComparison(bridge.Name, true, ports, flows));
        }
        return new RealSwitchView(host, run, show, bridges);
    }

    private static string[] Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
