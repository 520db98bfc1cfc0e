using System.Collections.Concurrent;
using System.Net;
using System.Text.Json.Nodes;
using Dashboard.Web.Tests.Api;
using Dashboard.Web.Tests.Cli;
using Microsoft.Playwright;
using Npgsql;

namespace Dashboard.Web.Tests.Scaling;

/// <summary>
/// Two product processes, started as an operator starts them, on one PostgreSQL database (test.sh's throw-away
/// cluster): they start together on an empty database, allocate exactly, and honour each other's sign-ins and revocations.
/// </summary>
[Trait("Category", "Postgres")]
public sealed class TwoInstancesTests : IAsyncLifetime
{
    public const string ServerVariable = "DASHBOARD_TEST_POSTGRES";

    private static string? Server => Environment.GetEnvironmentVariable(ServerVariable) is { Length: > 0 } server ? server : null;

    private readonly string _database = $"t_two_{Guid.NewGuid():N}";
    private RunningApp? _a;
    private RunningApp? _b;

    private RunningApp A => _a!;
    private RunningApp B => _b!;

    public async Task InitializeAsync()
    {
        if (Server is not { } server)
        {
            return;
        }
        await using (var connection = new NpgsqlConnection(server))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{_database}\"", connection);
            await create.ExecuteNonQueryAsync();
        }
        // Each instance names itself to PostgreSQL (application_name), so the test can tell whose connection holds what.
        Dictionary<string, string> Settings(string name) => new()
        {
            ["Database__Provider"] = "postgres",
            ["ConnectionStrings__Dashboard"] = new NpgsqlConnectionStringBuilder(server) { Database = _database, ApplicationName = name }.ConnectionString,
            ["Neutron__tenant_network_types"] = "vlan",
            ["Neutron__network_vlan_ranges"] = "physnet1:100:163", // 64 VLANs
            ["Neutron__agent_down_time"] = "10",
            ["Agent__ReportIntervalSeconds"] = "1",
        };
        var files = Path.Combine(Path.GetTempPath(), "dashboard-cli-tests");
        _a = new RunningApp(Path.Combine(files, $"{Guid.NewGuid():N}.db"), Settings("dashboard-a"));
        _b = new RunningApp(Path.Combine(files, $"{Guid.NewGuid():N}.db"), Settings("dashboard-b"));
        // Started together on the empty database: one migrates, bootstraps and seeds, the other finds it done.
        await Task.WhenAll(_a.InitializeAsync(), _b.InitializeAsync());
    }

    public async Task DisposeAsync()
    {
        foreach (var app in new[] { _a, _b })
        {
            if (app is not null)
            {
                await app.DisposeAsync();
            }
        }
        if (Server is { } server)
        {
            NpgsqlConnection.ClearAllPools();
            await using var connection = new NpgsqlConnection(server);
            await connection.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{_database}\" WITH (FORCE)", connection);
            await drop.ExecuteNonQueryAsync();
        }
    }

    private static async Task<ApiSession> AdminAsync(RunningApp app) =>
        await ApiSession.LoginAsync(new HttpClient { BaseAddress = new Uri(app.BaseUrl) }, "admin", RunningApp.AdminPassword, "admin");

    [SkippableFact]
    public async Task Thirty_two_clients_split_across_two_instances_take_each_vlan_once_then_get_503()
    {
        Skip.If(Server is null, $"needs a PostgreSQL server in {ServerVariable} (test.sh starts one)");
        var sessions = new[] { await AdminAsync(A), await AdminAsync(B) };
        var (_, before) = await sessions[0].GetAsync("/networking/v2.0/networks?fields=provider:segmentation_id&provider:network_type=vlan");
        var seeded = before!["networks"]!.AsArray().Select(n => n!["provider:segmentation_id"]!.GetValue<long>()).ToList();
        var taken = new ConcurrentBag<long>();
        var refused = new ConcurrentBag<HttpStatusCode>();

        await Task.WhenAll(Enumerable.Range(0, 32).Select(client => Task.Run(async () =>
        {
            var session = sessions[client % 2];
            for (var i = 0; ; i++)
            {
                var (status, body) = await session.PostAsync("/networking/v2.0/networks", new JsonObject { ["network"] = new JsonObject { ["name"] = $"c{client}-{i}" } });
                if (status != HttpStatusCode.Created)
                {
                    refused.Add(status);
                    return;
                }
                taken.Add(body!["network"]!["provider:segmentation_id"]!.GetValue<long>());
            }
        })));

        Assert.Equal(64 - seeded.Count, taken.Count);
        Assert.Equal(Enumerable.Range(100, 64).Select(v => (long)v).ToHashSet(), seeded.Concat(taken).ToHashSet());
        Assert.All(refused, status => Assert.Equal(HttpStatusCode.ServiceUnavailable, status));
        Assert.Equal(32, refused.Count);
    }

    [SkippableFact]
    public async Task A_token_revoked_on_one_instance_is_refused_by_the_other_and_a_sign_in_cookie_of_one_is_accepted_by_the_other()
    {
        Skip.If(Server is null, $"needs a PostgreSQL server in {ServerVariable} (test.sh starts one)");
        var onA = await AdminAsync(A);
        using var b = new HttpClient { BaseAddress = new Uri(B.BaseUrl) };
        var onB = new ApiSession(b, onA.Token, onA.TokenBody);
        Assert.Equal(HttpStatusCode.OK, (await onB.GetAsync("/networking/v2.0/networks")).Status); // B has validated (and cached) it

        var (revoked, _) = await onA.SendAsync(HttpMethod.Delete, "/identity/v3/auth/tokens", tweak: r => r.Headers.Add("X-Subject-Token", onA.Token));
        Assert.Equal(HttpStatusCode.NoContent, revoked);
        // Well inside the 30 s for which B would otherwise trust its cached validation: only the bus tells it in time.
        var deadline = DateTime.UtcNow.AddSeconds(10);
        HttpStatusCode after;
        while ((after = (await onB.GetAsync("/networking/v2.0/networks")).Status) == HttpStatusCode.OK && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }
        Assert.Equal(HttpStatusCode.Unauthorized, after);

        // Signed in through A's form; the cookie (both listen on 127.0.0.1, so the container sends it to both) opens B's
        // admin pages: the Data Protection keys that sign it are in the database.
        var cookies = new CookieContainer();
        using var browserA = new HttpClient(new HttpClientHandler { CookieContainer = cookies }) { BaseAddress = new Uri(A.BaseUrl) };
        await RunningApp.SignInAsync(browserA, "admin", RunningApp.AdminPassword);
        using var browserB = new HttpClient(new HttpClientHandler { CookieContainer = cookies }) { BaseAddress = new Uri(B.BaseUrl) };
        var page = await browserB.GetAsync("/admin/networks");
        Assert.Equal("/admin/networks", page.RequestMessage!.RequestUri!.AbsolutePath);
        Assert.Contains("Networks", await page.Content.ReadAsStringAsync());
    }

    [SkippableFact]
    public async Task A_port_set_admin_down_through_one_instance_shows_DOWN_on_a_page_the_other_serves_without_a_reload()
    {
        Skip.If(Server is null, $"needs a PostgreSQL server in {ServerVariable} (test.sh starts one)");
        var onA = await AdminAsync(A);
        // A demo VM's port, once the agents have wired it.
        JsonNode? port = null;
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (port is null && DateTime.UtcNow < deadline)
        {
            var (_, ports) = await onA.GetAsync("/networking/v2.0/ports?device_owner=compute:nova&status=ACTIVE");
            port = ports!["ports"]!.AsArray().FirstOrDefault();
            await Task.Delay(port is null ? 200 : 0);
        }
        Assert.NotNull(port);
        var mac = port["mac_address"]!.GetValue<string>();

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = Journeys.BrowserJourneyTests.Chromium,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
        });
        var page = await browser.NewPageAsync();
        await page.GotoAsync($"{B.BaseUrl}/admin/ports");
        await page.GetByLabel("User Name").FillAsync("admin");
        await page.GetByLabel("Password").FillAsync(RunningApp.AdminPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign In" }).ClickAsync();
        await page.WaitForSelectorAsync("#circuit-state[data-interactive=true]", new() { State = WaitForSelectorState.Attached, Timeout = 60_000 });
        var status = page.GetByRole(AriaRole.Row).Filter(new() { HasText = mac }).Locator("td[data-label=Status]");
        await Assertions.Expect(status).ToHaveTextAsync("ACTIVE", new() { Timeout = 30_000 });

        var (updated, _) = await onA.PutAsync($"/networking/v2.0/ports/{port["id"]!.GetValue<string>()}", new JsonObject { ["port"] = new JsonObject { ["admin_state_up"] = false } });
        Assert.Equal(HttpStatusCode.OK, updated);

        // Committed through A, heard by B over PostgreSQL, pushed to B's open page: no reload.
        await Assertions.Expect(status).ToHaveTextAsync("DOWN", new() { Timeout = 30_000 });
    }

    /// <summary>Which instance (its application_name) holds each host's agent lease.</summary>
    private async Task<Dictionary<long, string>> LeaseHoldersAsync()
    {
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(Server!) { Database = _database }.ConnectionString);
        await connection.OpenAsync();
        await using var query = new NpgsqlCommand(
            "SELECT l.objid, a.application_name FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid WHERE l.locktype = 'advisory' AND l.classid = @space AND l.granted",
            connection);
        query.Parameters.AddWithValue("space", (long)Dashboard.Core.Persistence.PostgresSessions.LeaseSpace);
        var holders = new Dictionary<long, string>();
        await using var reader = await query.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            holders[Convert.ToInt64(reader.GetValue(0), System.Globalization.CultureInfo.InvariantCulture)] = reader.GetString(1);
        }
        return holders;
    }

    [SkippableFact]
    public async Task When_one_instance_is_killed_mid_burst_the_other_serves_on_takes_its_agents_and_nothing_confirmed_is_lost()
    {
        Skip.If(Server is null, $"needs a PostgreSQL server in {ServerVariable} (test.sh starts one)");
        var sessions = new[] { await AdminAsync(A), await AdminAsync(B) };
        var hosts = (await sessions[0].GetAsync("/networking/v2.0/agents?agent_type=Open vSwitch agent")).Body!["agents"]!.AsArray().Count;
        // Every host's agents run in exactly one instance; the drill kills the one that runs them (all, or most).
        Dictionary<long, string> holders = [];
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while ((holders = await LeaseHoldersAsync()).Count < hosts && DateTime.UtcNow < deadline)
        {
            await Task.Delay(200);
        }
        Assert.Equal(hosts, holders.Count);
        var victimName = holders.Values.GroupBy(v => v).MaxBy(g => g.Count())!.Key;
        var (victim, survivor, survivorIndex) = victimName == "dashboard-a" ? (A, B, 1) : (B, A, 0);

        var confirmed = new ConcurrentDictionary<string, int>(); // network id -> the instance that confirmed it
        var confirmedBySurvivorAfterKill = 0;
        var killed = false;
        using var stop = new CancellationTokenSource();
        var workers = Enumerable.Range(0, 16).Select(worker => Task.Run(async () =>
        {
            var index = worker % 2;
            for (var i = 0; !stop.IsCancellationRequested; i++)
            {
                try
                {
                    // VXLAN (an admin's provider network): its range does not run out during the drill, as the class's 64 VLANs would.
                    var (status, body) = await sessions[index].PostAsync("/networking/v2.0/networks", new JsonObject
                    {
                        ["network"] = new JsonObject { ["name"] = $"w{worker}-{i}", ["provider:network_type"] = "vxlan" },
                    });
                    if (status != HttpStatusCode.Created)
                    {
                        continue;
                    }
                    var id = body!["network"]!["id"]!.GetValue<string>();
                    confirmed[id] = index;
                    if (Volatile.Read(ref killed) && index == survivorIndex)
                    {
                        Interlocked.Increment(ref confirmedBySurvivorAfterKill);
                    }
                    await sessions[index].PostAsync("/networking/v2.0/subnets", new JsonObject
                    {
                        ["subnet"] = new JsonObject { ["network_id"] = id, ["cidr"] = $"10.{worker}.{i % 250}.0/24", ["ip_version"] = 4 },
                    });
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                {
                    if (index != survivorIndex)
                    {
                        return; // its instance is dead
                    }
                }
            }
        })).ToList();

        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (confirmed.Count <= 10 && waited.Elapsed < TimeSpan.FromSeconds(90))
        {
            await Task.Delay(20);
        }
        victim.KillHard();
        Volatile.Write(ref killed, true);
        // The survivor keeps serving its clients.
        waited.Restart();
        while (Volatile.Read(ref confirmedBySurvivorAfterKill) < 5 && waited.Elapsed < TimeSpan.FromSeconds(90) && workers.Any(w => !w.IsCompleted))
        {
            await Task.Delay(20);
        }
        stop.Cancel();
        await Task.WhenAll(workers);
        Assert.True(confirmedBySurvivorAfterKill >= 5, $"the survivor confirmed {confirmedBySurvivorAfterKill} creates after the kill");

        // The dead instance's agents move to the survivor, and report again: every agent alive.
        var survivorName = victimName == "dashboard-a" ? "dashboard-b" : "dashboard-a";
        deadline = DateTime.UtcNow.AddSeconds(60);
        while ((holders = await LeaseHoldersAsync()).Values.Count(v => v == survivorName) < hosts && DateTime.UtcNow < deadline)
        {
            await Task.Delay(200);
        }
        Assert.All(holders.Values, holder => Assert.Equal(survivorName, holder));
        Assert.Equal(hosts, holders.Count);
        var session = sessions[survivorIndex];
        deadline = DateTime.UtcNow.AddSeconds(60);
        JsonArray agents;
        while ((agents = (await session.GetAsync("/networking/v2.0/agents")).Body!["agents"]!.AsArray()).Any(a => !a!["alive"]!.GetValue<bool>()) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(200);
        }
        Assert.All(agents, agent => Assert.True(agent!["alive"]!.GetValue<bool>(), $"{agent!["host"]}'s {agent["agent_type"]} is not alive"));

        // Nothing confirmed is lost, whichever instance confirmed it; nothing is half-written.
        foreach (var id in confirmed.Keys)
        {
            Assert.Equal(HttpStatusCode.OK, (await session.GetAsync($"/networking/v2.0/networks/{id}")).Status);
        }
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(Server!) { Database = _database }.ConnectionString);
        await connection.OpenAsync();
        foreach (var orphans in new[]
        {
            "SELECT count(*) FROM \"SegmentAllocations\" a WHERE NOT EXISTS (SELECT 1 FROM \"Networks\" n WHERE n.\"Id\" = a.\"NetworkId\")",
            "SELECT count(*) FROM \"Networks\" n WHERE n.\"NetworkType\" IN ('vlan', 'vxlan') AND NOT EXISTS (SELECT 1 FROM \"SegmentAllocations\" a WHERE a.\"NetworkId\" = n.\"Id\" AND a.\"SegmentationId\" = n.\"SegmentationId\")",
            "SELECT count(*) FROM \"Subnets\" s WHERE NOT EXISTS (SELECT 1 FROM \"Networks\" n WHERE n.\"Id\" = s.\"NetworkId\")",
            "SELECT count(*) FROM (SELECT \"SegmentationId\" FROM \"SegmentAllocations\" GROUP BY \"NetworkType\", \"PhysicalNetwork\", \"SegmentationId\" HAVING count(*) > 1) d",
        })
        {
            await using var count = new NpgsqlCommand(orphans, connection);
            Assert.Equal(0L, (long)(await count.ExecuteScalarAsync())!);
        }
    }

    [SkippableFact]
    public async Task A_lockout_earned_on_one_instance_holds_on_the_other_and_a_trace_made_on_one_is_read_on_the_other()
    {
        Skip.If(Server is null, $"needs a PostgreSQL server in {ServerVariable} (test.sh starts one)");
        using var a = new HttpClient { BaseAddress = new Uri(A.BaseUrl) };
        using var b = new HttpClient { BaseAddress = new Uri(B.BaseUrl) };
        HttpResponseMessage response;
        var attempts = 0;
        do
        {
            response = await a.PostAsync("/identity/v3/auth/tokens", ApiSession.Json(ApiSession.PasswordAuth("alt_demo", "wrong-password", "alt_demo")));
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        }
        while (!(await response.Content.ReadAsStringAsync()).Contains("locked") && ++attempts < 20);

        var onB = await b.PostAsync("/identity/v3/auth/tokens", ApiSession.Json(ApiSession.PasswordAuth("alt_demo", RunningApp.DemoPassword, "alt_demo")));
        Assert.Equal(HttpStatusCode.Unauthorized, onB.StatusCode);
        Assert.Contains("locked", await onB.Content.ReadAsStringAsync());

        var onA = await AdminAsync(A);
        var (_, ports) = await onA.GetAsync("/networking/v2.0/ports?device_owner=compute:nova");
        var (source, destination) = (ports!["ports"]!.AsArray()[0]!, ports["ports"]!.AsArray()[1]!);
        var (created, trace) = await onA.PostAsync("/networking/v2.0/traces", new JsonObject
        {
            ["trace"] = new JsonObject { ["source_port_id"] = source["id"]!.GetValue<string>(), ["destination_ip"] = destination["fixed_ips"]![0]!["ip_address"]!.GetValue<string>() },
        });
        Assert.Equal(HttpStatusCode.Created, created);
        var id = trace!["trace"]!["id"]!.GetValue<string>();
        var (read, readBack) = await new ApiSession(b, onA.Token, onA.TokenBody).GetAsync($"/networking/v2.0/traces/{id}");
        Assert.Equal(HttpStatusCode.OK, read);
        Assert.Equal(trace["trace"]!["verdict"]!.ToJsonString(), readBack!["trace"]!["verdict"]!.ToJsonString());
    }

    [SkippableFact]
    public async Task Thirty_two_clients_split_across_two_instances_take_each_address_of_a_slash_28_once_then_get_409()
    {
        Skip.If(Server is null, $"needs a PostgreSQL server in {ServerVariable} (test.sh starts one)");
        var sessions = new[] { await AdminAsync(A), await AdminAsync(B) };
        var (_, network) = await sessions[0].PostAsync("/networking/v2.0/networks", new JsonObject { ["network"] = new JsonObject { ["name"] = "small" } });
        var networkId = network!["network"]!["id"]!.GetValue<string>();
        var (created, _) = await sessions[1].PostAsync("/networking/v2.0/subnets", new JsonObject
        {
            ["subnet"] = new JsonObject { ["network_id"] = networkId, ["cidr"] = "10.28.0.0/28", ["ip_version"] = 4, ["enable_dhcp"] = false },
        });
        Assert.Equal(HttpStatusCode.Created, created);
        var refused = new ConcurrentBag<(HttpStatusCode Status, string? Type)>();

        await Task.WhenAll(Enumerable.Range(0, 32).Select(client => Task.Run(async () =>
        {
            var session = sessions[client % 2];
            while (true)
            {
                var (status, body) = await session.PostAsync("/networking/v2.0/ports", new JsonObject { ["port"] = new JsonObject { ["network_id"] = networkId } });
                if (status != HttpStatusCode.Created)
                {
                    refused.Add((status, body?["NeutronError"]?["type"]?.GetValue<string>()));
                    return;
                }
            }
        })));

        // The pool is .2-.14 (the gateway is .1): 13 addresses, each taken once, whichever instance was asked.
        var (_, ports) = await sessions[0].GetAsync($"/networking/v2.0/ports?network_id={networkId}");
        var addresses = ports!["ports"]!.AsArray().SelectMany(p => p!["fixed_ips"]!.AsArray()).Select(ip => ip!["ip_address"]!.GetValue<string>()).ToList();
        Assert.Equal(13, addresses.Count);
        Assert.Equal(Enumerable.Range(2, 13).Select(i => $"10.28.0.{i}").ToHashSet(), addresses.ToHashSet());
        Assert.Equal(32, refused.Count);
        Assert.All(refused, r => Assert.Equal((HttpStatusCode.Conflict, "IpAddressGenerationFailure"), r));
    }
}
