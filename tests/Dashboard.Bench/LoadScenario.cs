using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using Dashboard.Core;
using Dashboard.Core.Hosts;
using Dashboard.Core.Persistence;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Dashboard.Bench;

/// <summary>
/// Scenario 1's remaining parts on a product with two compute nodes: the port create + bind + delete
/// cycle, and a mixed read/write load for 60 s from 8 clients (reads of networks and ports, network +
/// subnet + bound port creates, port updates, deletes), with its error count and the resident memory
/// sampled every 5 s.
/// </summary>
public static class LoadScenario
{
    private static readonly TimeSpan Duration = TimeSpan.FromSeconds(60);
    private const int Clients = 8;

    public static async Task<IReadOnlyList<Figure>> RunAsync()
    {
        var figures = new List<Figure>();
        var database = ProductProcess.NewDatabasePath();
        await SeedHostsAsync(database);
        await using var product = await ProductProcess.StartAsync(database: database);
        using var http = new HttpClient { BaseAddress = new Uri(product.BaseUrl) };
        http.DefaultRequestHeaders.Add("X-Auth-Token", await product.TokenAsync(http));

        using (var api = new ApiServer("ours", new Uri(product.BaseUrl), "/networking", new Dictionary<string, string> { ["X-Auth-Token"] = http.DefaultRequestHeaders.GetValues("X-Auth-Token").Single() }))
        {
            var (cyclesPerSecond, cycleP99, _) = await ApiScenario.PortCyclesAsync(api, 300, TimeSpan.FromMinutes(2));
            figures.Add(new("api: port create + bind + delete cycle (3 requests), cycles/s", cyclesPerSecond, "/s"));
            figures.Add(new("api: port create + bind + delete cycle, p99", cycleP99, "ms"));
        }

        var operations = 0;
        var serverErrors = 0;
        var otherErrors = 0;
        var memory = new List<double>();
        var stop = Stopwatch.StartNew();
        var sampler = Task.Run(async () =>
        {
            while (stop.Elapsed < Duration)
            {
                memory.Add(product.ResidentMegabytes());
                await Task.Delay(TimeSpan.FromSeconds(5));
            }
        });
        await Task.WhenAll(Enumerable.Range(0, Clients).Select(async client =>
        {
            var random = new Random(client);
            var mine = new List<(string Network, string Port)>();
            var n = 0;
            while (stop.Elapsed < Duration)
            {
                HttpResponseMessage response;
                var roll = random.Next(100);
                if (roll < 55)
                {
                    response = await http.GetAsync("/networking/v2.0/networks?limit=100");
                }
                else if (roll < 70)
                {
                    response = await http.GetAsync("/networking/v2.0/ports?limit=50");
                }
                else if (roll < 85 || mine.Count == 0)
                {
                    var (created, ok) = await NetworkWithSubnetAsync(http, $"load-{client}-{n}", 1 + client * 10_000 + n);
                    response = ok;
                    if (response.IsSuccessStatusCode)
                    {
                        var port = await PostAsync(http, "/networking/v2.0/ports", new JsonObject { ["port"] = new JsonObject { ["network_id"] = created, ["binding:host_id"] = $"compute{1 + n % 2}" } });
                        response = port.Response;
                        if (response.IsSuccessStatusCode)
                        {
                            mine.Add((created, port.Body!["port"]!["id"]!.GetValue<string>()));
                        }
                    }
                    n++;
                }
                else if (roll < 93)
                {
                    var (_, port) = mine[random.Next(mine.Count)];
                    response = await http.PutAsync($"/networking/v2.0/ports/{port}", ProductProcess.Json(new JsonObject { ["port"] = new JsonObject { ["admin_state_up"] = random.Next(2) == 0 } }));
                }
                else
                {
                    var (net, port) = mine[^1];
                    mine.RemoveAt(mine.Count - 1);
                    response = await http.DeleteAsync($"/networking/v2.0/ports/{port}");
                    if (response.IsSuccessStatusCode)
                    {
                        response = await http.DeleteAsync($"/networking/v2.0/networks/{net}");
                    }
                }
                Interlocked.Increment(ref operations);
                if ((int)response.StatusCode >= 500)
                {
                    Interlocked.Increment(ref serverErrors);
                }
                else if (!response.IsSuccessStatusCode)
                {
                    Interlocked.Increment(ref otherErrors);
                }
                response.Dispose();
            }
        }));
        await sampler;
        figures.Add(new($"load: 60 s mixed read/write, {Clients} clients, operations/s", operations / stop.Elapsed.TotalSeconds, "/s"));
        figures.Add(new("load: 5xx answers", serverErrors, "", Max: 1));
        figures.Add(new("load: other non-2xx answers", otherErrors, "", Max: 1));
        figures.Add(new("load: resident memory at 10 s", memory[Math.Min(2, memory.Count - 1)], "MB"));
        figures.Add(new("load: resident memory at the end", memory[^1], "MB", Max: 300));
        figures.Add(new("load: memory growth from 10 s to the end", memory[^1] - memory[Math.Min(2, memory.Count - 1)], "MB"));
        return figures;
    }

    internal static async Task SeedHostsAsync(string database)
    {
        var settings = ProductProcess.Settings(database).ToDictionary(kv => kv.Key.Replace("__", ":"), kv => (string?)kv.Value);
        var services = new ServiceCollection().AddLogging()
            .AddNetworkCore(new ConfigurationBuilder().AddInMemoryCollection(settings).Build(), Path.GetTempPath()).BuildServiceProvider();
        await using (services)
        {
            await services.GetRequiredService<DatabaseInitializer>().InitializeAsync();
            var nodes = services.GetRequiredService<ComputeNodeService>();
            await nodes.RegisterAsync("compute1", ["physnet1:br-eth1:eth1"], "192.168.56.11");
            await nodes.RegisterAsync("compute2", ["physnet1:br-eth1:eth1"], "192.168.56.12");
        }
        SqliteConnection.ClearAllPools();
    }

    private static async Task<(string Network, HttpResponseMessage Response)> NetworkWithSubnetAsync(HttpClient http, string name, int index)
    {
        var network = await PostAsync(http, "/networking/v2.0/networks", new JsonObject { ["network"] = new JsonObject { ["name"] = name } });
        if (!network.Response.IsSuccessStatusCode)
        {
            return ("", network.Response);
        }
        var id = network.Body!["network"]!["id"]!.GetValue<string>();
        var subnet = await PostAsync(http, "/networking/v2.0/subnets", new JsonObject
        {
            ["subnet"] = new JsonObject { ["network_id"] = id, ["cidr"] = $"10.{index / 256 % 256}.{index % 256}.0/24", ["ip_version"] = 4 },
        });
        return (id, subnet.Response);
    }

    private static async Task<(HttpResponseMessage Response, JsonNode? Body)> PostAsync(HttpClient http, string path, JsonNode body)
    {
        var response = await http.PostAsync(path, ProductProcess.Json(body));
        var text = await response.Content.ReadAsStringAsync();
        return (response, response.IsSuccessStatusCode ? JsonNode.Parse(text) : null);
    }
}
