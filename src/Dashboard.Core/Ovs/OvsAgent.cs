using System.Text.Json.Nodes;
using System.Threading.Channels;
using Dashboard.Core.Agents;
using Dashboard.Core.Dataplane;
using Dashboard.Core.Events;
using Dashboard.Core.Hosts;
using Dashboard.Core.Networking;
using Dashboard.Core.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Dashboard.Core.Ovs;

/// <summary>
/// <c>Agent:Mode = ovs</c>: the OVS agent of one compute node (<c>Agent:OvsHost</c>, default this
/// machine's name), realised on this machine. At start it starts userspace Open vSwitch if it is not
/// running, then reconciles the real bridges, ports and firewall with the model; again after every
/// announced change and every <c>Agent:ResyncSeconds</c>. Port status comes from the real thing: an
/// OVSDB monitor on Interface reports when a qvo has an OpenFlow port and its link is up (ACTIVE) or
/// not any more (DOWN). On shutdown it removes what it created and stops Open vSwitch if it started it.
/// Realised: br-int, br-ethX with its NIC (when this machine has it), br-tun with its tunnels, the
/// flows, every bound port with its firewall. Not realised: routers (no L3 agent is modelled).
/// </summary>
public sealed class OvsAgent(
    Transactions transactions, DataplaneService dataplane, PortService ports, ComputeNodeService nodes, AgentStates states, INetworkEvents events,
    IOptions<AgentOptions> options, ILogger<OvsAgent> logger) : BackgroundService
{
    private readonly Channel<bool> _changes = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private OvsDaemons? _daemons;
    private OvsdbClient? _ovsdb;
    private bool _warnedUnknownHost;
    private string Host => options.Value.RealisedHost;

    /// <summary>The last reconcile's duration, for the bench and the logs.</summary>
    public TimeSpan LastReconcile { get; private set; }

    public int Reconciles { get; private set; }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.RealisesOnOvs)
        {
            return;
        }
        // The realised host's agent is this one: it reports (is alive) only while it runs.
        if (!OvsDaemons.Installed || Environment.UserName != "root")
        {
            states.Stop(Host);
            logger.LogError("Agent:Mode is ovs but {Missing}; nothing is realised and {Host}'s agent is down.",
                OvsDaemons.Installed ? "the product is not running as root (namespaces, veths, iptables and Open vSwitch need it)" : "Open vSwitch is not installed (openvswitch-switch)", Host);
            return;
        }
        try
        {
            await ConnectAsync(stoppingToken);
        }
        catch (Exception e) when (IsSwitchUnreachable(e))
        {
            states.Stop(Host);
            logger.LogError(e, "Agent:Mode is ovs but Open vSwitch could not be started or reached in {RunDirectory} (the product must run as root); nothing is realised and {Host}'s agent is down.", options.Value.OvsRunDirectory, Host);
            return;
        }
        states.Start(Host);
        using var subscription = events.Subscribe(change =>
        {
            if (change.ChangesModel && change is not PortStatusChanged { NewStatus: PortStatus.Active })
            {
                _changes.Writer.TryWrite(true);
            }
        });
        logger.LogInformation("OVS agent realising {Host} on Open vSwitch in {RunDirectory}{Started}.", Host, _daemons!.RunDirectory, _daemons.StartedHere ? " (started here)" : "");
        _changes.Writer.TryWrite(true);
        var resync = TimeSpan.FromSeconds(Math.Max(1, options.Value.ResyncSeconds));
        while (!stoppingToken.IsCancellationRequested)
        {
            using var wait = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
            wait.CancelAfter(resync);
            try
            {
                await _changes.Reader.ReadAsync(wait.Token);
            }
            catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
            {
                // the periodic resync
            }
            catch (OperationCanceledException)
            {
                break;
            }
            if (!states.IsRunning(Host))
            {
                continue; // an admin stopped this host's agent (the failure drill): it does nothing until started again
            }
            if (_ovsdb!.IsClosed)
            {
                // ovsdb-server went away (killed, restarted): connect again, starting Open vSwitch again if it is gone.
                try
                {
                    logger.LogWarning("Lost the connection to ovsdb-server in {RunDirectory}; reconnecting, starting Open vSwitch again if it is gone.", options.Value.OvsRunDirectory);
                    await _ovsdb.DisposeAsync();
                    await ConnectAsync(stoppingToken);
                }
                catch (Exception e) when (IsSwitchUnreachable(e))
                {
                    logger.LogWarning(e, "Open vSwitch in {RunDirectory} is still unreachable; the next resync tries again.", options.Value.OvsRunDirectory);
                    continue;
                }
            }
            try
            {
                await ReconcileAsync(stoppingToken);
            }
            catch (Errors.NotFoundException) when (!_warnedUnknownHost)
            {
                _warnedUnknownHost = true;
                var known = string.Join(", ", (await nodes.ListAsync(stoppingToken)).Select(n => n.Name));
                logger.LogWarning("Agent:OvsHost is {Host}, which is not a compute node of the model, so nothing is realised; set Agent:OvsHost to one of: {Nodes}.", Host, known.Length > 0 ? known : "(none registered yet)");
            }
            catch (Errors.NotFoundException)
            {
                // said once above; realised as soon as a node of that name is registered
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "Reconciling {Host} with Open vSwitch failed; the next change or resync retries.", Host);
            }
        }
    }

    /// <summary>
    /// Uses (or starts) Open vSwitch in the run directory, connects to its ovsdb-server and monitors
    /// the interfaces; a change there, or the connection closing, wakes the loop.
    /// </summary>
    private async Task ConnectAsync(CancellationToken ct)
    {
        // A reconnect replaces the handle without disposing the old one: its pid files now name the new daemons.
        _daemons = await OvsDaemons.EnsureAsync(options.Value.OvsRunDirectory, ct);
        var ovsdb = await OvsdbClient.ConnectAsync(_daemons.Socket, ct);
        await ovsdb.MonitorAsync("Open_vSwitch", "interfaces", new JsonObject
        {
            ["Interface"] = new JsonObject { ["columns"] = new JsonArray("name", "ofport", "link_state", "external_ids") },
        }, _ => _changes.Writer.TryWrite(true), ct);
        _ovsdb = ovsdb;
        _ = WakeWhenClosedAsync(ovsdb);
    }

    private async Task WakeWhenClosedAsync(OvsdbClient ovsdb)
    {
        await Task.WhenAny(ovsdb.Closed); // however the connection ended
        _changes.Writer.TryWrite(true);
    }

    private static bool IsSwitchUnreachable(Exception e) =>
        e is HostCommandException or OvsdbException or IOException or UnauthorizedAccessException or System.Net.Sockets.SocketException or InvalidOperationException or System.ComponentModel.Win32Exception;

    /// <summary>Makes the real switch, ports and firewall match the model, then reports the ports that are up.</summary>
    public async Task ReconcileAsync(CancellationToken ct = default)
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var plane = await dataplane.ForHostAsync(Host, ct);
        var addresses = await transactions.ReadAsync(async db =>
        {
            var ids = plane.Layout.Vifs.Select(v => v.PortId).ToList();
            var allocations = await db.IpAllocations.Where(a => ids.Contains(a.PortId))
                .Join(db.Subnets, a => a.SubnetId, s => s.Id, (a, s) => new { a.PortId, a.IpAddress, s.Cidr, s.GatewayIp, s.IpVersion }).ToListAsync(ct);
            return allocations.Where(a => a.IpVersion == 4).GroupBy(a => a.PortId).ToDictionary(g => g.Key,
                g => PortRealizer.AddressOf(g.Key, g.First().IpAddress, Ipam.Cidr.Parse(g.First().Cidr), g.First().GatewayIp));
        }, ct);
        var bridges = new BridgeRealizer(_ovsdb!, _daemons!, options.Value.OvsPlugNics);
        await bridges.ReconcileAsync(plane, ct);
        await new PortRealizer(_ovsdb!, Host).ReconcileAsync(plane.Layout, addresses, ct);
        await _ovsdb!.SyncVswitchdAsync(ct);
        await bridges.ApplyFlowsAsync(plane, ct);
        await new FirewallRealizer().ApplyAsync(plane, ct);
        await ReportPortStatesAsync(plane.Layout, ct);
        LastReconcile = watch.Elapsed;
        events.Publish(new SwitchReconciled(Host, watch.Elapsed, DateTime.UtcNow)); // pages showing the real switch read it again
        if (Reconciles++ == 0)
        {
            logger.LogInformation("OVS agent on {Host}: first reconcile in {Milliseconds:F0} ms ({Ports} ports){Adopted}.", Host, watch.Elapsed.TotalMilliseconds,
                plane.Layout.Vifs.Count, _daemons!.Adopted ? ", resynced with the Open vSwitch an earlier run left" : "");
        }
    }

    /// <summary>
    /// Port status from the real interfaces: a bound port whose qvo has an OpenFlow port and a link
    /// that is up is ACTIVE (from BUILD, or from DOWN once its link is back); an ACTIVE one whose qvo
    /// is gone, has no OpenFlow port or a link that is down goes DOWN. Admin-down ports are the domain's.
    /// </summary>
    private async Task ReportPortStatesAsync(HostLayout layout, CancellationToken ct)
    {
        var rows = (await _ovsdb!.TransactAsync("Open_vSwitch", [new JsonObject
        {
            ["op"] = "select", ["table"] = "Interface", ["where"] = new JsonArray(), ["columns"] = new JsonArray("name", "ofport", "link_state", "external_ids"),
        }], ct))[0]!["rows"]!.AsArray();
        var up = rows.Select(r => r!)
            .Where(r => r["name"]!.GetValue<string>().StartsWith("qvo", StringComparison.Ordinal)
                        && r["ofport"] is JsonValue ofport && ofport.TryGetValue<long>(out var number) && number > 0
                        && r["link_state"] is JsonValue link && link.TryGetValue<string>(out var state) && state == "up")
            .Select(r => OvsdbClient.MapValue(r["external_ids"]!, "iface-id"))
            .OfType<string>().ToHashSet(StringComparer.Ordinal);
        if (up.Count > 0)
        {
            // Unless an admin stopped this agent while it reconciled: its stop set the ports DOWN, and they stay so.
            await ports.TransitionPortsAsync(Host, up, [PortStatus.Build, PortStatus.Down], PortStatus.Active, $"wired on Open vSwitch by the agent on {Host}", ct,
                _ => states.IsRunning(Host));
        }
        var down = layout.Vifs.Where(v => v.AdminStateUp && v.Status == PortStatus.Active && !up.Contains(v.PortId)).Select(v => v.PortId).ToList();
        if (down.Count > 0)
        {
            await ports.TransitionPortsAsync(Host, down, [PortStatus.Active], PortStatus.Down, $"its qvo on {Host} is gone, has no OpenFlow port or its link is down", ct);
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        if (_ovsdb is null || _daemons is null)
        {
            return;
        }
        try
        {
            await new FirewallRealizer().RemoveAllAsync(cancellationToken);
            await new PortRealizer(_ovsdb, Host).RemoveAllAsync(cancellationToken);
            await new BridgeRealizer(_ovsdb, _daemons).RemoveOwnAsync(Host, cancellationToken);
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "Removing what the OVS agent realised on {Host} failed.", Host);
        }
        await _ovsdb.DisposeAsync();
        await _daemons.DisposeAsync();
        states.Stop(Host);
    }
}
