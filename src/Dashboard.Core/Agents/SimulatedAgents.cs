using System.Threading.Channels;
using Dashboard.Core.Events;
using Dashboard.Core.Networking;
using Dashboard.Core.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Dashboard.Core.Agents;

/// <summary>
/// The in-process OVS agents, one per compute node: a port that becomes BUILD on a host is wired by
/// that host's agent after <c>Agent:ProcessingDelayMilliseconds</c> and reported ACTIVE; a stopped
/// agent's ports go DOWN and come back (BUILD, then ACTIVE) when it starts again. At start-up every
/// running agent resyncs the ports left in BUILD.
/// </summary>
public sealed class SimulatedAgents(
    IDbContextFactory<NetworkDbContext> factory, PortService ports, AgentStates states, INetworkEvents events,
    IOptions<AgentOptions> options, TimeProvider clock, ILogger<SimulatedAgents> logger) : BackgroundService
{
    private static readonly string[] Wireable = [PortStatus.Build];
    private readonly Channel<string> _hostsToProcess = Channel.CreateUnbounded<string>();

    /// <summary>Hosts with a pass already pending: a burst of bindings on one host is one scan, not one per port.</summary>
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, bool> _pending = new(StringComparer.Ordinal);

    /// <summary>Stops a host's agent: no more heartbeats, and its ports go DOWN.</summary>
    public async Task StopAgentAsync(string host, CancellationToken ct = default)
    {
        states.Stop(host);
        events.Publish(new AgentStateChanged(host, false, clock.GetUtcNow().UtcDateTime));
        await ports.TransitionHostPortsAsync(host, [PortStatus.Active, PortStatus.Build], PortStatus.Down, $"the OVS agent on {host} is dead", ct);
    }

    /// <summary>Starts it again: its ports are rebuilt and reported ACTIVE once wired.</summary>
    public async Task StartAgentAsync(string host, CancellationToken ct = default)
    {
        states.Start(host);
        events.Publish(new AgentStateChanged(host, true, clock.GetUtcNow().UtcDateTime));
        await ports.TransitionHostPortsAsync(host, [PortStatus.Down], PortStatus.Build, $"the OVS agent on {host} is back", ct);
        _hostsToProcess.Writer.TryWrite(host);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var subscription = events.Subscribe<PortStatusChanged>(change =>
        {
            if (change.NewStatus == PortStatus.Build && change.Host != "")
            {
                _hostsToProcess.Writer.TryWrite(change.Host);
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
        await foreach (var host in _hostsToProcess.Reader.ReadAllAsync(stoppingToken))
        {
            if (_pending.TryAdd(host, true))
            {
                _ = ProcessAsync(host, delay, stoppingToken);
            }
        }
    }

    private async Task ProcessAsync(string host, TimeSpan delay, CancellationToken ct)
    {
        try
        {
            await Task.Delay(delay, clock, ct);
            // Cleared before the scan: a port that turns BUILD during it schedules the next pass.
            _pending.TryRemove(host, out _);
            // In ovs mode the realised host's ports are wired, and reported, by the real agent.
            if (states.IsRunning(host) && !options.Value.Realises(host))
            {
                await ports.TransitionHostPortsAsync(host, Wireable, PortStatus.Active, $"wired by the OVS agent on {host}", ct);
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "The agent on {Host} could not process its ports; the next change or start-up retries.", host);
        }
    }
}
