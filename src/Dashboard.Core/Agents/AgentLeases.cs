using System.Collections.Concurrent;
using Dashboard.Core.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Dashboard.Core.Agents;

/// <summary>
/// Which hosts' simulated agents this instance runs. Alone on SQLite, every host's. Sharing PostgreSQL with other
/// instances, a host's agents run in exactly one instance: the one holding the host's lease, a session advisory lock
/// taken on one connection of its own. An instance that dies (or loses that connection) lets go of its leases at
/// once; the others look for hosts nobody holds every <see cref="Sweep"/> and take them over (then they resync them),
/// well inside <c>agent_down_time</c>, so the agents' heartbeats never stop for long and never come from two places.
/// </summary>
public sealed class AgentLeases(
    IDbContextFactory<NetworkDbContext> factory, DatabaseOptions database, IOptions<AgentOptions> options, TimeProvider clock, ILogger<AgentLeases> logger)
    : BackgroundService
{
    private readonly ConcurrentDictionary<string, bool> _held = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _one = new(1, 1);
    private NpgsqlConnection? _connection;

    /// <summary>How often hosts nobody holds are looked for: the report interval, at most 5 s.</summary>
    public TimeSpan Sweep => TimeSpan.FromSeconds(Math.Clamp(options.Value.ReportIntervalSeconds, 0.05, 5));

    /// <summary>Raised when this instance takes a host over: its agents resync it.</summary>
    public event Action<string>? Acquired;

    /// <summary>Whether this instance runs <paramref name="host"/>'s agents; takes the host's lease if nobody holds it.</summary>
    public async Task<bool> HoldsAsync(string host, CancellationToken ct = default) => (await HoldAsync([host], ct)).Contains(host);

    /// <summary>
    /// Which of <paramref name="hosts"/> this instance runs the agents of, taking the leases nobody holds: one query for
    /// all the hosts it does not hold yet, none when it holds them all.
    /// </summary>
    public async Task<IReadOnlySet<string>> HoldAsync(IReadOnlyCollection<string> hosts, CancellationToken ct = default)
    {
        if (!database.IsPostgres)
        {
            return hosts.ToHashSet(StringComparer.Ordinal);
        }
        var taken = new List<string>();
        if (hosts.Any(h => !_held.ContainsKey(h)))
        {
            await _one.WaitAsync(ct);
            try
            {
                // Each host once: a session lock taken twice must be released twice.
                var wanted = hosts.Where(h => !_held.ContainsKey(h)).Distinct(StringComparer.Ordinal).ToArray();
                if (wanted.Length > 0)
                {
                    if (_connection is not { State: System.Data.ConnectionState.Open })
                    {
                        await (_connection?.DisposeAsync() ?? ValueTask.CompletedTask);
                        _connection = await PostgresSessions.OpenDedicatedAsync(factory, ct);
                    }
                    await using var command = new NpgsqlCommand("SELECT host FROM unnest(@hosts) AS host WHERE pg_try_advisory_lock(@space, hashtext(host))", _connection);
                    command.Parameters.AddWithValue("hosts", wanted);
                    command.Parameters.AddWithValue("space", PostgresSessions.LeaseSpace);
                    await using var reader = await command.ExecuteReaderAsync(ct);
                    while (await reader.ReadAsync(ct))
                    {
                        taken.Add(reader.GetString(0));
                    }
                    taken.ForEach(h => _held[h] = true);
                }
            }
            catch (Exception e) when (e is NpgsqlException or IOException or TimeoutException)
            {
                // The lease connection broke: every lease it held is gone with it.
                LetGo(e);
            }
            finally
            {
                _one.Release();
            }
        }
        foreach (var host in taken)
        {
            logger.LogInformation("This instance now runs the agents of {Host}.", host);
            Acquired?.Invoke(host);
        }
        return hosts.Where(_held.ContainsKey).ToHashSet(StringComparer.Ordinal);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!database.IsPostgres)
        {
            return;
        }
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                List<string> hosts;
                await using (var db = await factory.CreateDbContextAsync(stoppingToken))
                {
                    hosts = await db.ComputeNodes.Select(n => n.Name).ToListAsync(stoppingToken);
                }
                await HoldAsync(hosts, stoppingToken);
                await Task.Delay(Sweep, clock, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                logger.LogWarning(e, "Looking for hosts whose agents no instance runs failed; trying again in {Seconds} s.", Sweep.TotalSeconds);
                await Task.Delay(Sweep, clock, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
    }

    private void LetGo(Exception why)
    {
        if (!_held.IsEmpty)
        {
            logger.LogWarning(why, "Lost the connection holding this instance's agent leases ({Hosts}); other instances take them over.", string.Join(", ", _held.Keys));
        }
        _held.Clear();
        _connection?.Dispose();
        _connection = null;
    }

    public override void Dispose()
    {
        // Closing the session lets go of every lease at once.
        _connection?.Dispose();
        _one.Dispose();
        base.Dispose();
    }
}
