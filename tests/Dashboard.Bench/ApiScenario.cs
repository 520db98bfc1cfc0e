using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;

namespace Dashboard.Bench;

/// <summary>
/// Scenario 1 over HTTP, as clients see it: with 1,000 networks stored, GET networks?limit=100
/// from 16 concurrent clients; then sequential network + subnet creates.
/// </summary>
public static class ApiScenario
{
    private const int Stored = 1000;
    private const int Clients = 16;
    private static readonly TimeSpan ReadDuration = TimeSpan.FromSeconds(10);
    private const int Creates = 300;

    public static async Task<IReadOnlyList<Figure>> RunAsync()
    {
        await using var product = await ProductProcess.StartAsync();
        using var http = new HttpClient { BaseAddress = new Uri(product.BaseUrl) };
        http.DefaultRequestHeaders.Add("X-Auth-Token", await product.TokenAsync(http));
        var figures = new List<Figure>
        {
            new("footprint: start-up to first answered request (empty database)", product.StartupMs, "ms", Max: 3000),
            new("footprint: resident memory at idle after start-up (empty database)", product.ResidentMegabytes(), "MB"),
        };

        for (var batch = 0; batch < Stored / 100; batch++)
        {
            var networks = new JsonArray(Enumerable.Range(0, 100).Select(i => (JsonNode?)new JsonObject { ["name"] = $"stored-{batch * 100 + i}" }).ToArray());
            var response = await http.PostAsync("/networking/v2.0/networks", ProductProcess.Json(new JsonObject { ["networks"] = networks }));
            response.EnsureSuccessStatusCode();
        }

        // The first seconds after start-up run unoptimised (tiered JIT); measure the steady state after a warm-up, and say what the cold one was.
        var cold = Stopwatch.StartNew();
        using (var first = await http.GetAsync("/networking/v2.0/networks?limit=100"))
        {
            first.EnsureSuccessStatusCode();
        }
        figures.Add(new("api: first GET networks?limit=100 after start (cold)", cold.Elapsed.TotalMilliseconds, "ms"));
        await ReadLoadAsync(http, TimeSpan.FromSeconds(8));

        var latencies = new List<double>();
        var errors = 0;
        var stop = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, Clients).Select(async _ =>
        {
            var mine = new List<double>();
            while (stop.Elapsed < ReadDuration)
            {
                var watch = Stopwatch.StartNew();
                using var response = await http.GetAsync("/networking/v2.0/networks?limit=100");
                await response.Content.ReadAsByteArrayAsync();
                mine.Add(watch.Elapsed.TotalMilliseconds);
                if (response.StatusCode != HttpStatusCode.OK)
                {
                    Interlocked.Increment(ref errors);
                }
            }
            lock (latencies)
            {
                latencies.AddRange(mine);
            }
        }));
        latencies.Sort();
        figures.Add(new($"api: GET networks?limit=100, {Stored:N0} stored, {Clients} clients: reads/s", latencies.Count / stop.Elapsed.TotalSeconds, "/s", Min: 2000));
        figures.Add(new("api: GET networks?limit=100 p50", latencies[latencies.Count / 2], "ms"));
        figures.Add(new("api: GET networks?limit=100 p99", latencies[(int)(latencies.Count * 0.99)], "ms", Max: 25));
        figures.Add(new("api: read errors (non-200)", errors, "", Max: 1));

        for (var i = 0; i < 50; i++)
        {
            (await http.PostAsync("/networking/v2.0/networks", ProductProcess.Json(new JsonObject { ["network"] = new JsonObject { ["name"] = $"warm-{i}" } }))).EnsureSuccessStatusCode();
        }
        var createWatch = Stopwatch.StartNew();
        for (var i = 0; i < Creates; i++)
        {
            var network = await http.PostAsync("/networking/v2.0/networks", ProductProcess.Json(new JsonObject { ["network"] = new JsonObject { ["name"] = $"seq-{i}" } }));
            network.EnsureSuccessStatusCode();
            var id = JsonNode.Parse(await network.Content.ReadAsStringAsync())!["network"]!["id"]!.GetValue<string>();
            var subnet = await http.PostAsync("/networking/v2.0/subnets", ProductProcess.Json(new JsonObject
            {
                ["subnet"] = new JsonObject { ["network_id"] = id, ["cidr"] = $"10.{i / 256}.{i % 256}.0/24", ["ip_version"] = 4 },
            }));
            subnet.EnsureSuccessStatusCode();
        }
        figures.Add(new("api: sequential network + subnet creates/s (pairs)", Creates / createWatch.Elapsed.TotalSeconds, "/s", Min: 300));
        return figures;
    }

    private static Task ReadLoadAsync(HttpClient http, TimeSpan duration)
    {
        var stop = Stopwatch.StartNew();
        return Task.WhenAll(Enumerable.Range(0, Clients).Select(async _ =>
        {
            while (stop.Elapsed < duration)
            {
                using var response = await http.GetAsync("/networking/v2.0/networks?limit=100");
                await response.Content.ReadAsByteArrayAsync();
            }
        }));
    }
}
