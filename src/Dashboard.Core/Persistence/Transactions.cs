using Microsoft.EntityFrameworkCore;

namespace Dashboard.Core.Persistence;

/// <summary>
/// One operation, one transaction: a context per call, committed only if the work completes;
/// any exception (typed domain errors included) rolls everything back. On SQLite the
/// transaction starts IMMEDIATE, so writers on the same file queue instead of racing.
/// Calls made inside <see cref="WriteAsync{T}"/> join its transaction, so a sequence of service
/// calls (a bulk create) is all or nothing. Port status changes are announced after the commit.
/// On PostgreSQL, where several instances may write, each write transaction first takes one transaction-scoped
/// advisory lock: writers queue across instances as they do on SQLite's file, so the allocators and IPAM, which read
/// what is free and then take it, stay exact. The unit's changes go to the other instances with the commit
/// (<see cref="Events.IEventOutbox"/>).
/// </summary>
public sealed class Transactions(IDbContextFactory<NetworkDbContext> factory, Events.INetworkEvents events, Events.IEventOutbox outbox, DatabaseHealth health)
{
    private static readonly AsyncLocal<NetworkDbContext?> Ambient = new();

    /// <summary>
    /// SQLite's writers in this process, queued in the order they came. SQLite alone does not queue them: a writer
    /// finding the file locked polls until its timeout (30 s), and one that keeps coming back (a client sending bulk
    /// creates back to back) can win every time while another starves into "database is busy" (503).
    /// </summary>
    private readonly SemaphoreSlim _sqliteWriters = new(1, 1);

    public async Task<T> WriteAsync<T>(Func<NetworkDbContext, Task<T>> work, CancellationToken ct = default)
    {
        if (Ambient.Value is { } outer)
        {
            var inner = await work(outer);
            await outer.SaveChangesAsync(ct);
            return inner;
        }
        T result;
        List<Events.NetworkEvent> committed;
        var queued = false;
        try
        {
            await using var db = await factory.CreateDbContextAsync(ct);
            if (!db.Database.IsNpgsql())
            {
                await _sqliteWriters.WaitAsync(ct);
                queued = true;
            }
            // Contexts are pooled: nothing of a previous unit may leak into this one.
            db.BeginUnit();
            db.ChangeTracker.QueryTrackingBehavior = QueryTrackingBehavior.TrackAll;
            // The unit's transaction is all or nothing already: no savepoint around each SaveChanges inside it.
            db.Database.AutoSavepointsEnabled = false;
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            if (db.Database.IsNpgsql())
            {
                await db.Database.ExecuteSqlRawAsync($"SELECT pg_advisory_xact_lock({PostgresSessions.WriterLock})", ct);
            }
            Ambient.Value = db;
            try
            {
                result = await work(db);
                await db.SaveChangesAsync(ct);
                committed = db.PendingEvents.DistinctBy(e => e is Events.ResourceChanged r ? (object)(r.Resource, r.Id, r.Action) : e).ToList();
                await outbox.EnlistAsync(db, committed, ct);
                await tx.CommitAsync(ct);
            }
            finally
            {
                Ambient.Value = null;
            }
        }
        catch (Exception e) when (DatabaseHealth.StorageError(e) is { } storage)
        {
            // Disk full, read-only, I/O error or busy: nothing was committed. Say so plainly (503), and tell the banner.
            throw health.Failed(storage);
        }
        finally
        {
            if (queued)
            {
                _sqliteWriters.Release();
            }
        }
        health.Succeeded();
        // Only what is committed is announced; a rolled-back operation announces nothing. Announced
        // outside the transaction's scope: a subscriber's work (a page's re-read, queued with this
        // execution context) must read the database afresh, not through this finished context.
        foreach (var change in committed)
        {
            events.Publish(change);
        }
        return result;
    }

    public Task WriteAsync(Func<NetworkDbContext, Task> work, CancellationToken ct = default) =>
        WriteAsync(async db => { await work(db); return true; }, ct);

    /// <summary>A read-only unit: no tracking, no transaction (inside a write, it reads through the write's context).</summary>
    public async Task<T> ReadAsync<T>(Func<NetworkDbContext, Task<T>> work, CancellationToken ct = default)
    {
        if (Ambient.Value is { } outer)
        {
            return await work(outer);
        }
        try
        {
            await using var db = await factory.CreateDbContextAsync(ct);
            db.ChangeTracker.QueryTrackingBehavior = QueryTrackingBehavior.NoTracking;
            return await work(db);
        }
        catch (Exception e) when (DatabaseHealth.StorageError(e) is { } storage)
        {
            throw health.Failed(storage);
        }
    }
}
