using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Dashboard.Web.Tests.Api;
using Dashboard.Web.Tests.Cli;
using Microsoft.Data.Sqlite;

namespace Dashboard.Web.Tests.Drills;

/// <summary>
/// The product's database on a small file system of its own (a tmpfs the test mounts, so only root
/// can run it; otherwise it is skipped, saying why). The disk fills up under a running product: the
/// API answers 503 with a clear error, the dashboard shows a banner, nothing is corrupted or
/// half-written, and everything works again once space is freed. (A file system cannot be turned
/// read-only under a process that has files open for writing, so the read-only case is drilled at
/// SQLite's level, in the core's tests.)
/// </summary>
public sealed partial class StorageDrillTests : IAsyncLifetime
{
    private readonly string _mount = Path.Combine(Path.GetTempPath(), $"dashboard-storage-drill-{Guid.NewGuid():N}");
    private RunningApp? _app;
    private bool _mounted;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_mount);
        _mounted = Run("mount", "-t", "tmpfs", "-o", "size=12m", "tmpfs", _mount) == 0;
        if (_mounted)
        {
            // Heartbeats every second: the product notices the disk's state without any user.
            _app = new RunningApp(Path.Combine(_mount, "dashboard.db"), new Dictionary<string, string> { ["Agent__ReportIntervalSeconds"] = "1" });
            await _app.InitializeAsync();
        }
    }

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
        if (_mounted)
        {
            Run("umount", "-l", _mount);
        }
        Directory.Delete(_mount, recursive: true);
    }

    [SkippableFact]
    public async Task Disk_full_answers_503_shows_the_banner_corrupts_nothing_and_recovers()
    {
        Skip.IfNot(_mounted, "needs root to mount a small tmpfs for the database (mount -t tmpfs failed)");
        var api = await AdminAsync();
        var confirmed = new List<string>();
        Assert.Equal(HttpStatusCode.Created, (await CreateNetworkAsync(api, "before-full")).Status);
        confirmed.Add("before-full");

        await FillAsync();
        var (status, error) = (HttpStatusCode.Created, (JsonNode?)null);
        for (var i = 0; i < 200 && status == HttpStatusCode.Created; i++)
        {
            (status, error) = await CreateNetworkAsync(api, $"during-full-{i}");
            if (status == HttpStatusCode.Created)
            {
                confirmed.Add($"during-full-{i}"); // the WAL may still have had room for a few
            }
        }

        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        Assert.Equal("DatabaseUnavailable", error!["NeutronError"]!["type"]!.GetValue<string>());
        Assert.Contains("disk is full", error["NeutronError"]!["message"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("/networking/v2.0/networks")).Status); // reads still work
        var page = await _app!.AdminPageAsync("/admin/overview");
        Assert.Contains("data-testid=\"database-banner\"", page);
        Assert.Contains("The database disk is full", page);

        File.Delete(Path.Combine(_mount, "filler"));
        await EventuallyAsync(async () => !(await _app!.AdminPageAsync("/admin/overview")).Contains("database-banner", StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.Created, (await CreateNetworkAsync(api, "after-full")).Status);
        confirmed.Add("after-full");

        await AssertIntactAsync(api, confirmed);
    }

    private async Task<ApiSession> AdminAsync() =>
        await ApiSession.LoginAsync(new HttpClient { BaseAddress = new Uri(_app!.BaseUrl) }, "admin", RunningApp.AdminPassword, "admin");

    private static Task<(HttpStatusCode Status, JsonNode? Body)> CreateNetworkAsync(ApiSession api, string name) =>
        api.PostAsync("/networking/v2.0/networks", new JsonObject { ["network"] = new JsonObject { ["name"] = name } });

    private static async Task<List<string>> NamesAsync(ApiSession api) =>
        (await api.GetAsync("/networking/v2.0/networks")).Body!["networks"]!.AsArray().Select(n => n!["name"]!.GetValue<string>()).ToList();

    /// <summary>Every confirmed network exists with its segment, the file passes SQLite's integrity check, no allocation is orphaned.</summary>
    private async Task AssertIntactAsync(ApiSession api, IReadOnlyCollection<string> confirmed)
    {
        Assert.Empty(confirmed.Except(await NamesAsync(api)));
        await using var db = new SqliteConnection($"Data Source={_app!.DatabasePath};Mode=ReadOnly;Pooling=False");
        await db.OpenAsync();
        await using var check = db.CreateCommand();
        check.CommandText = "PRAGMA integrity_check";
        Assert.Equal("ok", (string?)await check.ExecuteScalarAsync());
        check.CommandText = "SELECT COUNT(*) FROM SegmentAllocations a WHERE NOT EXISTS (SELECT 1 FROM Networks n WHERE n.Id = a.NetworkId)";
        Assert.Equal(0L, (long)(await check.ExecuteScalarAsync())!);
        check.CommandText = "SELECT COUNT(*) FROM Networks n WHERE n.NetworkType = 'vlan' AND NOT EXISTS (SELECT 1 FROM SegmentAllocations a WHERE a.NetworkId = n.Id)";
        Assert.Equal(0L, (long)(await check.ExecuteScalarAsync())!);
    }

    /// <summary>Fills the file system to the last byte.</summary>
    private async Task FillAsync()
    {
        var chunk = new byte[64 * 1024];
        await using var filler = new FileStream(Path.Combine(_mount, "filler"), FileMode.Create);
        try
        {
            while (true)
            {
                await filler.WriteAsync(chunk);
                await filler.FlushAsync();
            }
        }
        catch (IOException)
        {
            // full
        }
    }

    private static async Task EventuallyAsync(Func<Task<bool>> condition)
    {
        var watch = Stopwatch.StartNew();
        while (!await condition())
        {
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(20), "the condition did not hold within 20 s");
            await Task.Delay(250);
        }
    }

    private static int Run(string file, params string[] args)
    {
        try
        {
            using var process = Process.Start(new ProcessStartInfo(file, args) { RedirectStandardError = true, RedirectStandardOutput = true })!;
            process.WaitForExit(10_000);
            return process.ExitCode;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return -1;
        }
    }

}
