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
    /// <summary>The first key of every lease lock ("AGEN"); the second is the host name's <c>hashtext</c>.</summary>
    public const int LockSpace = 0x4147454E;

    private readonly ConcurrentDictionary<string, bool> _held = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _one = new(1, 1);
    private NpgsqlConnection? _connection;

    /// <summary>How often hosts nobody holds are looked for: the report interval, at most 5 s.</summary>
    public TimeSpan Sweep => TimeSpan.FromSeconds(Math.Clamp(options.Value.ReportIntervalSeconds, 0.05, 5));

    /// <summary>Raised when this instance takes a host over: its agents resync it.</summary>
    public event Action<string>? Acquired;

    /// <summary>Whether this instance runs <paramref name="host"/>'s agents; takes the host's lease if nobody holds it.</summary>
    public async Task<bool> HoldsAsync(string host, CancellationToken ct = default)
    {
        if (!database.IsPostgres || _held.ContainsKey(host))
        {
            return true;
        }
        await _one.WaitAsync(ct);
        try
        {
            if (_held.ContainsKey(host))
            {
                return true;
            }
            var connection = await ConnectionAsync(ct);
            await using var command = new NpgsqlCommand("SELECT pg_try_advisory_lock(@space, hashtext(@host))", connection);
            command.Parameters.AddWithValue("space", LockSpace);
            command.Parameters.AddWithValue("host", host);
            if (await command.ExecuteScalarAsync(ct) is not true)
            {
                return false;
            }
            _held[host] = true;
        }
        catch (Exception e) when (e is NpgsqlException or IOException or TimeoutException)
        {
            // The lease connection broke: every lease it held is gone with it.
            LetGo(e);
            return false;
        }
        finally
        {
            _one.Release();
        }
        logger.LogInformation("This instance now runs the agents of {Host}.", host);
        Acquired?.Invoke(host);
        return true;
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
                foreach (var host in hosts.Where(h => !_held.ContainsKey(h)))
                {
                    await HoldsAsync(host, stoppingToken);
                }
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

    private async Task<NpgsqlConnection> ConnectionAsync(CancellationToken ct)
    {
        if (_connection is { State: System.Data.ConnectionState.Open })
        {
            return _connection;
        }
        await (_connection?.DisposeAsync() ?? ValueTask.CompletedTask);
        string connectionString;
        await using (var db = await factory.CreateDbContextAsync(ct))
        {
            connectionString = db.Database.GetConnectionString()!;
        }
        // Its own connection, outside the pool (the locks are the session's), with keep-alives to notice a dead server.
        _connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false, KeepAlive = 5 }.ConnectionString);
        await _connection.OpenAsync(ct);
        return _connection;
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
