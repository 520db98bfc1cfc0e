using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;

namespace Dashboard.Bench;

/// <summary>The product started as its own process on a free loopback port with a fresh database.</summary>
public sealed class ProductProcess : IAsyncDisposable
{
    public const string AdminPassword = "bench-admin";

    private readonly Process _process;
    private readonly string _database;

    public string BaseUrl { get; }
    public double StartupMs { get; private set; }

    private ProductProcess(Process process, string database, string baseUrl) => (_process, _database, BaseUrl) = (process, database, baseUrl);

    public Process Process => _process;

    /// <summary>Resident memory of the product process now (VmRSS), in MB.</summary>
    public double ResidentMegabytes()
    {
        var line = File.ReadLines($"/proc/{_process.Id}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) / 1024.0;
    }

    /// <summary>A fresh database path for <see cref="StartAsync"/>; a scenario may seed it first.</summary>
    public static string NewDatabasePath() => Path.Combine(Path.GetTempPath(), $"dashboard-bench-{Guid.NewGuid():N}.db");

    /// <summary>The settings the product runs with in the bench (and a scenario seeds with).</summary>
    public static Dictionary<string, string> Settings(string database) => new()
    {
        ["ConnectionStrings__Dashboard"] = $"Data Source={database}",
        ["Bootstrap__AdminPassword"] = AdminPassword,
        ["Demo__Seed"] = "false",
        ["Quotas__quota_network"] = "-1",
        ["Quotas__quota_subnet"] = "-1",
        ["Quotas__quota_port"] = "-1",
        ["Quotas__quota_router"] = "-1",
        ["Logging__LogLevel__Default"] = "Warning",
        ["DataProtection__KeysPath"] = database + "-keys",
    };

    public static async Task<ProductProcess> StartAsync(string configuration = "Release", string? database = null, IReadOnlyDictionary<string, string>? extra = null)
    {
        var root = RepositoryRoot();
        var dll = Path.Combine(root, "src", "Dashboard.Web", "bin", configuration, "net10.0", "Dashboard.Web.dll");
        database ??= NewDatabasePath();
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var url = $"http://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}";
        listener.Stop();
        var info = new ProcessStartInfo("dotnet", [dll, "--urls", url, "--contentRoot", root]) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var (key, value) in Settings(database).Concat(extra ?? new Dictionary<string, string>()))
        {
            info.Environment[key] = value;
        }
        var watch = Stopwatch.StartNew();
        var process = Process.Start(info)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var product = new ProductProcess(process, database, url);
        using var http = new HttpClient();
        while (watch.Elapsed < TimeSpan.FromSeconds(60))
        {
            try
            {
                if ((await http.GetAsync($"{url}/networking/")).IsSuccessStatusCode)
                {
                    product.StartupMs = watch.Elapsed.TotalMilliseconds;
                    return product;
                }
            }
            catch (HttpRequestException)
            {
            }
            await Task.Delay(20);
        }
        throw new TimeoutException("the product did not answer within 60 s");
    }

    public async Task<string> TokenAsync(HttpClient http)
    {
        var body = new JsonObject
        {
            ["auth"] = new JsonObject
            {
                ["identity"] = new JsonObject
                {
                    ["methods"] = new JsonArray("password"),
                    ["password"] = new JsonObject { ["user"] = new JsonObject { ["name"] = "admin", ["domain"] = new JsonObject { ["name"] = "Default" }, ["password"] = AdminPassword } },
                },
                ["scope"] = new JsonObject { ["project"] = new JsonObject { ["name"] = "admin", ["domain"] = new JsonObject { ["name"] = "Default" } } },
            },
        };
        var response = await http.PostAsync($"{BaseUrl}/identity/v3/auth/tokens", Json(body));
        response.EnsureSuccessStatusCode();
        return response.Headers.GetValues("X-Subject-Token").Single();
    }

    public static StringContent Json(JsonNode body) => new(body.ToJsonString(), Encoding.UTF8, "application/json");

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
        SqliteConnection.ClearAllPools();
        foreach (var file in new[] { _database, _database + "-wal", _database + "-shm" })
        {
            File.Delete(file);
        }
        if (Directory.Exists(_database + "-keys"))
        {
            Directory.Delete(_database + "-keys", recursive: true);
        }
    }

    public static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Dashboard.sln")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException("Dashboard.sln not found");
    }
}
