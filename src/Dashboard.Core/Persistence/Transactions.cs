using Microsoft.EntityFrameworkCore;

namespace Dashboard.Core.Persistence;

/// <summary>
/// One operation, one transaction: a context per call, committed only if the work completes;
/// any exception (typed domain errors included) rolls everything back. On SQLite the
/// transaction starts IMMEDIATE, so writers on the same file queue instead of racing.
/// </summary>
public sealed class Transactions(IDbContextFactory<NetworkDbContext> factory)
{
    public async Task<T> WriteAsync<T>(Func<NetworkDbContext, Task<T>> work, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var result = await work(db);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return result;
    }

    public Task WriteAsync(Func<NetworkDbContext, Task> work, CancellationToken ct = default) =>
        WriteAsync(async db => { await work(db); return true; }, ct);

    /// <summary>A read-only unit: no tracking, no transaction.</summary>
    public async Task<T> ReadAsync<T>(Func<NetworkDbContext, Task<T>> work, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        db.ChangeTracker.QueryTrackingBehavior = QueryTrackingBehavior.NoTracking;
        return await work(db);
    }
}
