using System.Diagnostics;
using System.Text.Json.Nodes;
using Npgsql;

namespace Dashboard.Bench;

/// <summary>
/// Issue 17's figures: the product on PostgreSQL (a throw-away cluster started by tests/postgres-cluster.sh), first one
/// instance, then two on the same database and the same two cores. Reads spread over both (the point: nothing
/// serialises them), sequential network + subnet creates (one writer at a time by design, so no speed-up is expected),
/// and a port's status change made through one instance to visible on a page served by the other.
/// </summary>
public static class InstancesScenario
{
    private const int Stored = 1000;
    private const int Creates = 200;

    public static async Task<IReadOnlyList<Figure>> RunAsync()
    {
        var root = ProductProcess.RepositoryRoot();
        var cluster = Path.Combine(Path.GetTempPath(), $"dashboard-bench-pg-{Guid.NewGuid():N}");
        var script = Path.Combine(root, "tests", "postgres-cluster.sh");
        var server = (await ScriptAsync(script, "start", cluster)).Trim();
        try
        {
            await using (var connection = new NpgsqlConnection(server))
            {
                await connection.OpenAsync();
                await using var create = new NpgsqlCommand("CREATE DATABASE bench", connection);
                await create.ExecuteNonQueryAsync();
            }
            var settings = new Dictionary<string, string>
            {
                ["Database__Provider"] = "postgres",
                ["ConnectionStrings__Dashboard"] = new NpgsqlConnectionStringBuilder(server) { Database = "bench" }.ConnectionString,
                ["Demo__Seed"] = "true",
                ["Demo__UserPassword"] = "bench-demo",
            };
            return await MeasureAsync(settings);
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            await ScriptAsync(script, "stop", cluster);
        }
    }

    private static async Task<IReadOnlyList<Figure>> MeasureAsync(Dictionary<string, string> settings)
    {
        var figures = new List<Figure>();
        await using var a = await ProductProcess.StartAsync(extra: settings);
        figures.Add(new("instances: start-up on PostgreSQL, empty database (migrations, demo seed)", a.StartupMs, "ms"));
        using var onA = new HttpClient { BaseAddress = new Uri(a.BaseUrl) };
        var token = await a.TokenAsync(onA);
        onA.DefaultRequestHeaders.Add("X-Auth-Token", token);
        for (var batch = 0; batch < Stored / 100; batch++)
        {
            var networks = new JsonArray(Enumerable.Range(0, 100).Select(i => (JsonNode?)new JsonObject { ["name"] = $"stored-{batch * 100 + i}", ["provider:network_type"] = "vxlan" }).ToArray());
            (await onA.PostAsync("/networking/v2.0/networks", ProductProcess.Json(new JsonObject { ["networks"] = networks }))).EnsureSuccessStatusCode();
        }
        await ApiScenario.ReadLoadAsync(onA, "/networking/v2.0/networks?limit=100", TimeSpan.FromSeconds(8));
        var (oneReads, _, oneP99, oneErrors) = await ApiScenario.ReadsAsync([onA], "/networking/v2.0/networks?limit=100");
        figures.Add(new($"instances: GET networks?limit=100, {Stored:N0} stored, 16 clients, 1 instance on PostgreSQL: reads/s", oneReads, "/s"));
        figures.Add(new("instances: the same, 1 instance, p99", oneP99, "ms"));
        figures.Add(new("instances: the same, 1 instance, read errors", oneErrors, "", Max: 1));
        figures.Add(new("instances: sequential network + subnet creates/s (pairs), 1 instance on PostgreSQL", await CreatesAsync([onA], "one"), "/s"));

        await using var b = await ProductProcess.StartAsync(extra: settings);
        figures.Add(new("instances: start-up of a second instance on the same database", b.StartupMs, "ms"));
        using var onB = new HttpClient { BaseAddress = new Uri(b.BaseUrl) };
        onB.DefaultRequestHeaders.Add("X-Auth-Token", token); // issued by A, honoured by B
        await ApiScenario.ReadLoadAsync(onB, "/networking/v2.0/networks?limit=100", TimeSpan.FromSeconds(8));
        var (twoReads, _, twoP99, twoErrors) = await ApiScenario.ReadsAsync([onA, onB], "/networking/v2.0/networks?limit=100");
        figures.Add(new("instances: the same reads spread over 2 instances (same 2 cores): reads/s", twoReads, "/s"));
        figures.Add(new("instances: the same, 2 instances, p99", twoP99, "ms"));
        figures.Add(new("instances: the same, 2 instances, read errors", twoErrors, "", Max: 1));
        figures.Add(new("instances: network + subnet creates/s (pairs), one sequential client per instance, both at once", await CreatesAsync([onA, onB], "two"), "/s"));

        // A demo VM's port, renamed "probe", on demo's network: set admin-down through A, watched on a page B serves.
        var ports = JsonNode.Parse(await onA.GetStringAsync("/networking/v2.0/ports?device_owner=compute:nova&status=ACTIVE"))!["ports"]!.AsArray();
        var probe = ports.First()!;
        var probeId = probe["id"]!.GetValue<string>();
        (await onA.PutAsync($"/networking/v2.0/ports/{probeId}", ProductProcess.Json(new JsonObject { ["port"] = new JsonObject { ["name"] = "probe" } }))).EnsureSuccessStatusCode();
        figures.AddRange(await DashboardScenario.StatusToScreenAsync(b, onA, probeId, probe["network_id"]!.GetValue<string>(),
            "instances: port status change through instance A to visible on a page served by instance B"));
        return figures;
    }

    /// <summary>Sequential network + subnet pairs, one client per server, all at once: pairs per second in total.</summary>
    private static async Task<double> CreatesAsync(IReadOnlyList<HttpClient> servers, string tag)
    {
        var watch = Stopwatch.StartNew();
        var done = await Task.WhenAll(servers.Select(async (http, s) =>
        {
            var pairs = 0;
            for (var i = 0; i < Creates / servers.Count; i++)
            {
                var network = await http.PostAsync("/networking/v2.0/networks", ProductProcess.Json(new JsonObject
                {
                    ["network"] = new JsonObject { ["name"] = $"{tag}-{s}-{i}", ["provider:network_type"] = "vxlan" },
                }));
                network.EnsureSuccessStatusCode();
                var id = JsonNode.Parse(await network.Content.ReadAsStringAsync())!["network"]!["id"]!.GetValue<string>();
                var third = tag == "one" ? 100 + s : 110 + s;
                (await http.PostAsync("/networking/v2.0/subnets", ProductProcess.Json(new JsonObject
                {
                    ["subnet"] = new JsonObject { ["network_id"] = id, ["cidr"] = $"10.{third}.{i}.0/24", ["ip_version"] = 4 },
                }))).EnsureSuccessStatusCode();
                pairs++;
            }
            return pairs;
        }));
        return done.Sum() / watch.Elapsed.TotalSeconds;
    }

    private static async Task<string> ScriptAsync(string file, params string[] args)
    {
        var info = new ProcessStartInfo(file, args) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(info)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return process.ExitCode == 0 ? output : throw new InvalidOperationException($"{file} {string.Join(' ', args)}: {error}");
    }
}
