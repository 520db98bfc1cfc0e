using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;

namespace Dashboard.Bench;

/// <summary>What scenario 1 measured on one server.</summary>
public sealed record ApiFigures(double ReadsPerSecond, double ReadP50, double ReadP99, int ReadErrors, double CreatePairsPerSecond, int CreateErrors, int CreatePairs);

/// <summary>
/// Scenario 1 over HTTP, as clients see it: with 1,000 networks stored, GET networks?limit=100
/// from 16 concurrent clients; then sequential network + subnet creates. With <c>--vs-neutron</c>
/// the same workload runs against Debian's neutron-server too, and the ratios are reported.
/// </summary>
public static class ApiScenario
{
    private const int Stored = 1000;
    private const int Clients = 16;
    private static readonly TimeSpan ReadDuration = TimeSpan.FromSeconds(10);
    private const int Creates = 300;

    /// <summary>Set by <c>--vs-neutron [URL]</c>: the peer to compare with (default http://127.0.0.1:9696).</summary>
    public static string? NeutronPeer { get; set; }

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

        var ours = await RunWorkloadAsync(http, "/networking", Creates, TimeSpan.FromMinutes(2), figures.Add);
        figures.Add(new($"api: GET networks?limit=100, {Stored:N0} stored, {Clients} clients: reads/s", ours.ReadsPerSecond, "/s", Min: 2000));
        figures.Add(new("api: GET networks?limit=100 p50", ours.ReadP50, "ms"));
        figures.Add(new("api: GET networks?limit=100 p99", ours.ReadP99, "ms", Max: 25));
        figures.Add(new("api: read errors (non-200)", ours.ReadErrors, "", Max: 1));
        figures.Add(new("api: sequential network + subnet creates/s (pairs)", ours.CreatePairsPerSecond, "/s", Min: 300));

        // The same reads with 10,000 networks stored.
        var stored = JsonNode.Parse(await http.GetStringAsync("/networking/v2.0/networks?fields=id"))!["networks"]!.AsArray().Count;
        for (var batch = 0; stored < 10_000; batch++)
        {
            var count = Math.Min(100, 10_000 - stored);
            var networks = new JsonArray(Enumerable.Range(0, count).Select(i => (JsonNode?)new JsonObject { ["name"] = $"more-{batch * 100 + i}" }).ToArray());
            (await http.PostAsync("/networking/v2.0/networks", ProductProcess.Json(new JsonObject { ["networks"] = networks }))).EnsureSuccessStatusCode();
            stored += count;
        }
        var stored10k = JsonNode.Parse(await http.GetStringAsync("/networking/v2.0/networks?fields=id"))!["networks"]!.AsArray().Count;
        await ReadLoadAsync(http, "/networking", TimeSpan.FromSeconds(3));
        var (reads, p50, p99, readErrors) = await ReadsAsync(http, "/networking");
        figures.Add(new($"api: GET networks?limit=100, {stored10k:N0} stored, {Clients} clients: reads/s", reads, "/s", Min: 2000));
        figures.Add(new($"api: GET networks?limit=100, {stored10k:N0} stored, p50", p50, "ms"));
        figures.Add(new($"api: GET networks?limit=100, {stored10k:N0} stored, p99", p99, "ms", Max: 25));
        figures.Add(new($"api: read errors, {stored10k:N0} stored", readErrors, "", Max: 1));

        if (NeutronPeer is { } peer)
        {
            figures.AddRange(await CompareAsync(peer, ours));
        }
        return figures;
    }

    /// <summary>The same workload against neutron-server (no auth, as neutron-peer runs it), and ours / Neutron.</summary>
    private static async Task<IReadOnlyList<Figure>> CompareAsync(string peer, ApiFigures ours)
    {
        using var http = new HttpClient { BaseAddress = new Uri(peer), Timeout = TimeSpan.FromSeconds(120) };
        try
        {
            (await http.GetAsync("/")).EnsureSuccessStatusCode();
        }
        catch (HttpRequestException e)
        {
            Console.Error.WriteLine($"--vs-neutron: no neutron-server answers at {peer} ({e.Message}). Start one: apt-get install -y neutron-server; ../shared/reference/neutron-peer/start.sh");
            return [new("vs neutron: peer not reachable (nothing compared)", 0, "")];
        }
        var neutron = await RunWorkloadAsync(http, "", 100, TimeSpan.FromSeconds(60), _ => { });
        return
        [
            new("neutron-server: GET networks?limit=100 reads/s (same workload)", neutron.ReadsPerSecond, "/s"),
            new("neutron-server: GET networks?limit=100 p50", neutron.ReadP50, "ms"),
            new("neutron-server: read errors", neutron.ReadErrors, ""),
            new($"neutron-server: sequential network + subnet creates/s (pairs; {neutron.CreatePairs} tried)", neutron.CreatePairsPerSecond, "/s"),
            new("neutron-server: create errors (e.g. database is locked)", neutron.CreateErrors, ""),
            new("vs neutron: reads/s ratio (ours / neutron)", ours.ReadsPerSecond / Math.Max(neutron.ReadsPerSecond, 0.001), "x", Min: 50),
            new("vs neutron: creates/s ratio (ours / neutron)", ours.CreatePairsPerSecond / Math.Max(neutron.CreatePairsPerSecond, 0.001), "x", Min: 50),
        ];
    }

    /// <summary>Stores 1,000 networks, warms up, measures the concurrent reads, then sequential network+subnet creates.</summary>
    private static async Task<ApiFigures> RunWorkloadAsync(HttpClient http, string prefix, int creates, TimeSpan createBudget, Action<Figure> info)
    {
        for (var batch = 0; batch < Stored / 100; batch++)
        {
            var networks = new JsonArray(Enumerable.Range(0, 100).Select(i => (JsonNode?)new JsonObject { ["name"] = $"stored-{batch * 100 + i}" }).ToArray());
            var response = await http.PostAsync($"{prefix}/v2.0/networks", ProductProcess.Json(new JsonObject { ["networks"] = networks }));
            response.EnsureSuccessStatusCode();
        }

        // The first seconds after start-up run unoptimised (tiered JIT); measure the steady state after a warm-up, and say what the cold one was.
        var cold = Stopwatch.StartNew();
        using (var first = await http.GetAsync($"{prefix}/v2.0/networks?limit=100"))
        {
            first.EnsureSuccessStatusCode();
        }
        info(new("api: first GET networks?limit=100 after start (cold)", cold.Elapsed.TotalMilliseconds, "ms"));
        await ReadLoadAsync(http, prefix, TimeSpan.FromSeconds(8));

        var (readsPerSecond, readP50, readP99, errors) = await ReadsAsync(http, prefix);

        for (var i = 0; i < Math.Min(50, creates / 6); i++)
        {
            await http.PostAsync($"{prefix}/v2.0/networks", ProductProcess.Json(new JsonObject { ["network"] = new JsonObject { ["name"] = $"warm-{i}" } }));
        }
        var createErrors = 0;
        var pairs = 0;
        var createWatch = Stopwatch.StartNew();
        for (var i = 0; i < creates && createWatch.Elapsed < createBudget; i++)
        {
            pairs++;
            var network = await http.PostAsync($"{prefix}/v2.0/networks", ProductProcess.Json(new JsonObject { ["network"] = new JsonObject { ["name"] = $"seq-{i}" } }));
            if (!network.IsSuccessStatusCode)
            {
                createErrors++;
                continue;
            }
            var id = JsonNode.Parse(await network.Content.ReadAsStringAsync())!["network"]!["id"]!.GetValue<string>();
            var subnet = await http.PostAsync($"{prefix}/v2.0/subnets", ProductProcess.Json(new JsonObject
            {
                ["subnet"] = new JsonObject { ["network_id"] = id, ["cidr"] = $"10.{i / 256}.{i % 256}.0/24", ["ip_version"] = 4 },
            }));
            if (!subnet.IsSuccessStatusCode)
            {
                createErrors++;
            }
        }
        var createRate = (pairs - createErrors) / createWatch.Elapsed.TotalSeconds;
        return new ApiFigures(readsPerSecond, readP50, readP99, errors, createRate, createErrors, pairs);
    }

    /// <summary>16 clients reading networks?limit=100 for 10 s: reads/s, p50, p99, non-200 answers.</summary>
    private static Task<(double PerSecond, double P50, double P99, int Errors)> ReadsAsync(HttpClient http, string prefix) => ReadsAsync([http], prefix);

    /// <summary>16 clients reading networks?limit=100 for 10 s, spread over <paramref name="servers"/> (one client each per turn).</summary>
    internal static async Task<(double PerSecond, double P50, double P99, int Errors)> ReadsAsync(IReadOnlyList<HttpClient> servers, string prefix)
    {
        var latencies = new List<double>();
        var errors = 0;
        var stop = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, Clients).Select(async client =>
        {
            var mine = new List<double>();
            var http = servers[client % servers.Count];
            while (stop.Elapsed < ReadDuration)
            {
                var watch = Stopwatch.StartNew();
                using var response = await http.GetAsync($"{prefix}/v2.0/networks?limit=100");
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
        var perSecond = latencies.Count / stop.Elapsed.TotalSeconds;
        latencies.Sort();
        return (perSecond, latencies[latencies.Count / 2], latencies[(int)(latencies.Count * 0.99)], errors);
    }

    internal static Task ReadLoadAsync(HttpClient http, string prefix, TimeSpan duration)
    {
        var stop = Stopwatch.StartNew();
        return Task.WhenAll(Enumerable.Range(0, Clients).Select(async _ =>
        {
            while (stop.Elapsed < duration)
            {
                using var response = await http.GetAsync($"{prefix}/v2.0/networks?limit=100");
                await response.Content.ReadAsByteArrayAsync();
            }
        }));
    }
}
