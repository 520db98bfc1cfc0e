using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Dashboard.Core.Persistence;

/// <summary>
/// What instances sharing one PostgreSQL database coordinate with, in one place: the advisory lock keys (so none
/// collide), and the dedicated sessions that hold a listener or leases.
/// </summary>
public static class PostgresSessions
{
    /// <summary>Taken by every write transaction, released at its end ("DASH").</summary>
    public const long WriterLock = 0x44415348;

    /// <summary>Held while an instance migrates, bootstraps and seeds ("INIT").</summary>
    public const long StartupLock = 0x494E4954;

    /// <summary>The first key of every host's agent lease ("AGEN"); the second is the host name's <c>hashtext</c>.</summary>
    public const int LeaseSpace = 0x4147454E;

    /// <summary>
    /// A session of its own on the store's database, outside the pool (what it holds, a LISTEN or session locks, is the
    /// session's), with keep-alives so that a server that went away is noticed.
    /// </summary>
    public static async Task<NpgsqlConnection> OpenDedicatedAsync(IDbContextFactory<NetworkDbContext> factory, CancellationToken ct)
    {
        string connectionString;
        await using (var db = await factory.CreateDbContextAsync(ct))
        {
            connectionString = db.Database.GetConnectionString()!;
        }
        var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false, KeepAlive = 5 }.ConnectionString);
        try
        {
            await connection.OpenAsync(ct);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }
}
