using System.Text.Json.Nodes;
using Dashboard.Core.Dataplane;

namespace Dashboard.Core.Ovs;

/// <summary>
/// One host of the model realised on this machine: its own userspace Open vSwitch (run directory,
/// OVSDB, ovs-vswitchd) in its network namespace (<see cref="HostShell"/>), and what its agent makes
/// there: bridges and flows, hybrid-plugged ports with a namespace per VM, the firewall. The
/// <see cref="OvsAgent"/> holds one per realised host and drives them.
/// </summary>
public sealed class RealisedHost(string name, HostShell shell, string runDirectory, bool plugNics)
{
    private OvsdbClient? _ovsdb;
    private CancellationTokenSource? _watch;

    public string Name { get; } = name;
    public HostShell Shell { get; } = shell;
    public string RunDirectory { get; } = runDirectory;
    public OvsDaemons? Daemons { get; private set; }

    /// <summary>The qrouter-/qdhcp- namespaces the model wanted here at its last reconcile (realised or still to be).</summary>
    public IReadOnlyCollection<string> Namespaces { get; private set; } = [];

    /// <summary>Whether the connection to its ovsdb-server is gone (the daemons were killed or restarted).</summary>
    public bool IsClosed => _ovsdb is null || _ovsdb.IsClosed;

    /// <summary>Whether its switch forwards: ovsdb-server answers and ovs-vswitchd runs.</summary>
    public bool Forwarding => !IsClosed && Daemons is { VswitchdRunning: true };

    /// <summary>
    /// Makes the host's namespace if needed, uses (or starts) its Open vSwitch and connects to its
    /// ovsdb-server, monitoring the interfaces: a change there, or the connection closing, calls <paramref name="wake"/>.
    /// </summary>
    public async Task ConnectAsync(Action wake, CancellationToken ct)
    {
        await DisconnectAsync();
        await Shell.EnsureNamespaceAsync(ct);
        // A reconnect replaces the handle without disposing the old one: its pid files now name the new daemons.
        Daemons = await OvsDaemons.EnsureAsync(RunDirectory, ct, Shell);
        var ovsdb = await OvsdbClient.ConnectAsync(Daemons.Socket, ct);
        await ovsdb.MonitorAsync("Open_vSwitch", "interfaces", new JsonObject
        {
            ["Interface"] = new JsonObject { ["columns"] = new JsonArray("name", "ofport", "link_state", "external_ids") },
        }, _ => wake(), ct);
        _ovsdb = ovsdb;
        _ = WakeWhenClosedAsync(ovsdb, wake);
        if (Daemons.StartedHere)
        {
            _watch = new CancellationTokenSource();
            _ = WakeWhenVswitchdDiesAsync(Daemons, wake, _watch.Token);
        }
    }

    private async Task DisconnectAsync()
    {
        if (_watch is not null)
        {
            await _watch.CancelAsync();
            _watch.Dispose();
            _watch = null;
        }
        if (_ovsdb is not null)
        {
            await _ovsdb.DisposeAsync();
            _ovsdb = null;
        }
    }

    /// <summary>
    /// ovs-vswitchd can die alone, ovsdb-server answering on: nothing on the OVSDB connection says so.
    /// Its pid is looked at every second; when it is gone the agent is woken (its ports go DOWN and it is started again).
    /// </summary>
    private static async Task WakeWhenVswitchdDiesAsync(OvsDaemons daemons, Action wake, CancellationToken ct)
    {
        try
        {
            while (daemons.VswitchdRunning)
            {
                await Task.Delay(TimeSpan.FromSeconds(1), ct);
            }
            wake();
        }
        catch (OperationCanceledException)
        {
        }
    }

    private static async Task WakeWhenClosedAsync(OvsdbClient ovsdb, Action wake)
    {
        await Task.WhenAny(ovsdb.Closed); // however the connection ended
        wake();
    }

    /// <summary>Makes the real switch, ports and firewall of this host match the model's <paramref name="plane"/>.</summary>
    public async Task ReconcileAsync(HostDataplane plane, IReadOnlyDictionary<string, VmAddress> addresses, CancellationToken ct)
    {
        var ovsdb = _ovsdb ?? throw new InvalidOperationException($"{Name}'s Open vSwitch is not connected");
        // What the model wants here, whether or not this pass gets them all in place: the sweep of stale namespaces must not take them.
        Namespaces = NamespaceRealizer.Namespaces(plane.Layout).ToList();
        using var reads = _reads ?? new HostReads();
        _reads = null;
        var bridges = new BridgeRealizer(ovsdb, Daemons!, plugNics, Shell, reads);
        var changed = await bridges.ReconcileAsync(plane, ct);
        var changes = await new PortRealizer(ovsdb, Name, Shell, RunDirectory).ReconcileAsync(plane.Layout, addresses, ct);
        changes += await new NamespaceRealizer(ovsdb, Name, Shell, RunDirectory).ReconcileAsync(plane.Layout, ct);
        if (changes > 0)
        {
            await ovsdb.SyncVswitchdAsync(ct); // new ports have their OpenFlow numbers before flows name them (the bridge realiser syncs its own changes)
        }
        if (changed || changes > 0)
        {
            reads.Forget(r => r.StartsWith("flows ", StringComparison.Ordinal)); // ports came or went: a flow naming one may have gone with it
        }
        _bridges = plane.Layout.Bridges.Select(b => b.Name).ToList();
        await bridges.ApplyFlowsAsync(plane, ct);
        await new FirewallRealizer(Shell, reads).ApplyAsync(plane, ct);
    }

    private HostReads? _reads;
    private IReadOnlyList<string> _bridges = [];

    /// <summary>
    /// Starts the reads this host's next pass makes whatever it finds (its bridges' flows as of its last
    /// pass, its firewall), without waiting for them: the agent starts every host's before the hosts'
    /// passes, so that they run side by side.
    /// </summary>
    public void StartReads(CancellationToken ct)
    {
        _reads?.Dispose();
        _reads = null;
        if (IsClosed || Daemons is not { } daemons)
        {
            return;
        }
        var reads = new HostReads();
        var cookie = Dataplane.FlowTables.AgentCookie(Name);
        foreach (var bridge in _bridges)
        {
            reads.Start(BridgeRealizer.FlowsRead(bridge), () => BridgeRealizer.DumpOwnFlowsAsync(daemons, bridge, cookie, ct));
        }
        FirewallRealizer.StartReads(reads, Shell, ct);
        _reads = reads;
    }

    /// <summary>The ports whose interface on the switch (a qvo, a namespace's port: any with Neutron's iface-id) has an OpenFlow port and a link that is up.</summary>
    public async Task<HashSet<string>> UpPortsAsync(CancellationToken ct)
    {
        var rows = (await _ovsdb!.TransactAsync("Open_vSwitch", [new JsonObject
        {
            ["op"] = "select", ["table"] = "Interface", ["where"] = new JsonArray(), ["columns"] = new JsonArray("name", "ofport", "link_state", "external_ids"),
        }], ct))[0]!["rows"]!.AsArray();
        return rows.Select(r => r!)
            .Where(r => r["ofport"] is JsonValue ofport && ofport.TryGetValue<long>(out var number) && number > 0
                        && r["link_state"] is JsonValue link && link.TryGetValue<string>(out var state) && state == "up")
            .Select(r => OvsdbClient.MapValue(r["external_ids"]!, "iface-id"))
            .OfType<string>().ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>
    /// Removes what this host's agent made and stops its Open vSwitch if the product started it; a host
    /// with a namespace of its own loses the namespace too (with whatever is left in it). The links and
    /// namespaces go by name, so this works when Open vSwitch no longer answers.
    /// <paramref name="everyVmNamespace"/>: every <c>dash-vm-*</c> namespace is this host's (the only host realised here).
    /// </summary>
    public async Task RemoveAsync(bool everyVmNamespace, CancellationToken ct)
    {
        var ovsdb = _ovsdb;
        if (Shell.Namespace is null || (await HostShell.NamespacesAsync(ct)).Contains(Shell.Namespace))
        {
            if (Shell.Namespace is null)
            {
                await new FirewallRealizer(Shell).RemoveAllAsync(ct); // a host namespace's chains and sets go with the namespace below
            }
            await new PortRealizer(ovsdb, Name, Shell, RunDirectory).RemoveAllAsync(ct, everyVmNamespace);
        }
        if (ovsdb is { IsClosed: false } && Daemons is not null)
        {
            try
            {
                await new BridgeRealizer(ovsdb, Daemons).RemoveOwnAsync(Name, ct);
            }
            catch (Exception e) when (e is OvsdbException or IOException or ObjectDisposedException)
            {
                // the switch went away meanwhile: its bridges went with it
            }
        }
        await DisconnectAsync();
        if (Daemons is not null)
        {
            await Daemons.DisposeAsync();
        }
        if (Shell.Namespace is { } ns)
        {
            await HostShell.Root.TryIpAsync(ct, "netns", "del", ns);
        }
    }
}
