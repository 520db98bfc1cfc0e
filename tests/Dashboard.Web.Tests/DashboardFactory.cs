using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace Dashboard.Web.Tests;

/// <summary>The real app on its own fresh SQLite file, configured the way an operator would: by settings.</summary>
public sealed class DashboardFactory : WebApplicationFactory<Program>
{
    public string DatabasePath { get; } = Path.Combine(Path.GetTempPath(), "dashboard-web-tests", $"{Guid.NewGuid():N}.db");

    public Dictionary<string, string?> Settings { get; } = new()
    {
        ["Bootstrap:AdminPassword"] = "web-test-admin",
        ["Demo:Seed"] = "true",
        ["Demo:UserPassword"] = "web-test-demo",
    };

    /// <summary>Every log line the app wrote, formatted.</summary>
    public System.Collections.Concurrent.ConcurrentQueue<string> LogLines { get; } = new();

    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(DatabasePath)!);
        // As `dotnet run` does: the repository root is the content root, so its appsettings.json and wwwroot/ are used.
        builder.UseContentRoot(RepositoryRoot);
        builder.UseSetting("ConnectionStrings:Dashboard", $"Data Source={DatabasePath}");
        builder.UseSetting("DataProtection:KeysPath", Path.Combine(Path.GetDirectoryName(DatabasePath)!, $"{Path.GetFileNameWithoutExtension(DatabasePath)}-keys"));
        builder.ConfigureLogging(logging => logging.AddProvider(new CapturingLoggerProvider(LogLines)));
        foreach (var (key, value) in Settings)
        {
            builder.UseSetting(key, value);
        }
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        SqliteConnection.ClearAllPools();
        foreach (var file in new[] { DatabasePath, DatabasePath + "-wal", DatabasePath + "-shm" })
        {
            File.Delete(file);
        }
    }

    public static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Dashboard.sln")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException("Dashboard.sln not found above the test binaries.");
    }
}
