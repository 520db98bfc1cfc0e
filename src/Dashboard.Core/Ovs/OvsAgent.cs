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
/// <c>Agent:Mode = ovs</c>: the OVS agents of the hosts realised on this machine, each on a userspace
/// Open vSwitch of its own. Either one compute node (<c>Agent:OvsHost</c>, default this machine's name)
/// in this machine's own network namespace, or (<c>Agent:OvsHosts</c>: <c>*</c> or a list) every such
/// host of the model in a namespace of its own (<c>dash-host-&lt;name&gt;</c>), their NICs joined by the
/// wires of <see cref="WireFabric"/>. At start it starts each host's Open vSwitch if it is not running
/// (adopting what an earlier run left), then reconciles the real bridges, ports and firewall with the
/// model; again after every announced change and every <c>Agent:ResyncSeconds</c>. Port status comes
/// from the real thing: an OVSDB monitor on Interface reports when a qvo has an OpenFlow port and its
/// link is up (ACTIVE) or not any more (DOWN). On shutdown it removes what it created and stops the
/// Open vSwitch it started. Realised: br-int, br-ethX with its NIC, br-tun with its tunnels, the flows,
/// every bound VM port with its firewall. Not realised yet: the network node's namespaces (routers and
/// DHCP servers are wired by the simulated L3 and DHCP agents).
/// </summary>
public sealed class OvsAgent(
    Transactions transactions, DataplaneService dataplane, PortService ports, ComputeNodeService nodes, AgentStates states, INetworkEvents events,
    IOptions<AgentOptions> options, ILogger<OvsAgent> logger) : BackgroundService
{
    private readonly Channel<bool> _changes = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private readonly Dictionary<string, RealisedHost> _hosts = new(StringComparer.Ordinal);
    private readonly HashSet<string> _unreachable = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _reconciling = new(1, 1);

    /// <summary>The hosts whose tunnel endpoint was put on their switch since it was last (re)started: not checked again each pass.</summary>
    private readonly HashSet<string> _endpointsReady = new(StringComparer.Ordinal);
    private bool _warnedUnknownHost;
    private AgentOptions Options => options.Value;

    /// <summary>Whether DHCP can be real here: dnsmasq for the servers and dhclient for the VMs.</summary>
    private static bool DhcpRealisable => NamespaceRealizer.DnsmasqInstalled && PortRealizer.DhcpClientInstalled;

    /// <summary>The last reconcile's duration (every realised host), for the bench and the logs.</summary>
    public TimeSpan LastReconcile { get; private set; }

    public int Reconciles { get; private set; }

    /// <summary>The hosts realised now, by name.</summary>
    public IReadOnlyCollection<string> RealisedHosts => _hosts.Keys;

    private void Wake() => _changes.Writer.TryWrite(true);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!Options.RealisesOnOvs)
        {
            return;
        }
        // A realised host's agent is the real one: it reports (is alive) only while it runs.
        if (!OvsDaemons.Installed || Environment.UserName != "root")
        {
            var hosts = Options.RealisesEachHost ? (await nodes.ListAsync(stoppingToken)).Select(n => n.Name).Where(Options.Realises).ToList() : [Options.RealisedHost];
            foreach (var host in hosts)
            {
                states.Stop(host);
            }
            logger.LogError("Agent:Mode is ovs but {Missing}; nothing is realised and the agents of {Hosts} are down.",
                OvsDaemons.Installed ? "the product is not running as root (namespaces, veths, iptables and Open vSwitch need it)" : "Open vSwitch is not installed (openvswitch-switch)", string.Join(", ", hosts));
            return;
        }
        if (Options.RealisesEachHost && !DhcpRealisable)
        {
            logger.LogWarning("Agent:OvsHosts realises the network node, but {Missing} is not installed: no DHCP server is realised and the VMs get their fixed IPs assigned instead of by DHCP.",
                NamespaceRealizer.DnsmasqInstalled ? "dhclient (isc-dhcp-client)" : "dnsmasq (dnsmasq-base)");
        }
        if (!Options.RealisesEachHost)
        {
            var host = new RealisedHost(Options.RealisedHost, HostShell.Root, Options.OvsRunDirectory, Options.OvsPlugNics);
            try
            {
                await host.ConnectAsync(Wake, stoppingToken);
            }
            catch (Exception e) when (IsSwitchUnreachable(e))
            {
                states.Stop(host.Name);
                logger.LogError(e, "Agent:Mode is ovs but Open vSwitch could not be started or reached in {RunDirectory} (the product must run as root); nothing is realised and {Host}'s agent is down.", host.RunDirectory, host.Name);
                return;
            }
            Started(host);
        }
        using var subscription = events.Subscribe(change =>
        {
            if (change.ChangesModel && change is not PortStatusChanged { NewStatus: PortStatus.Active })
            {
                Wake();
            }
        });
        Wake();
        var resync = TimeSpan.FromSeconds(Math.Max(1, Options.ResyncSeconds));
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
            try
            {
                await ReconcileAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "Reconciling the realised hosts with Open vSwitch failed; the next change or resync retries.");
            }
        }
    }

    private void Started(RealisedHost host)
    {
        _hosts[host.Name] = host;
        states.Start(host.Name);
        logger.LogInformation("OVS agent realising {Host} on Open vSwitch in {RunDirectory}{Namespace}{Started}.", host.Name, host.RunDirectory,
            host.Shell.Namespace is { } ns ? $", in namespace {ns}" : "", host.Daemons!.StartedHere ? " (started here)" : "");
    }

    private static bool IsSwitchUnreachable(Exception e) =>
        e is HostCommandException or OvsdbException or IOException or UnauthorizedAccessException or System.Net.Sockets.SocketException or InvalidOperationException or System.ComponentModel.Win32Exception;

    /// <summary>
    /// With <c>Agent:OvsHosts</c>: realises the hosts of the model it names that are not realised yet
    /// (namespace, Open vSwitch, wires), and removes those the model no longer has.
    /// </summary>
    private async Task EnsureHostsAsync(CancellationToken ct)
    {
        var wanted = (await nodes.ListAsync(ct)).Where(n => Options.Realises(n.Name)).ToList();
        foreach (var gone in _hosts.Keys.Where(h => wanted.All(n => n.Name != h)).ToList())
        {
            logger.LogInformation("{Host} is no longer a host of the model: removing its realisation.", gone);
            await _hosts[gone].RemoveAsync(everyVmNamespace: false, ct);
            _hosts.Remove(gone);
            _endpointsReady.Remove(gone);
        }
        foreach (var node in wanted.Where(n => !_hosts.ContainsKey(n.Name)))
        {
            var host = new RealisedHost(node.Name, HostShell.Of(node.Name), Options.RunDirectoryOf(node.Name), plugNics: true);
            try
            {
                await host.ConnectAsync(Wake, ct);
            }
            catch (Exception e) when (IsSwitchUnreachable(e))
            {
                if (_unreachable.Add(node.Name))
                {
                    states.Stop(node.Name);
                    logger.LogError(e, "Open vSwitch of {Host} could not be started or reached in {RunDirectory}; {Host}'s agent is down until a resync succeeds.", node.Name, host.RunDirectory, node.Name);
                }
                continue;
            }
            _unreachable.Remove(node.Name);
            Started(host);
        }
        await WireFabric.EnsureAsync(wanted.Where(n => _hosts.ContainsKey(n.Name)).Select(n => (n.Name, (IReadOnlyList<BridgeMapping>)n.BridgeMappings)), ct);
        // A switch started anew has lost its br-phy: only then (and for a new host) is the endpoint put there again.
        var endpoints = wanted.Where(n => n.TunnelIp is not null && !_endpointsReady.Contains(n.Name) && _hosts.TryGetValue(n.Name, out var h) && !h.IsClosed).ToList();
        if (endpoints.Count > 0)
        {
            await WireFabric.EnsureTunnelEndpointsAsync(endpoints.Select(n => (n.Name, n.TunnelIp!, _hosts[n.Name].Daemons!)), ct);
            _endpointsReady.UnionWith(endpoints.Select(n => n.Name));
        }
        var uplinks = await transactions.ReadAsync(db => db.Networks.Where(n => n.External && n.NetworkType == Segmentation.NetworkTypes.Flat && n.PhysicalNetwork != null)
            .Join(db.Subnets.Where(s => s.IpVersion == 4 && s.GatewayIp != null), n => n.Id, s => s.NetworkId, (n, s) => new { n.Id, n.PhysicalNetwork, s.GatewayIp, s.Cidr })
            .ToListAsync(ct), ct);
        await WireFabric.EnsureOutsideAsync(uplinks.GroupBy(u => u.Id).Select(g => g.OrderBy(u => u.Cidr, StringComparer.Ordinal).First())
            .Select(u => new WireFabric.Uplink(u.Id, u.PhysicalNetwork!, $"{u.GatewayIp}/{Ipam.Cidr.Parse(u.Cidr).PrefixLength}")).ToList(), ct);
    }

    /// <summary>Makes every realised host's real switch, ports and firewall match the model, then reports the ports that are up.</summary>
    public async Task ReconcileAsync(CancellationToken ct = default)
    {
        // One reconcile at a time: the agent's own loop and a caller (the bench, a test) must not realise the same ports twice.
        await _reconciling.WaitAsync(ct);
        try
        {
            await ReconcileOnceAsync(ct);
        }
        finally
        {
            _reconciling.Release();
        }
    }

    private async Task ReconcileOnceAsync(CancellationToken ct)
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        if (Options.RealisesEachHost)
        {
            await EnsureHostsAsync(ct);
        }
        // Network nodes first: their DHCP servers and routers are up before the VMs plugged in this pass ask for them.
        // One host after the other: side by side they only contend for the same cores (measured: no faster on two).
        var agentPorts = await transactions.ReadAsync(db => db.Ports
            .Where(p => (p.DeviceOwner == DeviceOwners.Dhcp || p.DeviceOwner == DeviceOwners.RouterInterface || p.DeviceOwner == DeviceOwners.RouterGateway) && p.BindingHostId != null)
            .Select(p => new { p.DeviceOwner, p.NetworkId, Host = p.BindingHostId! }).ToListAsync(ct), ct);
        var networkNodes = agentPorts.Select(p => p.Host).ToHashSet(StringComparer.Ordinal);
        // A VM asks for its address by DHCP when its network's DHCP server is realised here (a DHCP port on a realised host).
        var servedByDhcp = DhcpRealisable
            ? agentPorts.Where(p => p.DeviceOwner == DeviceOwners.Dhcp && _hosts.ContainsKey(p.Host)).Select(p => p.NetworkId).ToHashSet(StringComparer.Ordinal)
            : [];
        var reconciled = 0;
        var hosts = _hosts.Values.OrderByDescending(h => networkNodes.Contains(h.Name)).ThenBy(h => h.Name, StringComparer.Ordinal).ToList();
        foreach (var host in hosts.Where(h => states.IsRunning(h.Name)))
        {
            host.StartReads(ct); // every host's reads side by side; the passes below take them one host after the other
        }
        foreach (var host in hosts)
        {
            reconciled += await ReconcileOneAsync(host, servedByDhcp, ct) ? 1 : 0;
        }
        // A stopped or unreachable host keeps its namespaces: only what no realised host has goes below.
        var namespaces = _hosts.Values.SelectMany(h => h.Namespaces).ToHashSet(StringComparer.Ordinal);
        if (reconciled == 0)
        {
            return;
        }
        // Routers and DHCP servers that no realised host has any more (deleted, or moved to a host not realised here).
        await NamespaceRealizer.RemoveStaleAsync(namespaces, _hosts.Values.Select(h => h.RunDirectory), ct);
        LastReconcile = watch.Elapsed;
        if (Reconciles++ == 0)
        {
            logger.LogInformation("OVS agent: first reconcile of {Hosts} in {Milliseconds:F0} ms{Adopted}.", string.Join(", ", _hosts.Keys), watch.Elapsed.TotalMilliseconds,
                _hosts.Values.Any(h => h.Daemons?.Adopted == true) ? ", resynced with the Open vSwitch an earlier run left" : "");
        }
    }

    /// <summary>One host's pass; whether it was reconciled (not stopped by an admin, its switch reachable, its node known).</summary>
    private async Task<bool> ReconcileOneAsync(RealisedHost host, IReadOnlySet<string> servedByDhcp, CancellationToken ct)
    {
        if (states.IsRunning(host.Name) && !host.IsClosed && !host.Forwarding && host.Daemons!.StartedHere)
        {
            // Our ovs-vswitchd died under a live ovsdb-server: nothing forwards, its ports are DOWN until it is started again (below).
            var down = await ports.TransitionHostPortsAsync(host.Name, [PortStatus.Active], PortStatus.Down, $"ovs-vswitchd on {host.Name} is not running", ct,
                p => Options.ReportsRealStatus(host.Name, p.DeviceOwner));
            logger.LogWarning("ovs-vswitchd of {Host} is not running: {Ports} ports DOWN; starting Open vSwitch again.", host.Name, down);
            if (!await ReconnectAsync(host, ct))
            {
                return false;
            }
        }
        if (!states.IsRunning(host.Name) || (host.IsClosed && !await ReconnectAsync(host, ct)))
        {
            return false; // an admin stopped this host's agent (the failure drill): it does nothing until started again; or its switch is unreachable
        }
        try
        {
            await ReconcileHostAsync(host, servedByDhcp, ct);
            return true;
        }
        catch (Errors.NotFoundException) when (!_warnedUnknownHost)
        {
            _warnedUnknownHost = true;
            var known = string.Join(", ", (await nodes.ListAsync(ct)).Select(n => n.Name));
            logger.LogWarning("Agent:OvsHost is {Host}, which is not a compute node of the model, so nothing is realised; set Agent:OvsHost to one of: {Nodes}.", host.Name, known.Length > 0 ? known : "(none registered yet)");
        }
        catch (Errors.NotFoundException)
        {
            // said once above; realised as soon as a node of that name is registered
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning(e, "Reconciling {Host} with Open vSwitch failed; the next change or resync retries.", host.Name);
        }
        return false;
    }

    /// <summary>ovsdb-server went away (killed, restarted): connects again, starting Open vSwitch again if it is gone.</summary>
    private async Task<bool> ReconnectAsync(RealisedHost host, CancellationToken ct)
    {
        try
        {
            logger.LogWarning("Lost the connection to ovsdb-server in {RunDirectory}; reconnecting, starting Open vSwitch again if it is gone.", host.RunDirectory);
            await host.ConnectAsync(Wake, ct);
            _endpointsReady.Remove(host.Name);
            Wake(); // one more pass right after this one: the wires' part of a switch started anew (its tunnel endpoint) comes first in a pass
            return true;
        }
        catch (Exception e) when (IsSwitchUnreachable(e))
        {
            logger.LogWarning(e, "Open vSwitch in {RunDirectory} is still unreachable; the next resync tries again.", host.RunDirectory);
            return false;
        }
    }

    /// <summary>One host's switch, ports, namespaces and firewall made the model's; <paramref name="servedByDhcp"/>: the networks whose VMs ask by DHCP.</summary>
    private async Task ReconcileHostAsync(RealisedHost host, IReadOnlySet<string> servedByDhcp, CancellationToken ct)
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var plane = await dataplane.ForHostAsync(host.Name, ct);
        var addresses = await transactions.ReadAsync(async db =>
        {
            var ids = plane.Layout.Vifs.Select(v => v.PortId).ToList();
            var allocations = await db.IpAllocations.Where(a => ids.Contains(a.PortId))
                .Join(db.Subnets.Where(s => s.IpVersion == 4), a => a.SubnetId, s => s.Id, (a, s) => new { a.PortId, a.IpAddress, s.Cidr, s.GatewayIp, s.EnableDhcp, s.NetworkId })
                .ToListAsync(ct);
            return allocations.GroupBy(a => a.PortId).ToDictionary(g => g.Key,
                g => PortRealizer.AddressOf(g.Key, g.First().IpAddress, Ipam.Cidr.Parse(g.First().Cidr), g.First().GatewayIp) with
                {
                    ByDhcp = g.First().EnableDhcp && servedByDhcp.Contains(g.First().NetworkId),
                });
        }, ct);
        await host.ReconcileAsync(plane, addresses, ct);
        await ReportPortStatesAsync(host, plane.Layout, ct);
        events.Publish(new SwitchReconciled(host.Name, watch.Elapsed, DateTime.UtcNow)); // pages showing the real switch read it again
    }

    /// <summary>
    /// Port status from the real interfaces, as Neutron's L2 agent reports it for every port it finds on
    /// br-int: a bound port whose interface (an instance's qvo; with every host realised also a router's
    /// qr-/qg- and a DHCP server's tap) has an OpenFlow port and a link that is up is ACTIVE (from BUILD,
    /// or from DOWN once its link is back), provided the agents that plug it run; an ACTIVE one whose
    /// interface is gone, has no OpenFlow port or a link that is down goes DOWN. Admin-down ports are the domain's.
    /// </summary>
    private async Task ReportPortStatesAsync(RealisedHost host, HostLayout layout, CancellationToken ct)
    {
        var up = await host.UpPortsAsync(ct);
        if (up.Count > 0)
        {
            // Unless an admin stopped this agent (or the L3/DHCP agent of a namespace's port) while it reconciled: its stop set the ports DOWN, and they stay so.
            await ports.TransitionPortsAsync(host.Name, up, [PortStatus.Build, PortStatus.Down], PortStatus.Active, $"wired on Open vSwitch by the agent on {host.Name}", ct,
                p => Options.ReportsRealStatus(host.Name, p.DeviceOwner) && states.IsRunning(host.Name) && states.IsRunning(host.Name, AgentTypes.Wiring(p.DeviceOwner)));
        }
        var active = layout.Vifs.Where(v => v.AdminStateUp && v.Status == PortStatus.Active).Select(v => v.PortId)
            .Concat(Options.RealisesEachHost ? layout.NamespacePorts.Where(p => p.Status == PortStatus.Active).Select(p => p.PortId) : []);
        var down = active.Where(id => !up.Contains(id)).ToList();
        if (down.Count > 0)
        {
            await ports.TransitionPortsAsync(host.Name, down, [PortStatus.Active], PortStatus.Down, $"its interface on {host.Name} is gone, has no OpenFlow port or its link is down", ct);
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        await _reconciling.WaitAsync(CancellationToken.None); // a reconcile a caller started finishes first
        try
        {
            await RemoveEverythingAsync(cancellationToken);
        }
        finally
        {
            _reconciling.Release();
        }
    }

    private async Task RemoveEverythingAsync(CancellationToken cancellationToken)
    {
        foreach (var host in _hosts.Values)
        {
            try
            {
                // Every VM namespace is one of the realised hosts': the last host's removal sweeps any left half-made.
                await host.RemoveAsync(everyVmNamespace: host == _hosts.Values.Last(), cancellationToken);
            }
            catch (Exception e)
            {
                logger.LogWarning(e, "Removing what the OVS agent realised on {Host} failed.", host.Name);
            }
            states.Stop(host.Name);
        }
        await NamespaceRealizer.RemoveStaleAsync(new HashSet<string>(), _hosts.Values.Select(h => h.RunDirectory), cancellationToken);
        _hosts.Clear();
        if (Options.RealisesEachHost)
        {
            await WireFabric.RemoveAsync(cancellationToken);
        }
    }
}
