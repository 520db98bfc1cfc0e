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
        var settings = new Dictionary<string, string>
        {
            ["Database__Provider"] = "postgres",
            ["ConnectionStrings__Dashboard"] = new NpgsqlConnectionStringBuilder(server) { Database = _database }.ConnectionString,
            ["Neutron__tenant_network_types"] = "vlan",
            ["Neutron__network_vlan_ranges"] = "physnet1:100:163", // 64 VLANs
        };
        var files = Path.Combine(Path.GetTempPath(), "dashboard-cli-tests");
        _a = new RunningApp(Path.Combine(files, $"{Guid.NewGuid():N}.db"), settings);
        _b = new RunningApp(Path.Combine(files, $"{Guid.NewGuid():N}.db"), settings);
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
        var status = page.GetByRole(AriaRole.Row).Filter(new() { HasText = mac }).GetByRole(AriaRole.Cell).Nth(7);
        await Assertions.Expect(status).ToHaveTextAsync("ACTIVE", new() { Timeout = 30_000 });

        var (updated, _) = await onA.PutAsync($"/networking/v2.0/ports/{port["id"]!.GetValue<string>()}", new JsonObject { ["port"] = new JsonObject { ["admin_state_up"] = false } });
        Assert.Equal(HttpStatusCode.OK, updated);

        // Committed through A, heard by B over PostgreSQL, pushed to B's open page: no reload.
        await Assertions.Expect(status).ToHaveTextAsync("DOWN", new() { Timeout = 30_000 });
    }
}
