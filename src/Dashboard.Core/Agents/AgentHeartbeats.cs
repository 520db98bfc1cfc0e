using Dashboard.Core.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Dashboard.Core.Agents;

/// <summary>
/// The in-process OVS agents' state reports: every report interval, each agent (a compute node's OVS agent,
/// a network node's L3 and DHCP agents) records a heartbeat, so an agent is alive while its last report is younger than agent_down_time.
/// As in Neutron, an agent set admin-down (a disabled node) keeps reporting; a stopped agent does not.
/// </summary>
public sealed class AgentHeartbeats(IDbContextFactory<NetworkDbContext> factory, AgentStates states, AgentLeases leases, IOptions<AgentOptions> options, TimeProvider clock, DatabaseHealth health, ILogger<AgentHeartbeats> logger)
    : BackgroundService
{
    /// <summary>Records a heartbeat for every running agent now (a stopped agent stays silent, and so goes dead).</summary>
    public async Task ReportAsync(CancellationToken ct = default)
    {
        try
        {
            await using var db = await factory.CreateDbContextAsync(ct);
            var now = clock.GetUtcNow().UtcDateTime;
            // The hosts whose agents this instance runs (all of them, unless instances share a PostgreSQL store).
            var held = await leases.HoldAsync(await db.ComputeNodes.Select(n => n.Name).ToListAsync(ct), ct);
            var running = held.Where(states.IsRunning).ToList();
            await db.ComputeNodes.Where(n => running.Contains(n.Name)).ExecuteUpdateAsync(s => s.SetProperty(n => n.LastHeartbeatAt, now), ct);
            var agents = (await db.NetworkAgents.Select(a => new { a.Id, a.Host, a.AgentType }).ToListAsync(ct))
                .Where(a => held.Contains(a.Host) && states.IsRunning(a.Host, a.AgentType)).Select(a => a.Id).ToList();
            await db.NetworkAgents.Where(a => agents.Contains(a.Id)).ExecuteUpdateAsync(s => s.SetProperty(a => a.LastHeartbeatAt, now), ct);
        }
        catch (Exception e) when (DatabaseHealth.StorageError(e) is { } storage)
        {
            // The reports write regularly, so they notice a full or read-only disk, and its end, without any user.
            throw health.Failed(storage);
        }
        health.Succeeded();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(Math.Max(0.05, options.Value.ReportIntervalSeconds)), clock);
        do
        {
            try
            {
                await ReportAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "Agent state report failed; the next one comes in {Interval} s.", options.Value.ReportIntervalSeconds);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
