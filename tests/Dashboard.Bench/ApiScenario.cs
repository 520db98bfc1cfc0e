using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;

namespace Dashboard.Bench;

/// <summary>A server the API workload runs against: ours (with a token) or neutron-server (no auth), and its API's prefix.</summary>
public sealed class ApiServer(string name, Uri baseAddress, string prefix, IReadOnlyDictionary<string, string> headers) : IDisposable
{
    public string Name { get; } = name;

    public Uri Base { get; } = baseAddress;

    /// <summary>The headers every request carries (a token for ours): the outside client and wrk send them too.</summary>
    public IReadOnlyDictionary<string, string> Headers { get; } = headers;

    public HttpClient Http { get; } = NewClient(baseAddress, headers);

    private static HttpClient NewClient(Uri server, IReadOnlyDictionary<string, string> headers)
    {
        var http = new HttpClient { BaseAddress = server, Timeout = TimeSpan.FromMinutes(10) };
        foreach (var (name, value) in headers)
        {
            http.DefaultRequestHeaders.Add(name, value);
        }
        return http;
    }

    public string Path(string path) => $"{prefix}/v2.0/{path}";

    public async Task<JsonNode> PostAsync(string path, JsonObject body)
    {
        using var response = await Http.PostAsync(Path(path), ProductProcess.Json(body));
        var text = await response.Content.ReadAsStringAsync();
        return response.IsSuccessStatusCode ? JsonNode.Parse(text)! : throw new InvalidOperationException($"{Name}: POST {path}: {(int)response.StatusCode} {text}");
    }

    public async Task<int> CountAsync(string collection, string filter = "") =>
        JsonNode.Parse(await Http.GetStringAsync(Path($"{collection}?fields=id{filter}")))![collection]!.AsArray().Count;

    public void Dispose() => Http.Dispose();
}

/// <summary>
/// Scenario 1 over HTTP, as clients see it. Reads (<c>networks?limit=100</c> with 1,000 and 10,000 networks stored,
/// <c>ports?limit=100</c> with 10,000 ports) from 16 keep-alive connections of the outside client (plain HTTP/1.1,
/// as wrk and OpenStack's clients talk; <c>--client httpclient</c> measures with .NET's HttpClient as before), checked
/// against wrk in the same run when it is installed; sequential network + subnet creates; sequential port create +
/// bind + delete cycles. With <c>--vs-neutron [URL]</c> every workload runs against neutron-server too, phase by phase
/// in the same run, and the ratios are reported against the targets (reads 100x with our p99 below Neutron's
/// p50, writes 80x).
/// </summary>
public static class ApiScenario
{
    private const int Clients = 16;
    private static readonly TimeSpan ReadDuration = TimeSpan.FromSeconds(10);
    private const int Creates = 300;
    private const double ReadRatio = 100;
    private const double WriteRatio = 80;

    /// <summary>Set by <c>--vs-neutron [URL]</c>: the peer to compare with (default http://127.0.0.1:9696).</summary>
    public static string? NeutronPeer { get; set; }

    /// <summary>Set by <c>--client httpclient</c>: reads through HttpClient (the method of the figures before 2026-11-27).</summary>
    public static bool HttpClientReads { get; set; }

    public static async Task<IReadOnlyList<Figure>> RunAsync()
    {
        var database = ProductProcess.NewDatabasePath();
        await LoadScenario.SeedHostsAsync(database);
        await using var product = await ProductProcess.StartAsync(database: database);
        var figures = new List<Figure>
        {
            new("footprint: start-up to first answered request (two hosts, nothing else stored)", product.StartupMs, "ms", Max: 3000),
            new("footprint: resident memory at idle after start-up", product.ResidentMegabytes(), "MB"),
        };
        string token;
        using (var identity = new HttpClient())
        {
            token = await product.TokenAsync(identity);
        }
        using var ours = new ApiServer("ours", new Uri(product.BaseUrl), "/networking", new Dictionary<string, string> { ["X-Auth-Token"] = token });
        using var neutron = await PeerAsync();
        ApiServer[] servers = neutron is null ? [ours] : [ours, neutron];

        // The first seconds after start-up run unoptimised code (tiered JIT): measure the cold read, then warm up.
        await StoreNetworksAsync(ours, 1000);
        var cold = Stopwatch.StartNew();
        (await ours.Http.GetAsync(ours.Path("networks?limit=100"))).EnsureSuccessStatusCode();
        figures.Add(new("api: first GET networks?limit=100 after start (cold)", cold.Elapsed.TotalMilliseconds, "ms"));
        await ReadLoadAsync(ours, "networks?limit=100", TimeSpan.FromSeconds(20));

        foreach (var stored in new[] { 1000, 10_000 })
        {
            var reads = new Dictionary<string, ReadLoad>();
            foreach (var server in servers)
            {
                var count = await StoreNetworksAsync(server, stored);
                reads[server.Name] = await ReadAsync(server, "networks?limit=100");
                figures.AddRange(ReadFigures(server, $"GET networks?limit=100, {count:N0} stored", reads[server.Name]));
            }
            if (stored == 1000 && Wrk(ours, "networks?limit=100") is { } wrk)
            {
                figures.Add(new("api: the same read from wrk -t2 -c16 (check of the client), reads/s", wrk.PerSecond, "/s"));
                figures.Add(new("api: the same read from wrk, p50", wrk.P50, "ms"));
                figures.Add(new("api: the same read from wrk, p99", wrk.P99, "ms"));
            }
            figures.AddRange(Ratios($"GET networks?limit=100, {stored:N0} stored", reads));
        }

        var creates = new Dictionary<string, (double PerSecond, int Tried, int Errors)>();
        foreach (var server in servers)
        {
            creates[server.Name] = await CreatesAsync(server, server == neutron ? 100 : Creates, server == neutron ? TimeSpan.FromSeconds(60) : TimeSpan.FromMinutes(2));
            figures.Add(new($"api: {server.Name}: sequential network + subnet creates (pairs; {creates[server.Name].Tried} tried, {creates[server.Name].Errors} failed)", creates[server.Name].PerSecond, "/s"));
        }
        if (neutron is not null)
        {
            figures.Add(new("vs neutron: network + subnet creates, ratio (ours / neutron)", creates["ours"].PerSecond / Math.Max(creates[neutron.Name].PerSecond, 0.001), "x", Min: WriteRatio));
        }

        var portReads = new Dictionary<string, ReadLoad>();
        var cycles = new Dictionary<string, (double PerSecond, double P99, int Tried)>();
        foreach (var server in servers)
        {
            var network = await StorePortsAsync(server, 10_000);
            var ports = await server.CountAsync("ports");
            portReads[server.Name] = await ReadAsync(server, "ports?limit=100");
            figures.AddRange(ReadFigures(server, $"GET ports?limit=100, {ports:N0} stored", portReads[server.Name]));
            cycles[server.Name] = await PortCyclesAsync(server, server == neutron ? 60 : 300, server == neutron ? TimeSpan.FromSeconds(60) : TimeSpan.FromMinutes(2));
            figures.Add(new($"api: {server.Name}: port create + bind + delete cycles (3 requests; {cycles[server.Name].Tried} tried)", cycles[server.Name].PerSecond, "/s"));
            figures.Add(new($"api: {server.Name}: port cycle p99", cycles[server.Name].P99, "ms"));
        }
        figures.AddRange(Ratios("GET ports?limit=100, 10,000 stored", portReads));
        if (neutron is not null)
        {
            figures.Add(new("vs neutron: port create + bind + delete cycles, ratio (ours / neutron)", cycles["ours"].PerSecond / Math.Max(cycles[neutron.Name].PerSecond, 0.001), "x", Min: WriteRatio));
        }
        return figures;
    }

    private static IEnumerable<Figure> ReadFigures(ApiServer server, string what, ReadLoad load)
    {
        var ours = server.Name == "ours";
        yield return new($"api: {server.Name}: {what}, {Clients} connections, reads/s", load.PerSecond, "/s", Min: ours && NeutronPeer is null ? 2000 : null);
        yield return new($"api: {server.Name}: {what}, p50", load.P50, "ms");
        yield return new($"api: {server.Name}: {what}, p99", load.P99, "ms");
        yield return new($"api: {server.Name}: {what}, non-200 answers", load.Errors, "", Max: ours ? 1 : null);
    }

    /// <summary>Ours / Neutron for a read, and our p99 against Neutron's p50 (nothing when no peer ran).</summary>
    private static IEnumerable<Figure> Ratios(string what, Dictionary<string, ReadLoad> reads)
    {
        if (!reads.TryGetValue("neutron-server", out var neutron))
        {
            yield break;
        }
        var ours = reads["ours"];
        yield return new($"vs neutron: {what}, reads/s ratio (ours / neutron)", ours.PerSecond / Math.Max(neutron.PerSecond, 0.001), "x", Min: ReadRatio);
        yield return new($"vs neutron: {what}, our p99 against neutron's p50", ours.P99, "ms", Max: neutron.P50);
    }

    /// <summary>The peer, when <c>--vs-neutron</c> names one and it answers; null (said why) otherwise.</summary>
    private static async Task<ApiServer?> PeerAsync()
    {
        if (NeutronPeer is not { } peer)
        {
            return null;
        }
        var server = new ApiServer("neutron-server", new Uri(peer), "", new Dictionary<string, string>());
        try
        {
            (await server.Http.GetAsync("/")).EnsureSuccessStatusCode();
            return server;
        }
        catch (HttpRequestException e)
        {
            server.Dispose();
            Console.Error.WriteLine($"--vs-neutron: no neutron-server answers at {peer} ({e.Message}). Start one: ../shared/reference/neutron-peer-mariadb/start.sh");
            return null;
        }
    }

    /// <summary>Creates networks (bulk, 100 a request) until <paramref name="count"/> are stored; returns how many are.</summary>
    private static async Task<int> StoreNetworksAsync(ApiServer server, int count)
    {
        var stored = await server.CountAsync("networks");
        for (var batch = 0; stored < count; batch++)
        {
            var take = Math.Min(100, count - stored);
            var networks = new JsonArray(Enumerable.Range(0, take).Select(i => (JsonNode?)new JsonObject { ["name"] = $"stored-{stored + i}" }).ToArray());
            await server.PostAsync("networks", new JsonObject { ["networks"] = networks });
            stored += take;
        }
        return await server.CountAsync("networks");
    }

    /// <summary>
    /// The network <c>bench-ports</c> (subnet 10.128.0.0/16) with <paramref name="count"/> ports on it, created in bulk,
    /// 100 a request, two requests at a time; kept between runs on a peer, whose creates are slow.
    /// </summary>
    private static async Task<string> StorePortsAsync(ApiServer server, int count)
    {
        var existing = JsonNode.Parse(await server.Http.GetStringAsync(server.Path("networks?name=bench-ports&fields=id")))!["networks"]!.AsArray();
        string network;
        if (existing.Count > 0)
        {
            network = existing[0]!["id"]!.GetValue<string>();
        }
        else
        {
            network = (await server.PostAsync("networks", new JsonObject { ["network"] = new JsonObject { ["name"] = "bench-ports" } }))["network"]!["id"]!.GetValue<string>();
            await server.PostAsync("subnets", new JsonObject { ["subnet"] = new JsonObject { ["network_id"] = network, ["cidr"] = "10.128.0.0/16", ["ip_version"] = 4, ["name"] = "bench-ports" } });
        }
        var batches = Math.Max(0, count - await server.CountAsync("ports", $"&network_id={network}")) / 100;
        var next = 0;
        await Task.WhenAll(Enumerable.Range(0, 2).Select(async _ =>
        {
            for (var b = Interlocked.Increment(ref next) - 1; b < batches; b = Interlocked.Increment(ref next) - 1)
            {
                var ports = new JsonArray(Enumerable.Range(0, 100).Select(i => (JsonNode?)new JsonObject { ["network_id"] = network, ["name"] = $"stored-{b}-{i}" }).ToArray());
                await server.PostAsync("ports", new JsonObject { ["ports"] = ports });
            }
        }));
        return network;
    }

    /// <summary>A read load on one path: the outside client (or HttpClient with <c>--client httpclient</c>), after a short warm-up.</summary>
    private static async Task<ReadLoad> ReadAsync(ApiServer server, string path)
    {
        if (HttpClientReads)
        {
            await ReadLoadAsync(server.Http, server.Path(path), TimeSpan.FromSeconds(3));
            var (perSecond, p50, p99, errors) = await ReadsAsync([server.Http], server.Path(path));
            return new ReadLoad(perSecond, p50, p99, errors, 0);
        }
        return await OutsideClient.LoadAsync(server.Base, server.Path(path), server.Headers, Clients, ReadDuration, warmUp: TimeSpan.FromSeconds(3));
    }

    private static Task ReadLoadAsync(ApiServer server, string path, TimeSpan duration) =>
        OutsideClient.LoadAsync(server.Base, server.Path(path), server.Headers, Clients, duration);

    /// <summary>wrk -t2 -c16 for 10 s on the same read, when wrk is installed: reads/s, p50, p99 from its --latency table.</summary>
    private static ReadLoad? Wrk(ApiServer server, string path)
    {
        var info = new ProcessStartInfo("wrk", ["-t2", $"-c{Clients}", $"-d{ReadDuration.TotalSeconds}s", "--latency"]) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var (name, value) in server.Headers)
        {
            info.ArgumentList.Add("-H");
            info.ArgumentList.Add($"{name}: {value}");
        }
        info.ArgumentList.Add(new Uri(server.Base, server.Path(path)).ToString());
        try
        {
            using var wrk = Process.Start(info)!;
            var output = wrk.StandardOutput.ReadToEnd();
            wrk.WaitForExit();
            double Latency(string percent) => WrkLatency(output.Split('\n').First(l => l.TrimStart().StartsWith(percent, StringComparison.Ordinal)));
            var perSecond = double.Parse(output.Split('\n').First(l => l.StartsWith("Requests/sec:", StringComparison.Ordinal))["Requests/sec:".Length..].Trim(), System.Globalization.CultureInfo.InvariantCulture);
            return new ReadLoad(perSecond, Latency("50%"), Latency("99%"), 0, 0);
        }
        catch (System.ComponentModel.Win32Exception)
        {
            Console.Error.WriteLine("wrk is not installed (apt-get install -y wrk): the outside client's reads are not checked against it");
            return null;
        }
    }

    /// <summary>A latency cell of wrk's table ("99%   41.64ms", "1.20s", "850.00us") in milliseconds.</summary>
    private static double WrkLatency(string line)
    {
        var value = line.Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries)[1];
        var (number, scale) = value.EndsWith("us", StringComparison.Ordinal) ? (value[..^2], 0.001)
            : value.EndsWith("ms", StringComparison.Ordinal) ? (value[..^2], 1.0)
            : value.EndsWith('s') ? (value[..^1], 1000.0) : (value, 1.0);
        return double.Parse(number, System.Globalization.CultureInfo.InvariantCulture) * scale;
    }

    /// <summary>Sequential network + subnet creates (a few first, not counted): pairs per second, tried, failed.</summary>
    private static async Task<(double PerSecond, int Tried, int Errors)> CreatesAsync(ApiServer server, int creates, TimeSpan budget)
    {
        var run = Guid.NewGuid().ToString("N")[..6];
        for (var i = 0; i < 5; i++)
        {
            await server.PostAsync("networks", new JsonObject { ["network"] = new JsonObject { ["name"] = $"warm-{run}-{i}" } });
        }
        var errors = 0;
        var pairs = 0;
        var watch = Stopwatch.StartNew();
        for (var i = 0; i < creates && watch.Elapsed < budget; i++)
        {
            pairs++;
            using var network = await server.Http.PostAsync(server.Path("networks"), ProductProcess.Json(new JsonObject { ["network"] = new JsonObject { ["name"] = $"seq-{run}-{i}" } }));
            if (!network.IsSuccessStatusCode)
            {
                errors++;
                continue;
            }
            var id = JsonNode.Parse(await network.Content.ReadAsStringAsync())!["network"]!["id"]!.GetValue<string>();
            using var subnet = await server.Http.PostAsync(server.Path("subnets"), ProductProcess.Json(new JsonObject
            {
                ["subnet"] = new JsonObject { ["network_id"] = id, ["cidr"] = $"10.{i / 256}.{i % 256}.0/24", ["ip_version"] = 4 },
            }));
            errors += subnet.IsSuccessStatusCode ? 0 : 1;
        }
        return ((pairs - errors) / watch.Elapsed.TotalSeconds, pairs, errors);
    }

    /// <summary>
    /// Sequential cycles on the network <c>bench-cycle</c>: a port created, bound to <c>compute1</c> (<c>binding:host_id</c>),
    /// deleted. Neutron's peer runs no agents, so its binding fails (binding_failed) after the same work; ours binds.
    /// </summary>
    internal static async Task<(double PerSecond, double P99, int Tried)> PortCyclesAsync(ApiServer server, int cycles, TimeSpan budget)
    {
        var existing = JsonNode.Parse(await server.Http.GetStringAsync(server.Path("networks?name=bench-cycle&fields=id")))!["networks"]!.AsArray();
        var network = existing.Count > 0 ? existing[0]!["id"]!.GetValue<string>()
            : (await server.PostAsync("networks", new JsonObject { ["network"] = new JsonObject { ["name"] = "bench-cycle" } }))["network"]!["id"]!.GetValue<string>();
        if (existing.Count == 0)
        {
            await server.PostAsync("subnets", new JsonObject { ["subnet"] = new JsonObject { ["network_id"] = network, ["cidr"] = "10.129.0.0/24", ["ip_version"] = 4 } });
        }
        async Task CycleAsync(int i)
        {
            var id = (await server.PostAsync("ports", new JsonObject { ["port"] = new JsonObject { ["network_id"] = network, ["name"] = $"cycle-{i}" } }))["port"]!["id"]!.GetValue<string>();
            (await server.Http.PutAsync(server.Path($"ports/{id}"), ProductProcess.Json(new JsonObject { ["port"] = new JsonObject { ["binding:host_id"] = "compute1" } }))).EnsureSuccessStatusCode();
            (await server.Http.DeleteAsync(server.Path($"ports/{id}"))).EnsureSuccessStatusCode();
        }
        for (var i = 0; i < 3; i++)
        {
            await CycleAsync(i);
        }
        var samples = new List<double>();
        var total = Stopwatch.StartNew();
        for (var i = 0; i < cycles && total.Elapsed < budget; i++)
        {
            var watch = Stopwatch.StartNew();
            await CycleAsync(i);
            samples.Add(Figure.Ms(watch));
        }
        var perSecond = samples.Count / total.Elapsed.TotalSeconds;
        samples.Sort();
        return (perSecond, samples[Math.Min(samples.Count - 1, (int)(samples.Count * 0.99))], samples.Count);
    }

    /// <summary>16 HttpClient clients reading <paramref name="path"/> for 10 s, spread over <paramref name="servers"/> (one client each per turn).</summary>
    internal static async Task<(double PerSecond, double P50, double P99, int Errors)> ReadsAsync(IReadOnlyList<HttpClient> servers, string path)
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
                using var response = await http.GetAsync(path);
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

    /// <summary>The same HttpClient load, unmeasured (a warm-up).</summary>
    internal static Task ReadLoadAsync(HttpClient http, string path, TimeSpan duration)
    {
        var stop = Stopwatch.StartNew();
        return Task.WhenAll(Enumerable.Range(0, Clients).Select(async _ =>
        {
            while (stop.Elapsed < duration)
            {
                using var response = await http.GetAsync(path);
                await response.Content.ReadAsByteArrayAsync();
            }
        }));
    }
}
