using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Dashboard.Core;
using Dashboard.Core.Dataplane;
using Dashboard.Core.Hosts;
using Dashboard.Core.Identity;
using Dashboard.Core.Networking;
using Dashboard.Core.Persistence;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Dashboard.Bench;

/// <summary>
/// Scenarios 3-5 at scale: a cloud of 20 hosts, 200 networks and 2,000 instances (10,000 ports in
/// all; <c>-- tentimes</c>: 200 hosts, 2,000 networks in ten projects, 20,000 instances, 100,000 ports) is
/// seeded through the core, then the product is started on it. Measured: the tracer
/// (cross host), the server render of the Topology, Networks and Admin Ports pages (prerendered
/// GET as a signed-in admin), the time from a port status change to the open Chromium page
/// showing it, and resident memory with 10,000 ports.
/// </summary>
public static partial class DashboardScenario
{
    /// <summary>
    /// The size of the cloud: <see cref="Projects"/> projects with <see cref="NetworksPerProject"/> networks each (a subnet
    /// each) and <see cref="InstancesPerNetwork"/> instances on each network, spread over <see cref="Hosts"/> hosts, and
    /// spare ports up to <see cref="Ports"/>. The signed-in admin's project is the first.
    /// </summary>
    public sealed record Scale(string Label, int Hosts, int Projects, int NetworksPerProject, int InstancesPerNetwork, int Ports, double IdleMemoryTarget, double AfterMemoryTarget)
    {
        public int Networks => Projects * NetworksPerProject;

        public int Instances => Networks * InstancesPerNetwork;

        public string Cloud => $"{Hosts} hosts, {Networks:N0} networks, {Instances:N0} instances, {Ports:N0} ports";
    }

    /// <summary>The cloud of 2026-11-24: 20 hosts, 200 networks, 2,000 instances, 10,000 ports, in one project.</summary>
    public static readonly Scale Default = new("", 20, 1, 200, 10, 10_000, 300, 300);

    /// <summary>Issue 18's ten times larger cloud: 200 hosts, 2,000 networks (ten projects of 200), 20,000 instances, 100,000 ports.</summary>
    public static readonly Scale TenTimes = new("ten times: ", 200, 10, 200, 10, 100_000, 400, 400);

    public static Task<IReadOnlyList<Figure>> RunAsync() => RunAsync(Default);

    public static Task<IReadOnlyList<Figure>> RunTenTimesAsync() => RunAsync(TenTimes);

    public static async Task<IReadOnlyList<Figure>> RunAsync(Scale scale)
    {
        var figures = new List<Figure>();
        var label = scale.Label;
        double? emptyStartup = null;
        if (scale != Default)
        {
            // Start-up's target is relative: measured on an empty database in the same run.
            await using var empty = await ProductProcess.StartAsync();
            emptyStartup = empty.StartupMs;
            figures.Add(new($"{label}footprint: start-up to first answered request, empty database", empty.StartupMs, "ms"));
        }
        var database = ProductProcess.NewDatabasePath();
        var (probe, probeNetwork, from, to) = await SeedAsync(database, scale, figures);

        // The agents' resync at start-up wires every bound port left in BUILD (the instances' and the DHCP ports): watched in
        // the store from the moment the process starts until none is left.
        var building = await CountBuildingAsync(database);
        var resync = Stopwatch.StartNew();
        var resynced = Task.Run(async () =>
        {
            while (await CountBuildingAsync(database) > 0 && resync.Elapsed < TimeSpan.FromMinutes(5))
            {
                await Task.Delay(50);
            }
            return resync.Elapsed.TotalMilliseconds;
        });
        await using var product = await ProductProcess.StartAsync(database: database);
        figures.Add(emptyStartup is { } baseline
            ? new($"{label}footprint: start-up to first answered request ({scale.Ports:N0} ports stored; target 3x the empty start-up)", product.StartupMs, "ms", Max: 3 * baseline)
            : new($"footprint: start-up to first answered request ({scale.Ports:N0} ports stored)", product.StartupMs, "ms", Max: 3000));
        using var api = new HttpClient { BaseAddress = new Uri(product.BaseUrl) };
        api.DefaultRequestHeaders.Add("X-Auth-Token", await product.TokenAsync(api));
        figures.Add(new($"{label}agents: full resync at start-up, {building:N0} bound ports BUILD -> ACTIVE, from the process's start (report interval 30 s)", await resynced, "ms", Max: 30_000));
        await Task.Delay(TimeSpan.FromSeconds(5));
        figures.Add(new($"{label}footprint: resident memory at idle, {scale.Ports:N0} ports stored", product.ResidentMegabytes(), "MB", Max: scale.IdleMemoryTarget));
        using var http = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = true }) { BaseAddress = new Uri(product.BaseUrl) };
        await SignInAsync(http);

        (string Name, string Path, double? Max)[] pages =
        [
            ($"Topology ({scale.NetworksPerProject} networks / {scale.NetworksPerProject * scale.InstancesPerNetwork:N0} instances of the project / {scale.Hosts} hosts)", "/project/network-topology", 300),
            ("Networks", "/project/networks", null),
            ($"Admin Ports, first page ({scale.Ports:N0} ports)", "/admin/ports", scale == Default ? null : 50),
        ];
        foreach (var (name, path, max) in pages)
        {
            var samples = await RenderTimesAsync(http, path);
            figures.Add(new($"{label}dashboard: server render of {name}, p50", samples[samples.Count / 2], "ms", Max: max));
            figures.Add(new($"{label}dashboard: server render of {name}, p95", samples[(int)(samples.Count * 0.95)], "ms"));
        }

        (await api.PutAsync($"/networking/v2.0/ports/{probe}", ProductProcess.Json(new JsonObject { ["port"] = new JsonObject { ["name"] = "probe" } }))).EnsureSuccessStatusCode();
        var traceSamples = new List<double>();
        for (var i = 0; i < 220; i++)
        {
            var watch = Stopwatch.StartNew();
            var response = await api.PostAsync("/networking/v2.0/traces", ProductProcess.Json(new JsonObject { ["trace"] = new JsonObject { ["source_port_id"] = from, ["destination_port_id"] = to } }));
            response.EnsureSuccessStatusCode();
            if (i >= 20)
            {
                traceSamples.Add(Figure.Ms(watch));
            }
        }
        traceSamples.Sort();
        figures.Add(new($"{label}tracer: cross-host trace over HTTP (POST /v2.0/traces), mean", traceSamples.Average(), "ms"));
        figures.Add(new($"{label}tracer: cross-host trace over HTTP, p99", traceSamples[(int)(traceSamples.Count * 0.99)], "ms"));

        figures.AddRange(await StatusToScreenAsync(product, api, probe, probeNetwork, $"{label}dashboard: port status change to visible in an open Chromium page"));
        figures.Add(new($"{label}footprint: resident memory with {scale.Ports:N0} ports after the page renders, traces and 100 pushed changes", product.ResidentMegabytes(), "MB", Max: scale.AfterMemoryTarget));
        return figures;
    }

    /// <summary>The cloud, written through the core's own services (no API exists for instances); returns one instance port and its network.</summary>
    private static async Task<(string Port, string Network, string From, string To)> SeedAsync(string database, Scale scale, List<Figure> figures)
    {
        var settings = ProductProcess.Settings(database).ToDictionary(kv => kv.Key.Replace("__", ":"), kv => (string?)kv.Value);
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection().AddLogging().AddNetworkCore(configuration, Path.GetTempPath()).BuildServiceProvider();
        await using (services)
        {
            await services.GetRequiredService<DatabaseInitializer>().InitializeAsync();
            var identity = services.GetRequiredService<IdentityService>();
            var admin = (await identity.FindProjectAsync("admin"))!.Id;
            var projects = new List<string> { admin };
            for (var p = 1; p < scale.Projects; p++)
            {
                projects.Add((await identity.CreateProjectAsync($"tenant{p:D2}")).Id);
            }
            var nodes = services.GetRequiredService<ComputeNodeService>();
            // The network node: every network's DHCP port and the router live there, as in the demo cloud.
            await nodes.RegisterAsync("network1", ["physnet1:br-eth1:eth1"], "192.168.56.9", agents: [Core.Agents.AgentTypes.L3, Core.Agents.AgentTypes.Dhcp]);
            for (var h = 1; h <= scale.Hosts; h++)
            {
                await nodes.RegisterAsync(HostName(h, scale), ["physnet1:br-eth1:eth1"], $"192.168.{56 + h / 250}.{10 + h % 250}");
            }
            var transactions = services.GetRequiredService<Transactions>();
            var networkService = services.GetRequiredService<NetworkService>();
            var subnets = services.GetRequiredService<SubnetService>();
            var instances = services.GetRequiredService<InstanceService>();
            var ports = services.GetRequiredService<PortService>();
            var seed = Stopwatch.StartNew();
            // Many creates to a transaction (each still through the services' rules): the seed's speed is not what is measured.
            var networkIds = new List<(string Project, string Network)>();
            foreach (var project in projects)
            {
                await transactions.WriteAsync(async _ =>
                {
                    for (var n = 0; n < scale.NetworksPerProject; n++)
                    {
                        var index = networkIds.Count;
                        var network = await networkService.CreateAsync(new NetworkSpec(project, $"net{n:D3}"));
                        await subnets.CreateAsync(new SubnetSpec(network.Id, $"10.{index / 200}.{index % 200}.0/24") { Name = $"sub{n:D3}" });
                        networkIds.Add((project, network.Id));
                    }
                });
            }
            var vm = 0;
            for (var i = 0; i < scale.InstancesPerNetwork; i++)
            {
                foreach (var chunk in networkIds.Select((n, index) => (n, index)).Chunk(50))
                {
                    await transactions.WriteAsync(async _ =>
                    {
                        foreach (var ((project, network), n) in chunk)
                        {
                            // Each network's instances spread over the hosts, and the hosts share the load evenly.
                            await instances.LaunchAsync(new InstanceSpec(project, $"vm{vm:D5}", [network]) { HostName = HostName((n + i) % scale.Hosts + 1, scale) });
                            vm++;
                        }
                    });
                }
            }
            var existing = (await ports.CountByStatusAsync()).Values.Sum();
            foreach (var chunk in Enumerable.Range(existing, Math.Max(0, scale.Ports - existing)).Chunk(200))
            {
                await transactions.WriteAsync(async _ =>
                {
                    foreach (var i in chunk)
                    {
                        var (project, network) = networkIds[i % networkIds.Count];
                        await ports.CreateAsync(new PortSpec(network, project) { Name = $"spare{i}" });
                    }
                });
            }
            figures.Add(new($"{scale.Label}seed: {scale.Cloud} through the core", seed.Elapsed.TotalSeconds, "s"));
            var networkIdsOfAdmin = networkIds.Where(n => n.Project == admin).Select(n => n.Network).ToList();

            // The tracer itself, in process, on the same cloud: VM on compute01 to a VM of the same network on compute02.
            var first = (await ports.ListAsync(networkIdsOfAdmin[0])).Where(p => p.DeviceOwner == DeviceOwners.Compute).OrderBy(p => p.BindingHostId).ToList();
            await services.GetRequiredService<Core.Agents.AgentHeartbeats>().ReportAsync();
            foreach (var host in first.Select(p => p.BindingHostId).Distinct())
            {
                await ports.TransitionHostPortsAsync(host, [PortStatus.Build], PortStatus.Active, "wired for the bench");
            }
            var (a, b) = (first.First(), first.First(p => p.BindingHostId != first[0].BindingHostId));
            var tracer = services.GetRequiredService<PacketTracer>();
            var samples = new List<double>();
            for (var i = 0; i < 520; i++)
            {
                var watch = Stopwatch.StartNew();
                var trace = await tracer.TraceAsync(new TraceRequest(a.Id, DestinationPortId: b.Id));
                if (!trace.Delivered)
                {
                    throw new InvalidOperationException($"bench trace was not delivered: {trace.Reason}");
                }
                if (i >= 20)
                {
                    samples.Add(Figure.Ms(watch));
                }
            }
            samples.Sort();
            figures.Add(new($"{scale.Label}tracer: cross-host trace in the core ({scale.Ports:N0} ports stored), mean", samples.Average(), "ms", Max: 5));
            figures.Add(new($"{scale.Label}tracer: cross-host trace in the core, p99", samples[(int)(samples.Count * 0.99)], "ms"));

            // North-south through the network node: net000's router with its gateway on an external network, a floating IP on the VM.
            var external = await networkService.CreateAsync(new NetworkSpec(admin, "public") { External = true, Provider = new Core.Segmentation.Segment("flat", "physnet1") });
            await subnets.CreateAsync(new SubnetSpec(external.Id, "172.24.0.0/16") { EnableDhcp = false });
            var routers = services.GetRequiredService<Core.Routers.RouterService>();
            var router = await routers.CreateAsync(new Core.Routers.RouterSpec(admin, "bench-router") { ExternalGateway = new Core.Routers.GatewayInfo(external.Id) });
            await routers.AddInterfaceAsync(router.Id, (await subnets.ListAsync(networkIdsOfAdmin[0])).Single().Id);
            var floatingIp = await services.GetRequiredService<Core.Routers.FloatingIpService>().CreateAsync(new Core.Routers.FloatingIpSpec(admin, external.Id) { PortId = a.Id });
            var group = (await services.GetRequiredService<Core.SecurityGroups.SecurityGroupService>().ListAsync(admin)).Single(g => g.Name == "default");
            await services.GetRequiredService<Core.SecurityGroups.SecurityGroupService>().AddRuleAsync(group.Id, new Core.SecurityGroups.SecurityGroupRuleSpec("ingress", Protocol: "icmp", RemoteIpPrefix: "0.0.0.0/0"));
            await ports.TransitionHostPortsAsync("network1", [PortStatus.Build], PortStatus.Active, "wired for the bench");
            await services.GetRequiredService<Core.Routers.FloatingIpService>().ReportStatusAsync(host => host == "network1");
            foreach (var (label, request) in new[]
            {
                ("tracer: VM -> 8.8.8.8 through network1 (SNAT to its floating IP), mean", new TraceRequest(a.Id, DestinationIp: "8.8.8.8")),
                ("tracer: outside -> floating IP (DNAT to the VM on another host), mean", new TraceRequest("", DestinationIp: floatingIp.FloatingIpAddress) { ExternalSourceIp = "203.0.113.10" }),
            })
            {
                var northSouth = new List<double>();
                for (var i = 0; i < 220; i++)
                {
                    var watch = Stopwatch.StartNew();
                    var trace = await tracer.TraceAsync(request);
                    if (!trace.Delivered)
                    {
                        throw new InvalidOperationException($"bench trace ({label}) was not delivered: {trace.Reason}");
                    }
                    if (i >= 20)
                    {
                        northSouth.Add(Figure.Ms(watch));
                    }
                }
                figures.Add(new(scale.Label + label, northSouth.Average(), "ms", Max: 5));
            }
            var probe = first.First(p => p.Id != a.Id && p.Id != b.Id);
            SqliteConnection.ClearAllPools();
            return (probe.Id, networkIdsOfAdmin[0], a.Id, b.Id);
        }
    }

    private static async Task<long> CountBuildingAsync(string database)
    {
        await using var store = new SqliteConnection($"Data Source={database};Pooling=False");
        await store.OpenAsync();
        using var count = store.CreateCommand();
        count.CommandText = "SELECT COUNT(*) FROM Ports WHERE Status = 'BUILD'";
        return Convert.ToInt64(await count.ExecuteScalarAsync());
    }

    private static string HostName(int h, Scale scale) => scale.Hosts < 100 ? $"compute{h:D2}" : $"compute{h:D3}";

    /// <summary>Signs in through the login form (static server-rendered, with its antiforgery token), as a browser does.</summary>
    private static async Task SignInAsync(HttpClient http)
    {
        var page = await http.GetStringAsync("/login");
        var fields = HiddenInput().Matches(page).ToDictionary(m => WebUtility.HtmlDecode(m.Groups["name"].Value), m => WebUtility.HtmlDecode(m.Groups["value"].Value));
        fields["Input.UserName"] = "admin";
        fields["Input.Password"] = ProductProcess.AdminPassword;
        var response = await http.PostAsync("/login", new FormUrlEncodedContent(fields));
        var body = await response.Content.ReadAsStringAsync();
        if (body.Contains("Invalid user name or password", StringComparison.OrdinalIgnoreCase) || response.RequestMessage?.RequestUri?.AbsolutePath == "/login")
        {
            throw new InvalidOperationException($"bench sign-in failed: {(int)response.StatusCode}");
        }
    }

    /// <summary>GET of a page as the signed-in admin: the server renders it in full (prerendering) before answering.</summary>
    private static async Task<List<double>> RenderTimesAsync(HttpClient http, string path)
    {
        var samples = new List<double>();
        for (var i = 0; i < 25; i++)
        {
            var watch = Stopwatch.StartNew();
            using var response = await http.GetAsync(path);
            var html = await response.Content.ReadAsStringAsync();
            if (response.StatusCode != HttpStatusCode.OK || response.RequestMessage?.RequestUri?.AbsolutePath != path)
            {
                throw new InvalidOperationException($"{path}: {(int)response.StatusCode} at {response.RequestMessage?.RequestUri}");
            }
            if (i >= 5)
            {
                samples.Add(Figure.Ms(watch));
            }
        }
        samples.Sort();
        return samples;
    }

    /// <summary>
    /// The network detail page open in Chromium; the probe port is set admin-down and up again through
    /// the API 50 times. Measured: from the API call to the row showing the new status on the page.
    /// </summary>
    internal static async Task<IReadOnlyList<Figure>> StatusToScreenAsync(ProductProcess product, HttpClient api, string probe, string network, string label = "dashboard: port status change to visible in an open Chromium page")
    {
        const string chromium = "/usr/bin/chromium";
        if (!File.Exists(chromium))
        {
            Console.Error.WriteLine($"status-to-screen skipped: {chromium} is missing (apt-get install -y chromium)");
            return [];
        }
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = chromium,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"],
        });
        var page = await browser.NewPageAsync(new() { ViewportSize = new() { Width = 1280, Height = 800 } });
        await page.GotoAsync($"{product.BaseUrl}/project/networks/{network}");
        await page.GetByLabel("User Name").FillAsync("admin");
        await page.GetByLabel("Password").FillAsync(ProductProcess.AdminPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign In" }).ClickAsync();
        await page.WaitForURLAsync($"**/project/networks/{network}");
        await Assertions.Expect(page.Locator("#circuit-state")).ToHaveAttributeAsync("data-interactive", "true");
        await page.GetByRole(AriaRole.Tab, new() { Name = "Ports" }).ClickAsync();
        var row = page.GetByRole(AriaRole.Row).Filter(new() { HasText = "probe" });
        await Assertions.Expect(row).ToContainTextAsync("ACTIVE", new() { Timeout = 30_000 });

        var samples = new List<double>();
        for (var i = 0; i < 50; i++)
        {
            foreach (var (up, shows) in new[] { (false, "DOWN"), (true, "ACTIVE") })
            {
                var watch = Stopwatch.StartNew();
                (await api.PutAsync($"/networking/v2.0/ports/{probe}", ProductProcess.Json(new JsonObject { ["port"] = new JsonObject { ["admin_state_up"] = up } }))).EnsureSuccessStatusCode();
                try
                {
                    await Assertions.Expect(row).ToContainTextAsync(shows, new() { Timeout = 10_000 });
                }
                catch (PlaywrightException)
                {
                    var state = await api.GetStringAsync($"/networking/v2.0/ports/{probe}?fields=status&fields=admin_state_up");
                    throw new InvalidOperationException($"iteration {i}: the page did not show {shows} within 10 s; the API says {state}; the row shows '{await row.TextContentAsync()}'");
                }
                if (!up)
                {
                    samples.Add(Figure.Ms(watch)); // ACTIVE again includes the agent's wiring delay, so only DOWN is timed
                }
            }
        }
        samples.Sort();
        return
        [
            new($"{label}, p50", samples[samples.Count / 2], "ms"),
            new($"{label}, p95", samples[(int)(samples.Count * 0.95)], "ms", Max: 250),
        ];
    }

    [GeneratedRegex("<input[^>]*type=\"hidden\"[^>]*name=\"(?<name>[^\"]+)\"[^>]*value=\"(?<value>[^\"]*)\"", RegexOptions.IgnoreCase)]
    private static partial Regex HiddenInput();
}
