using Microsoft.Data.Sqlite;

namespace Dashboard.Core.Persistence;

public static class DatabaseConnection
{
    public const string Name = "Dashboard";

    /// <summary>Resolves a relative SQLite file path against the content root, so the database lands where the app is configured, whatever the working directory.</summary>
    public static string ResolveSqlite(string? connectionString, string contentRoot)
    {
        var builder = new SqliteConnectionStringBuilder(connectionString ?? "Data Source=dashboard.db");
        if (builder.DataSource != ":memory:" && builder.Mode != SqliteOpenMode.Memory && !Path.IsPathRooted(builder.DataSource))
        {
            builder.DataSource = Path.GetFullPath(Path.Combine(contentRoot, builder.DataSource));
        }
        return builder.ToString();
    }
}
