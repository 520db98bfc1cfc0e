using Dashboard.Core.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Dashboard.Core.Agents;

/// <summary>
/// The in-process OVS agents' state reports: every report interval, each compute node's agent
/// records a heartbeat, so an agent is alive while its last report is younger than agent_down_time.
/// As in Neutron, an agent set admin-down (a disabled node) keeps reporting. Stopping an agent,
/// and processing port bindings, are the agents' other half, not built yet.
/// </summary>
public sealed class AgentHeartbeats(IDbContextFactory<NetworkDbContext> factory, IOptions<AgentOptions> options, TimeProvider clock, ILogger<AgentHeartbeats> logger)
    : BackgroundService
{
    /// <summary>Records a heartbeat for every compute node's agent now.</summary>
    public async Task ReportAsync(CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var now = clock.GetUtcNow().UtcDateTime;
        await db.ComputeNodes.ExecuteUpdateAsync(s => s.SetProperty(n => n.LastHeartbeatAt, now), ct);
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
