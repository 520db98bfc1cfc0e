using Dashboard.Core.Hosts;
using Dashboard.Core.Networking;
using Dashboard.Core.Persistence;
using Dashboard.Core.Routers;
using Microsoft.EntityFrameworkCore;

namespace Dashboard.Core.Agents;

/// <summary>
/// Neutron's <c>l3_agent_scheduler</c>: a router lives on one L3 agent (its <c>qrouter-</c>
/// namespace), chosen among the admin-up, alive L3 agents of enabled hosts, fewest routers first
/// (the LeastRoutersScheduler). The router's ports are bound to that agent's host.
/// </summary>
public static class L3Scheduler
{
    public static readonly string[] RouterOwners = [DeviceOwners.RouterInterface, DeviceOwners.RouterGateway];

    /// <summary>The host whose L3 agent should take a new router (in one of <paramref name="hints"/>' zones when there are any), or null when no L3 agent can.</summary>
    public static async Task<string?> ChooseAsync(NetworkDbContext db, AgentLiveness liveness, IReadOnlyCollection<string> hints, CancellationToken ct)
    {
        var candidates = await AvailabilityZones.InZonesAsync(db, await AgentScheduling.CandidatesAsync(db, liveness, AgentTypes.L3, ct), hints, ct);
        var load = await db.Routers.Where(r => r.L3AgentHost != null && candidates.Contains(r.L3AgentHost))
            .GroupBy(r => r.L3AgentHost!).Select(g => new { Host = g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Host, g => g.Count, ct);
        return AgentScheduling.LeastLoaded(candidates, load);
    }

    /// <summary>Moves the router to <paramref name="host"/> (null: unschedules it), binding its ports there.</summary>
    public static async Task AssignAsync(NetworkDbContext db, Router router, string? host, CancellationToken ct)
    {
        router.L3AgentHost = host;
        await BindPortsAsync(db, router, ct);
    }

    /// <summary>Binds the router's qr-/qg- ports to its L3 agent's host (or unbinds them when it has none).</summary>
    public static async Task BindPortsAsync(NetworkDbContext db, Router router, CancellationToken ct)
    {
        var ports = await db.Ports.Where(p => p.DeviceId == router.Id && RouterOwners.Contains(p.DeviceOwner)).ToListAsync(ct);
        foreach (var port in ports)
        {
            await BindAsync(db, port, router.L3AgentHost, ct);
        }
        await db.SaveChangesAsync(ct);
    }

    internal static async Task BindAsync(NetworkDbContext db, Port port, string? host, CancellationToken ct)
    {
        if (host is null)
        {
            await PortBinder.UnbindAsync(db, port, ct);
        }
        else
        {
            await PortBinder.BindAsync(db, port, host, ct);
        }
    }
}
