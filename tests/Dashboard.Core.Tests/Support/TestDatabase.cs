using Microsoft.Data.Sqlite;
using Npgsql;

namespace Dashboard.Core.Tests.Support;

/// <summary>
/// The store a test's cloud lives on. SQLite by default: a file per test. With <see cref="PostgresVariable"/> set to a
/// server's connection string (test.sh starts a throw-away cluster and runs this suite a second time with it), a
/// database per test on that server, named after the file, dropped at the end: the same tests on both providers.
/// </summary>
public static class TestDatabase
{
    public const string PostgresVariable = "DASHBOARD_TEST_POSTGRES";

    /// <summary>The server's connection string, or null to run on SQLite.</summary>
    public static string? PostgresServer => Environment.GetEnvironmentVariable(PostgresVariable) is { Length: > 0 } server ? server : null;

    public static bool IsPostgres => PostgresServer is not null;

    /// <summary>The settings that put a cloud on the store named by <paramref name="databasePath"/>.</summary>
    public static Dictionary<string, string?> Settings(string databasePath) => PostgresServer is { } server
        ? new() { ["Database:Provider"] = "postgres", ["ConnectionStrings:Dashboard"] = ConnectionString(server, databasePath) }
        : new() { ["ConnectionStrings:Dashboard"] = $"Data Source={databasePath}" };

    /// <summary>The same database, opened so that it cannot be written.</summary>
    public static Dictionary<string, string?> ReadOnlySettings(string databasePath) => PostgresServer is { } server
        ? new() { ["ConnectionStrings:Dashboard"] = new NpgsqlConnectionStringBuilder(ConnectionString(server, databasePath)) { Options = "-c default_transaction_read_only=on" }.ConnectionString }
        : new() { ["ConnectionStrings:Dashboard"] = $"Data Source={databasePath};Mode=ReadOnly" };

    public static async Task CreateAsync(string databasePath)
    {
        if (PostgresServer is { } server)
        {
            await using var connection = new NpgsqlConnection(server);
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{Name(databasePath)}\"", connection);
            await create.ExecuteNonQueryAsync();
        }
    }

    public static async Task DropAsync(string databasePath)
    {
        if (PostgresServer is { } server)
        {
            NpgsqlConnection.ClearAllPools();
            await using var connection = new NpgsqlConnection(server);
            await connection.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{Name(databasePath)}\" WITH (FORCE)", connection);
            await drop.ExecuteNonQueryAsync();
            return;
        }
        SqliteConnection.ClearAllPools();
        foreach (var file in new[] { databasePath, databasePath + "-wal", databasePath + "-shm" })
        {
            File.Delete(file);
        }
    }

    private static string ConnectionString(string server, string databasePath) =>
        new NpgsqlConnectionStringBuilder(server) { Database = Name(databasePath) }.ConnectionString;

    private static string Name(string databasePath) => "t_" + Path.GetFileNameWithoutExtension(databasePath);
}
