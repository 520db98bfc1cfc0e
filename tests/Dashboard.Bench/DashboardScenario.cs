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
/// all) is seeded through the core, then the product is started on it. Measured: the tracer
/// (cross host), the server render of the Topology, Networks and Admin Ports pages (prerendered
/// GET as a signed-in admin), the time from a port status change to the open Chromium page
/// showing it, and resident memory with 10,000 ports.
/// </summary>
public static partial class DashboardScenario
{
    private const int Hosts = 20;
    private const int Networks = 200;
    private const int InstancesPerNetwork = 10;
    private const int Ports = 10_000;

    public static async Task<IReadOnlyList<Figure>> RunAsync()
    {
        var figures = new List<Figure>();
        var database = ProductProcess.NewDatabasePath();
        var (probe, probeNetwork, from, to) = await SeedAsync(database, figures);

        await using var product = await ProductProcess.StartAsync(database: database);
        figures.Add(new("footprint: start-up to first answered request (10,000 ports stored)", product.StartupMs, "ms", Max: 3000));
        await Task.Delay(TimeSpan.FromSeconds(5)); // the agents wire the 2,000 bound ports left in BUILD
        figures.Add(new("footprint: resident memory at idle, 10,000 ports stored", product.ResidentMegabytes(), "MB", Max: 300));
        using var http = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = true }) { BaseAddress = new Uri(product.BaseUrl) };
        await SignInAsync(http);

        (string Name, string Path, double? Max)[] pages =
        [
            ("Topology (200 networks / 2,000 instances / 20 hosts)", "/project/network-topology", 300),
            ("Networks", "/project/networks", null),
            ("Admin Ports (10,000 ports)", "/admin/ports", null),
        ];
        foreach (var (name, path, max) in pages)
        {
            var samples = await RenderTimesAsync(http, path);
            figures.Add(new($"dashboard: server render of {name}, p50", samples[samples.Count / 2], "ms", Max: max));
            figures.Add(new($"dashboard: server render of {name}, p95", samples[(int)(samples.Count * 0.95)], "ms"));
        }

        using var api = new HttpClient { BaseAddress = new Uri(product.BaseUrl) };
        api.DefaultRequestHeaders.Add("X-Auth-Token", await product.TokenAsync(api));
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
        figures.Add(new("tracer: cross-host trace over HTTP (POST /v2.0/traces), mean", traceSamples.Average(), "ms"));
        figures.Add(new("tracer: cross-host trace over HTTP, p99", traceSamples[(int)(traceSamples.Count * 0.99)], "ms"));

        figures.AddRange(await StatusToScreenAsync(product, api, probe, probeNetwork));
        figures.Add(new("footprint: resident memory with 10,000 ports after the page renders, traces and 100 pushed changes", product.ResidentMegabytes(), "MB", Max: 300));
        return figures;
    }

    /// <summary>The cloud, written through the core's own services (no API exists for instances); returns one instance port and its network.</summary>
    private static async Task<(string Port, string Network, string From, string To)> SeedAsync(string database, List<Figure> figures)
    {
        var settings = ProductProcess.Settings(database).ToDictionary(kv => kv.Key.Replace("__", ":"), kv => (string?)kv.Value);
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection().AddLogging().AddNetworkCore(configuration, Path.GetTempPath()).BuildServiceProvider();
        await using (services)
        {
            await services.GetRequiredService<DatabaseInitializer>().InitializeAsync();
            var admin = (await services.GetRequiredService<IdentityService>().FindProjectAsync("admin"))!.Id;
            var nodes = services.GetRequiredService<ComputeNodeService>();
            // The network node: every network's DHCP port and the router live there, as in the demo cloud.
            await nodes.RegisterAsync("network1", ["physnet1:br-eth1:eth1"], "192.168.56.9", agents: [Core.Agents.AgentTypes.L3, Core.Agents.AgentTypes.Dhcp]);
            for (var h = 1; h <= Hosts; h++)
            {
                await nodes.RegisterAsync($"compute{h:D2}", ["physnet1:br-eth1:eth1"], $"192.168.56.{10 + h}");
            }
            var networkService = services.GetRequiredService<NetworkService>();
            var subnets = services.GetRequiredService<SubnetService>();
            var instances = services.GetRequiredService<InstanceService>();
            var ports = services.GetRequiredService<PortService>();
            var seed = Stopwatch.StartNew();
            var networkIds = new List<string>();
            for (var n = 0; n < Networks; n++)
            {
                var network = await networkService.CreateAsync(new NetworkSpec(admin, $"net{n:D3}"));
                await subnets.CreateAsync(new SubnetSpec(network.Id, $"10.{n / 200}.{n % 200}.0/24") { Name = $"sub{n:D3}" });
                networkIds.Add(network.Id);
            }
            var vm = 0;
            for (var i = 0; i < InstancesPerNetwork; i++)
            {
                for (var n = 0; n < networkIds.Count; n++)
                {
                    // Each network's instances spread over the hosts, and the hosts share the load evenly.
                    await instances.LaunchAsync(new InstanceSpec(admin, $"vm{vm:D4}", [networkIds[n]]) { HostName = $"compute{(n + i) % Hosts + 1:D2}" });
                    vm++;
                }
            }
            var existing = (await ports.ListAsync()).Count;
            for (var i = existing; i < Ports; i++)
            {
                await ports.CreateAsync(new PortSpec(networkIds[i % Networks], admin) { Name = $"spare{i}" });
            }
            figures.Add(new("seed: 20 hosts, 200 networks, 2,000 instances, 10,000 ports through the core", seed.Elapsed.TotalSeconds, "s"));

            // The tracer itself, in process, on the same cloud: VM on compute01 to a VM of the same network on compute02.
            var first = (await ports.ListAsync(networkIds[0])).Where(p => p.DeviceOwner == DeviceOwners.Compute).OrderBy(p => p.BindingHostId).ToList();
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
            figures.Add(new("tracer: cross-host trace in the core (10,000 ports stored), mean", samples.Average(), "ms", Max: 5));
            figures.Add(new("tracer: cross-host trace in the core, p99", samples[(int)(samples.Count * 0.99)], "ms"));

            // North-south through the network node: net000's router with its gateway on an external network, a floating IP on the VM.
            var external = await networkService.CreateAsync(new NetworkSpec(admin, "public") { External = true, Provider = new Core.Segmentation.Segment("flat", "physnet1") });
            await subnets.CreateAsync(new SubnetSpec(external.Id, "172.24.0.0/16") { EnableDhcp = false });
            var routers = services.GetRequiredService<Core.Routers.RouterService>();
            var router = await routers.CreateAsync(new Core.Routers.RouterSpec(admin, "bench-router") { ExternalGateway = new Core.Routers.GatewayInfo(external.Id) });
            await routers.AddInterfaceAsync(router.Id, (await subnets.ListAsync(networkIds[0])).Single().Id);
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
                figures.Add(new(label, northSouth.Average(), "ms", Max: 5));
            }
            var probe = first.First(p => p.Id != a.Id && p.Id != b.Id);
            SqliteConnection.ClearAllPools();
            return (probe.Id, networkIds[0], a.Id, b.Id);
        }
    }

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
