using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using Dashboard.Web.Tests.Api;
using Dashboard.Web.Tests.Cli;

namespace Dashboard.Web.Tests.Drills;

/// <summary>
/// 60 s of mixed reads and writes from 8 clients against the product as its own process: no 5xx
/// at all, every other answer one the request deserved, and a steady memory figure.
/// </summary>
public class LoadDrillTests
{
    [Fact]
    public async Task Sixty_seconds_of_mixed_load_answer_no_5xx_and_memory_stays_steady()
    {
        // Quotas lifted, as for a load test: every create should then succeed.
        var app = new RunningApp(Path.Combine(Path.GetTempPath(), "dashboard-cli-tests", $"{Guid.NewGuid():N}.db"), new Dictionary<string, string>
        {
            ["Quotas__quota_network"] = "-1", ["Quotas__quota_subnet"] = "-1", ["Quotas__quota_port"] = "-1",
        });
        await app.InitializeAsync();
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri(app.BaseUrl), Timeout = TimeSpan.FromSeconds(30) };
            var admin = await ApiSession.LoginAsync(http, "admin", RunningApp.AdminPassword, "admin");
            var statuses = new System.Collections.Concurrent.ConcurrentBag<(string What, HttpStatusCode Status)>();
            var memory = new List<double>();
            var stop = Stopwatch.StartNew();
            var sampler = Task.Run(async () =>
            {
                while (stop.Elapsed < TimeSpan.FromSeconds(60))
                {
                    memory.Add(app.ResidentMegabytes());
                    await Task.Delay(TimeSpan.FromSeconds(5));
                }
            });

            await Task.WhenAll(Enumerable.Range(0, 8).Select(client => Task.Run(async () =>
            {
                var random = new Random(client);
                var mine = new List<(string Network, string Port)>();
                for (var n = 0; stop.Elapsed < TimeSpan.FromSeconds(60); n++)
                {
                    var roll = random.Next(100);
                    if (roll < 60)
                    {
                        statuses.Add(("list", (await admin.GetAsync(roll < 45 ? "/networking/v2.0/networks?limit=50" : "/networking/v2.0/ports?limit=50")).Status));
                    }
                    else if (roll < 85 || mine.Count == 0)
                    {
                        var (status, network) = await admin.PostAsync("/networking/v2.0/networks", new JsonObject { ["network"] = new JsonObject { ["name"] = $"load-{client}-{n}" } });
                        statuses.Add(("network", status));
                        if (status != HttpStatusCode.Created)
                        {
                            continue;
                        }
                        var id = network!["network"]!["id"]!.GetValue<string>();
                        statuses.Add(("subnet", (await admin.PostAsync("/networking/v2.0/subnets", new JsonObject
                        {
                            ["subnet"] = new JsonObject { ["network_id"] = id, ["cidr"] = $"10.{client}.{n % 250}.0/24", ["ip_version"] = 4 },
                        })).Status));
                        var (portStatus, port) = await admin.PostAsync("/networking/v2.0/ports", new JsonObject { ["port"] = new JsonObject { ["network_id"] = id, ["binding:host_id"] = $"compute{1 + n % 2}" } });
                        statuses.Add(("port", portStatus));
                        if (portStatus == HttpStatusCode.Created)
                        {
                            mine.Add((id, port!["port"]!["id"]!.GetValue<string>()));
                        }
                    }
                    else if (roll < 93)
                    {
                        var (_, port) = mine[random.Next(mine.Count)];
                        statuses.Add(("update", (await admin.PutAsync($"/networking/v2.0/ports/{port}", new JsonObject { ["port"] = new JsonObject { ["admin_state_up"] = random.Next(2) == 0 } })).Status));
                    }
                    else
                    {
                        var (network, port) = mine[^1];
                        mine.RemoveAt(mine.Count - 1);
                        statuses.Add(("delete port", (await admin.DeleteAsync($"/networking/v2.0/ports/{port}")).Status));
                        statuses.Add(("delete network", (await admin.DeleteAsync($"/networking/v2.0/networks/{network}")).Status));
                    }
                }
            })));
            await sampler;

            Assert.True(statuses.Count > 1000, $"only {statuses.Count} requests in 60 s");
            var failures = statuses.Where(s => (int)s.Status >= 400).GroupBy(s => $"{s.What} {(int)s.Status}").Select(g => $"{g.Key} x{g.Count()}").ToList();
            Assert.True(failures.Count == 0, $"non-2xx answers under load: {string.Join(", ", failures)}");
            // Steady: after the first 15 s, memory moves by less than 100 MB while the load keeps storing more.
            var settled = memory.Skip(3).ToList();
            Assert.True(settled.Max() - settled.Min() < 100, $"resident memory every 5 s: {string.Join(", ", memory.Select(m => $"{m:0}"))} MB");
        }
        finally
        {
            await app.DisposeAsync();
        }
    }
}
