using System.Collections.Concurrent;
using System.Threading.Channels;
using Dashboard.Core.Events;
using Dashboard.Core.Networking;
using Dashboard.Core.Persistence;
using Dashboard.Core.Routers;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Dashboard.Core.Agents;

/// <summary>
/// The in-process agents of every host: a port that becomes BUILD on a host is wired after
/// <c>Agent:ProcessingDelayMilliseconds</c> and reported ACTIVE, by the agent that plugs it (the OVS
/// agent a VM's port, the L3 agent a router's qr-/qg- port, the DHCP agent its tap), when that
/// agent and the host's OVS agent run. A stopped agent's ports go DOWN and come back (BUILD, then
/// ACTIVE) when it starts again; the L3 agent also sets its routers' floating IPs ACTIVE or DOWN.
/// At start-up every running agent resyncs the ports left in BUILD.
/// </summary>
public sealed class SimulatedAgents(
    IDbContextFactory<NetworkDbContext> factory, PortService ports, FloatingIpService floatingIps, AgentStates states, AgentLeases leases, INetworkEvents events, IEventOutbox outbox,
    IOptions<AgentOptions> options, TimeProvider clock, ILogger<SimulatedAgents> logger) : BackgroundService
{
    private static readonly string[] Wireable = [PortStatus.Build];
    private readonly Channel<string> _hostsToProcess = Channel.CreateUnbounded<string>();

    /// <summary>Hosts with a pass already pending: a burst of bindings on one host is one scan, not one per port.</summary>
    private readonly ConcurrentDictionary<string, bool> _pending = new(StringComparer.Ordinal);

    /// <summary>Stops a host's OVS agent: no more heartbeats, and its ports go DOWN.</summary>
    public Task StopAgentAsync(string host, CancellationToken ct = default) => StopAgentAsync(host, AgentTypes.Ovs, ct);

    /// <summary>Starts it again: its ports are rebuilt and reported ACTIVE once wired.</summary>
    public Task StartAgentAsync(string host, CancellationToken ct = default) => StartAgentAsync(host, AgentTypes.Ovs, ct);

    /// <summary>Stops one agent of a host: no more heartbeats; the ports it wires (every port of the host for the OVS agent) and its floating IPs go DOWN.</summary>
    public async Task StopAgentAsync(string host, string type, CancellationToken ct = default)
    {
        states.Stop(host, type);
        // Every instance hears it (and stops reporting for it): the agent's state is the cloud's, not this process's.
        await outbox.AnnounceAsync(new AgentStateChanged(host, false, clock.GetUtcNow().UtcDateTime, type), ct);
        await ports.TransitionHostPortsAsync(host, [PortStatus.Active, PortStatus.Build], PortStatus.Down, $"the {type} on {host} is dead", ct, Wires(type));
        await floatingIps.ReportStatusAsync(Serving, ct);
    }

    /// <summary>Starts it again: the ports it wires whose agents all run are rebuilt, and reported ACTIVE once wired.</summary>
    public async Task StartAgentAsync(string host, string type, CancellationToken ct = default)
    {
        states.Start(host, type);
        await outbox.AnnounceAsync(new AgentStateChanged(host, true, clock.GetUtcNow().UtcDateTime, type), ct);
        var wires = Wires(type);
        await ports.TransitionHostPortsAsync(host, [PortStatus.Down], PortStatus.Build, $"the {type} on {host} is back", ct,
            p => (wires is null || wires(p)) && CanWire(host, p));
        _hostsToProcess.Writer.TryWrite(host);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var subscription = events.Subscribe(change =>
        {
            if (change is PortStatusChanged { NewStatus: PortStatus.Build, Host: not "" } port)
            {
                _hostsToProcess.Writer.TryWrite(port.Host);
            }
            else if (change is ResourceChanged { Resource: "floatingip" or "router" })
            {
                // A floating IP (re)associated, or a router moved: each L3 host checks its NAT.
                _hostsToProcess.Writer.TryWrite(AllHosts);
            }
        });
        await using (var db = await factory.CreateDbContextAsync(stoppingToken))
        {
            foreach (var host in await db.ComputeNodes.Select(n => n.Name).ToListAsync(stoppingToken))
            {
                _hostsToProcess.Writer.TryWrite(host);
            }
        }
        var delay = TimeSpan.FromMilliseconds(Math.Max(0, options.Value.ProcessingDelayMilliseconds));
        // A host taken over from an instance that died is resynced, as an agent does when it starts.
        leases.Acquired += Resync;
        try
        {
            await foreach (var host in _hostsToProcess.Reader.ReadAllAsync(stoppingToken))
            {
                if (_pending.TryAdd(host, true))
                {
                    _ = ProcessAsync(host, delay, stoppingToken);
                }
            }
        }
        finally
        {
            leases.Acquired -= Resync;
        }
    }

    private void Resync(string host) => _hostsToProcess.Writer.TryWrite(host);

    /// <summary>Not a host: the pass that only lets the L3 agents look at their floating IPs.</summary>
    private const string AllHosts = "";

    private async Task ProcessAsync(string host, TimeSpan delay, CancellationToken ct)
    {
        try
        {
            await Task.Delay(delay, clock, ct);
            // Cleared before the scan: a port that turns BUILD during it schedules the next pass.
            _pending.TryRemove(host, out _);
            if (host != AllHosts && states.IsRunning(host) && await leases.HoldsAsync(host, ct))
            {
                // In ovs mode what is realised is wired, and reported from its real interfaces, by the real agent.
                await ports.TransitionHostPortsAsync(host, Wireable, PortStatus.Active, $"wired by the agents on {host}", ct,
                    p => CanWire(host, p) && !options.Value.ReportsRealStatus(host, p.DeviceOwner));
            }
            await floatingIps.ReportStatusAsync(Serving, ct);
        }
        catch (OperationCanceledException)
        {
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "The agents on {Host} could not process their ports; the next change or start-up retries.", host);
        }
    }

    /// <summary>Whether the host's L3 agent, and the OVS agent under it, run: its routers' NAT is in place.</summary>
    private bool Serving(string host) => states.IsRunning(host) && states.IsRunning(host, AgentTypes.L3);

    /// <summary>Whether the agents that plug <paramref name="port"/> on <paramref name="host"/> run: the OVS agent, and the L3 or DHCP agent for their ports.</summary>
    private bool CanWire(string host, Port port) => states.IsRunning(host) && states.IsRunning(host, AgentTypes.Wiring(port.DeviceOwner));

    /// <summary>The ports an agent type wires; null (every port) for the OVS agent.</summary>
    private static Func<Port, bool>? Wires(string type) =>
        type == AgentTypes.Ovs ? null : p => AgentTypes.Wiring(p.DeviceOwner) == type;
}
