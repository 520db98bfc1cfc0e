using Dashboard.Core.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Dashboard.Core.Events;

/// <summary>
/// The bus between instances sharing one PostgreSQL database, with nothing but PostgreSQL: a unit of work's changes are
/// sent with <c>pg_notify</c> inside its own transaction (PostgreSQL delivers them at commit, and drops them on a
/// rollback), and every instance <c>LISTEN</c>s on one dedicated connection, announcing what other instances committed
/// to its own pages, agents and caches as if it had committed it. When that connection breaks, the instance keeps
/// trying; once it is back it announces <see cref="EventsMissed"/>, so views re-read what they show.
/// </summary>
public sealed class PostgresEventBus(IDbContextFactory<NetworkDbContext> factory, INetworkEvents events, ILogger<PostgresEventBus> logger)
    : BackgroundService, IEventOutbox
{
    public const string Channel = "dashboard_events";

    /// <summary>PostgreSQL refuses payloads of 8,000 bytes or more.</summary>
    private const int MaxPayload = 7_900;

    private static readonly TimeSpan RetryEvery = TimeSpan.FromSeconds(2);

    private readonly TaskCompletionSource _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>This instance, as its notifications name it: it does not hear its own twice.</summary>
    public string Origin { get; } = Guid.NewGuid().ToString("N");

    /// <summary>Completes once this instance first hears the channel.</summary>
    public Task Listening => _listening.Task;

    public Task EnlistAsync(NetworkDbContext db, IReadOnlyList<NetworkEvent> changes, CancellationToken ct)
    {
        if (changes.Count == 0)
        {
            return Task.CompletedTask;
        }
        // An event too large to send (none is today) still tells the others that they must re-read.
        var payloads = changes.Select(c => EventCodec.Encode(Origin, c))
            .Select(p => p.Length <= MaxPayload ? p : EventCodec.Encode(Origin, new EventsMissed(DateTime.UtcNow)))
            .Distinct().ToArray();
        return db.Database.ExecuteSqlAsync($"SELECT pg_notify({Channel}, payload) FROM unnest({payloads}) AS payload", ct);
    }

    public async Task AnnounceAsync(NetworkEvent change, CancellationToken ct)
    {
        await using (var db = await factory.CreateDbContextAsync(ct))
        {
            await db.Database.ExecuteSqlAsync($"SELECT pg_notify({Channel}, {EventCodec.Encode(Origin, change)})", ct);
        }
        events.Publish(change);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var lost = false;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = await PostgresSessions.OpenDedicatedAsync(factory, stoppingToken);
                connection.Notification += (_, notification) => Deliver(notification.Payload);
                await using (var listen = new NpgsqlCommand($"LISTEN {Channel}", connection))
                {
                    await listen.ExecuteNonQueryAsync(stoppingToken);
                }
                _listening.TrySetResult();
                if (lost)
                {
                    lost = false;
                    logger.LogInformation("Hearing other instances' changes again; views re-read what they show.");
                    events.Publish(new EventsMissed(DateTime.UtcNow));
                }
                while (true)
                {
                    await connection.WaitAsync(stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                if (!lost)
                {
                    logger.LogWarning(e, "Lost the connection on which other instances' changes are heard; retrying every {Seconds} s.", RetryEvery.TotalSeconds);
                }
                lost = true;
                try
                {
                    await Task.Delay(RetryEvery, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    private void Deliver(string payload)
    {
        if (EventCodec.Decode(payload) is { } received && received.Origin != Origin)
        {
            events.Publish(received.Change);
        }
    }
}
