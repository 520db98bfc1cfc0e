namespace Dashboard.Core.Agents;

/// <summary><c>Agent</c> section: how often each compute node's agent reports (Neutron's <c>report_interval</c>, 30 s).</summary>
public sealed class AgentOptions
{
    public const string Section = "Agent";

    public double ReportIntervalSeconds { get; set; } = 30;

    /// <summary>How long an agent takes to wire a port it was handed (BUILD to ACTIVE).</summary>
    public int ProcessingDelayMilliseconds { get; set; } = 200;

    /// <summary><c>simulated</c> (every host's agent in process) or <c>ovs</c> (one host realised on this machine's Open vSwitch).</summary>
    public string Mode { get; set; } = "simulated";

    /// <summary>In <c>ovs</c> mode, the compute node realised here; empty means this machine's host name.</summary>
    public string OvsHost { get; set; } = "";

    /// <summary>
    /// In <c>ovs</c> mode, the hosts realised each in a network namespace of its own (<c>dash-host-&lt;name&gt;</c>)
    /// with its own Open vSwitch, joined by wires (<see cref="Ovs.WireFabric"/>): <c>*</c> for every host of
    /// the model, or a comma-separated list. Empty: only <see cref="OvsHost"/>, in this machine's own namespace.
    /// </summary>
    public string OvsHosts { get; set; } = "";

    /// <summary>Where the userspace Open vSwitch keeps its database and sockets (started there when not running); with <see cref="OvsHosts"/>, one directory per host under it.</summary>
    public string OvsRunDirectory { get; set; } = "/tmp/dashboard-ovs";

    /// <summary>
    /// In <c>ovs</c> mode, whether the agent plugs the NIC the model names for each bridge mapping
    /// (<c>physnet1:br-eth1:eth1</c>) into its bridge when this machine has it, as an operator does
    /// with <c>ovs-vsctl add-port br-eth1 eth1</c>. Off by default: plugging a real NIC into a
    /// userspace bridge takes its traffic.
    /// </summary>
    public bool OvsPlugNics { get; set; }

    /// <summary>How often the real state is compared with the model even without a change.</summary>
    public double ResyncSeconds { get; set; } = 30;

    public bool RealisesOnOvs => string.Equals(Mode, "ovs", StringComparison.OrdinalIgnoreCase);

    /// <summary>Whether several hosts are realised, each in a namespace of its own (<see cref="OvsHosts"/>).</summary>
    public bool RealisesEachHost => RealisesOnOvs && OvsHosts.Trim().Length > 0;

    public string RealisedHost => OvsHost.Length > 0 ? OvsHost : Environment.MachineName;

    /// <summary>Whether <paramref name="host"/> is a host realised on this machine (its agent is the real one).</summary>
    public bool Realises(string host) => RealisesEachHost
        ? OvsHosts.Trim() == "*" || OvsHosts.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Contains(host, StringComparer.Ordinal)
        : RealisesOnOvs && host == RealisedHost;

    /// <summary>
    /// Whether the status of a port of <paramref name="deviceOwner"/> on <paramref name="host"/> is read from
    /// the real interfaces (by the OVS agent) rather than simulated: an instance's port on a realised host;
    /// with <see cref="OvsHosts"/> also the routers' and DHCP servers' ports, whose namespaces are realised too.
    /// </summary>
    public bool ReportsRealStatus(string host, string deviceOwner) =>
        Realises(host) && (RealisesEachHost || AgentTypes.Wiring(deviceOwner) == AgentTypes.Ovs);

    /// <summary>The run directory of a realised host's Open vSwitch.</summary>
    public string RunDirectoryOf(string host) => RealisesEachHost ? Path.Combine(OvsRunDirectory, host) : OvsRunDirectory;

    /// <summary>Where a realised host's commands run: its own namespace, or this machine's for the one <see cref="OvsHost"/>.</summary>
    public Ovs.HostShell ShellOf(string host) => RealisesEachHost ? Ovs.HostShell.Of(host) : Ovs.HostShell.Root;
}
