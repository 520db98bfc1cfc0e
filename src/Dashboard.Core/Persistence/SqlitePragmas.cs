using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Dashboard.Core.Persistence;

/// <summary>
/// Per-connection SQLite settings. With the WAL journal, <c>synchronous=NORMAL</c> keeps the database
/// consistent and every committed transaction durable across a crash of the process (SIGKILL
/// included); only an operating-system crash or power loss may lose the last commits. It spares
/// one fsync per commit. The setting belongs to the physical SQLite connection, which the pool
/// keeps open, so it is applied once per physical connection, not on every logical open.
/// </summary>
public sealed class SqlitePragmas : DbConnectionInterceptor
{
    public static readonly SqlitePragmas Instance = new();

    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<object, object> Applied = new();

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) => Apply(connection);

    public override Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Apply(connection);
        return Task.CompletedTask;
    }

    private static void Apply(DbConnection connection)
    {
        if (connection is Microsoft.Data.Sqlite.SqliteConnection { Handle: { } handle } && !Applied.TryGetValue(handle, out _))
        {
            using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA synchronous=NORMAL;";
            command.ExecuteNonQuery();
            Applied.AddOrUpdate(handle, handle);
        }
    }
}
