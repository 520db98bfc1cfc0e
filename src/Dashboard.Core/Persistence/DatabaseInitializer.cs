using Dashboard.Core.Seeding;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Dashboard.Core.Persistence;

/// <summary>Start-up: apply the committed migrations, switch SQLite to WAL, drop long-expired tokens, bootstrap identity and the catalog, seed the demo.</summary>
public sealed class DatabaseInitializer(
    IDbContextFactory<NetworkDbContext> factory, IdentityBootstrap bootstrap, DemoData demo, Identity.TokenService tokens, Identity.ServiceCatalog catalog,
    Microsoft.Extensions.Options.IOptions<CloudOptions> cloud, ILogger<DatabaseInitializer> logger)
{
    public async Task InitializeAsync(CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        if (db.Database.IsNpgsql())
        {
            // Instances started together on one database migrate, bootstrap and seed one after the other: the second
            // finds the schema, the admin and the demo in place. The lock is the session's, held on this connection.
            await db.Database.OpenConnectionAsync(ct);
            await db.Database.ExecuteSqlRawAsync($"SELECT pg_advisory_lock({PostgresSessions.StartupLock})", ct);
            try
            {
                await InitializeStoreAsync(db, ct);
            }
            finally
            {
                await db.Database.ExecuteSqlRawAsync($"SELECT pg_advisory_unlock({PostgresSessions.StartupLock})", CancellationToken.None);
                await db.Database.CloseConnectionAsync();
            }
            return;
        }
        await InitializeStoreAsync(db, ct);
    }

    private async Task InitializeStoreAsync(NetworkDbContext db, CancellationToken ct)
    {
        await db.Database.MigrateAsync(ct);
        if (db.Database.IsSqlite())
        {
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", ct);
        }
        var purged = await tokens.PurgeExpiredAsync(ct);
        if (purged > 0)
        {
            logger.LogInformation("Purged {Count} tokens that expired more than a day ago.", purged);
        }
        var adminProjectId = await bootstrap.RunAsync(ct);
        await catalog.BootstrapAsync(cloud.Value.Region, ct);
        if (await demo.SeedIfEmptyAsync(adminProjectId, ct))
        {
            logger.LogInformation("Seeded the demo data on an empty database.");
        }
    }
}
