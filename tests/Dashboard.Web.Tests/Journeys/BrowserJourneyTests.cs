using Dashboard.Web.Tests.Cli;
using Dashboard.Web.Tests.Journeys.Pages;
using Microsoft.Playwright;

namespace Dashboard.Web.Tests.Journeys;

/// <summary>Journeys in Debian's real Chromium against the product running as its own process.</summary>
public class BrowserJourneyTests(RunningApp app, Xunit.Abstractions.ITestOutputHelper output) : IClassFixture<RunningApp>, IAsyncLifetime
{
    public const string Chromium = "/usr/bin/chromium";
    public static readonly string Artifacts = Path.Combine(DashboardFactory.RepositoryRoot, "artifacts", "screenshots");

    private IPlaywright _playwright = null!;
    private IBrowser _browser = null!;

    public async Task InitializeAsync()
    {
        if (!File.Exists(Chromium))
        {
            Assert.Fail($"{Chromium} is missing: install Debian's chromium (./test.sh does it).");
        }
        Directory.CreateDirectory(Artifacts);
        _playwright = await Playwright.CreateAsync();
        // Generous limits: the suite must pass on a busy machine (a verdict or a live update can take seconds there).
        Assertions.SetDefaultExpectTimeout(30_000);
        _browser = await _playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = Chromium,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"],
        });
    }

    public async Task DisposeAsync()
    {
        await _browser.DisposeAsync();
        _playwright.Dispose();
    }

    private async Task<IPage> SignInAsync(string user, string password, string path)
    {
        var page = await _browser.NewPageAsync(new() { ViewportSize = new() { Width = 1280, Height = 800 } });
        var browserLog = new System.Collections.Concurrent.ConcurrentQueue<string>();
        page.Console += (_, message) => browserLog.Enqueue($"console {message.Type}: {message.Text}");
        page.RequestFailed += (_, request) => browserLog.Enqueue($"request failed: {request.Method} {request.Url}: {request.Failure}");
        page.WebSocket += (_, socket) => socket.Close += (_, _) => browserLog.Enqueue($"websocket closed: {socket.Url}");
        await page.GotoAsync($"{app.BaseUrl}{path}");
        await page.GetByLabel("User Name").FillAsync(user);
        await page.GetByLabel("Password").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign In" }).ClickAsync();
        // Under CI's load (two cores, every test assembly at once) a page can be slow to finish loading: wait for the
        // navigation, then for the circuit, generously; what the tests then check keeps its own short timeouts.
        // Polled rather than Playwright's WaitForURL: once in a full run that waited on a load state after the page
        // was already there; a timeout now says where the browser is instead.
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (new Uri(page.Url).AbsolutePath != path)
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"after signing in, the browser is still at {page.Url}, not {path}");
            }
            await Task.Delay(100);
        }
        if (!await InteractiveWithinAsync(page))
        {
            // Seen once in CI in ~500 browser sign-ins: the prerendered page arrived and its circuit never started. What the
            // browser and the product said is kept in the test's output; a user reloads, and so does the test, once: a
            // page that does not become interactive after a reload either still fails.
            output.WriteLine($"circuit not interactive after 60 s at {page.Url}; reloading once. Browser: {string.Join(" | ", browserLog)}; product: {string.Join(" | ", app.Output.Where(IsProblem).TakeLast(20))}");
            await page.ReloadAsync();
            if (!await InteractiveWithinAsync(page))
            {
                throw new TimeoutException($"the circuit at {page.Url} did not become interactive, even after a reload. Browser: {string.Join(" | ", browserLog)}; product: {string.Join(" | ", app.Output.Where(IsProblem).TakeLast(20))}");
            }
        }
        return page;
    }

    private static bool IsProblem(string line) => line.Contains("fail", StringComparison.OrdinalIgnoreCase) || line.Contains("warn", StringComparison.OrdinalIgnoreCase) || line.Contains("Exception", StringComparison.Ordinal);

    private static async Task<bool> InteractiveWithinAsync(IPage page)
    {
        try
        {
            await page.WaitForSelectorAsync("#circuit-state[data-interactive=true]", new() { State = WaitForSelectorState.Attached, Timeout = 60_000 });
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
    }

    [Fact]
    public async Task Member_creates_a_network_with_a_subnet_through_the_three_step_dialog()
    {
        var networks = new NetworksPage(await SignInAsync("demo", RunningApp.DemoPassword, NetworksPage.Path), app.BaseUrl);
        await Assertions.Expect(networks.Cell("private")).ToBeVisibleAsync();
        await networks.Page.ScreenshotAsync(new() { Path = Path.Combine(Artifacts, "project-networks.png") });

        var create = await networks.StartCreateNetworkAsync("web-net");
        await create.SubnetAsync("web-sub", "10.66.0.0/33");
        await Assertions.Expect(create.Dialog.GetByText("is not a valid IP subnet")).ToBeVisibleAsync();
        await create.CidrAsync("10.66.0.0/24");
        await create.NextAsync();
        await create.DnsServersAsync("8.8.8.8");
        await Assertions.Expect(create.CurrentStep).ToHaveTextAsync("Subnet Details");
        await networks.Page.ScreenshotAsync(new() { Path = Path.Combine(Artifacts, "create-network-dialog.png") });
        await create.CreateAsync();

        await Assertions.Expect(networks.Cell("web-net")).ToBeVisibleAsync();
        await Assertions.Expect(networks.Page.GetByText("web-sub 10.66.0.0/24")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task Deleting_a_network_in_use_shows_why()
    {
        var networks = new NetworksPage(await SignInAsync("demo", RunningApp.DemoPassword, NetworksPage.Path), app.BaseUrl);
        await Assertions.Expect(networks.Cell("private")).ToBeVisibleAsync();

        await networks.DeleteAsync("private");

        await Assertions.Expect(networks.Page.GetByText("There are one or more ports still in use on the network")).ToBeVisibleAsync();
        await Assertions.Expect(networks.Cell("private")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task Overview_shows_the_projects_quota_usage()
    {
        using var http = new HttpClient { BaseAddress = new Uri(app.BaseUrl) };
        var api = await Api.ApiSession.LoginAsync(http, "demo", RunningApp.DemoPassword, "demo");
        var used = (await api.GetAsync($"/networking/v2.0/quotas/{api.ProjectId}/details")).Body!["quota"]!["network"]!["used"]!.GetValue<int>();

        var overview = new OverviewPage(await SignInAsync("demo", RunningApp.DemoPassword, OverviewPage.Path), app.BaseUrl);

        await Assertions.Expect(overview.Quota("network")).ToContainTextAsync($"Used {used} of 100");
        await overview.Page.ScreenshotAsync(new() { Path = Path.Combine(Artifacts, "project-overview.png") });
    }

    [Fact]
    public async Task A_member_cannot_open_another_projects_network_by_url()
    {
        var altNetwork = await app.IdAsync("alt_demo", RunningApp.DemoPassword, "alt_demo", "networks", "alt_private");
        var network = new NetworkDetailPage(await SignInAsync("demo", RunningApp.DemoPassword, NetworksPage.Path), app.BaseUrl);

        await network.GoToAsync(NetworkDetailPage.PathOf(altNetwork));

        await Assertions.Expect(network.NotFound).ToBeVisibleAsync();
        await Assertions.Expect(network.Page.GetByText("alt_private")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task Network_detail_shows_provider_attributes_to_admins_only_and_adds_a_port()
    {
        var privateId = await app.IdAsync("demo", RunningApp.DemoPassword, "demo", "networks", "private");
        var admin = new NetworkDetailPage(await SignInAsync("admin", RunningApp.AdminPassword, NetworkDetailPage.PathOf(privateId)), app.BaseUrl);
        await Assertions.Expect(admin.ProviderType).ToHaveTextAsync("vlan");
        await Assertions.Expect(admin.SegmentationId).ToHaveTextAsync("1000");

        var member = new NetworkDetailPage(await SignInAsync("demo", RunningApp.DemoPassword, NetworkDetailPage.PathOf(privateId)), app.BaseUrl);
        await Assertions.Expect(member.Page.GetByText("MTU")).ToBeVisibleAsync();
        await Assertions.Expect(member.ProviderType).ToHaveCountAsync(0);
        await member.CreatePortAsync("web-port", "10.0.0.250");

        await Assertions.Expect(member.Cell("web-port")).ToBeVisibleAsync();
        await Assertions.Expect(member.Cell("10.0.0.250")).ToBeVisibleAsync();
        await member.Page.ScreenshotAsync(new() { Path = Path.Combine(Artifacts, "network-detail-ports.png") });
    }

    [Fact]
    public async Task Member_creates_a_router_sets_its_gateway_to_public_and_adds_an_interface()
    {
        await app.CreateNetworkAsync("demo", RunningApp.DemoPassword, "demo", "rnet", "10.88.0.0/24");
        var routers = new RoutersPage(await SignInAsync("demo", RunningApp.DemoPassword, RoutersPage.Path), app.BaseUrl);

        await routers.CreateAsync("web-router");
        await routers.SetGatewayAsync("web-router", "public");
        await Assertions.Expect(routers.Row("web-router").GetByRole(AriaRole.Cell, new() { Name = "public", Exact = true })).ToBeVisibleAsync();

        var router = await routers.OpenRouterAsync("web-router");
        await router.AddInterfaceAsync("rnet: 10.88.0.0/24 (rnet-subnet)");
        await Assertions.Expect(router.Cell("10.88.0.1")).ToBeVisibleAsync();
        await router.Page.ScreenshotAsync(new() { Path = Path.Combine(Artifacts, "router-interfaces.png") });

        await router.AddStaticRouteAsync("192.168.77.0/24", "10.88.0.99");
        await Assertions.Expect(router.Cell("192.168.77.0/24")).ToBeVisibleAsync();
        await Assertions.Expect(router.Cell("10.88.0.99")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task Member_creates_a_security_group_with_an_ssh_rule_from_the_preset()
    {
        var groups = new SecurityGroupsPage(await SignInAsync("demo", RunningApp.DemoPassword, SecurityGroupsPage.Path), app.BaseUrl);
        await groups.CreateAsync("web-sg");
        var rules = await groups.ManageRulesAsync("web-sg");

        var summary = await rules.AddPresetRuleAsync("SSH", Path.Combine(Artifacts, "add-rule-ssh.png"));

        Assert.Equal("Opens TCP port 22.", summary);
        var ssh = rules.Row("TCP");
        await Assertions.Expect(ssh.GetByRole(AriaRole.Cell, new() { Name = "22", Exact = true })).ToBeVisibleAsync();
        await Assertions.Expect(ssh.GetByRole(AriaRole.Cell, new() { Name = "Ingress", Exact = true })).ToBeVisibleAsync();
        await Assertions.Expect(ssh.GetByRole(AriaRole.Cell, new() { Name = "0.0.0.0/0", Exact = true })).ToBeVisibleAsync();
    }

    [Fact]
    public async Task Member_launches_an_instance_and_its_port_is_wired_on_a_host()
    {
        var instances = new InstancesPage(await SignInAsync("demo", RunningApp.DemoPassword, InstancesPage.Path), app.BaseUrl);
        var page = instances.Page;

        await instances.LaunchAsync("web-vm", "private");

        var row = instances.Row("web-vm");
        await Assertions.Expect(row).ToContainTextAsync("ACTIVE"); // wired on a host...
        await Assertions.Expect(row).ToContainTextAsync("10.0.0.");
        await Assertions.Expect(row).Not.ToContainTextAsync("compute"); // ...which a tenant is not shown (Nova's default policy)
        await page.ScreenshotAsync(new() { Path = Path.Combine(Artifacts, "project-instances.png") });
    }

    [Fact]
    public async Task Escape_closes_a_dialog_and_a_segmentation_id_out_of_range_is_refused_beside_its_field_never_clamped()
    {
        var networks = new AdminNetworksPage(await SignInAsync("admin", RunningApp.AdminPassword, AdminNetworksPage.Path), app.BaseUrl);
        var dialog = networks.Dialog;

        await networks.OpenCreateAsync("never-created"); // as a user does: in the dialog, then changes their mind
        await networks.EscapeAsync(dialog.GetByLabel("Name"));

        await networks.CreateVlanNetworkAsync("too-big-5000", "demo", "5000");

        // The value stays as typed, and the reason is given under the field (not clamped to 4094 and created).
        await Assertions.Expect(dialog.GetByText("out of range (1 through 4094)")).ToBeVisibleAsync();
        await Assertions.Expect(dialog.GetByLabel("Segmentation ID")).ToHaveValueAsync("5000");
        await networks.EscapeAsync(dialog.GetByLabel("Segmentation ID"));
        await Assertions.Expect(networks.Row("too-big-5000")).ToHaveCountAsync(0);
        await Assertions.Expect(networks.Row("never-created")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task Admin_creates_a_vlan_provider_network_and_sees_it_on_the_segmentation_page()
    {
        var networks = new AdminNetworksPage(await SignInAsync("admin", RunningApp.AdminPassword, AdminNetworksPage.Path), app.BaseUrl);
        var page = networks.Page;

        await networks.CreateVlanNetworkAsync("prov-777", "demo", "777");
        await Assertions.Expect(networks.Row("prov-777")).ToContainTextAsync("vlan physnet1 777");

        var segmentation = new SegmentationPage(page, app.BaseUrl);
        await segmentation.GoToAsync(SegmentationPage.Path);
        await Assertions.Expect(segmentation.Holder("vlan", "physnet1", "prov-777")).ToContainTextAsync("777");
        await Assertions.Expect(segmentation.Holder("vlan", "physnet1", "prov-777")).ToContainTextAsync("No (provider)");
        await Assertions.Expect(segmentation.Pool("vxlan")).ToContainTextAsync("16,777,215");
        await page.ScreenshotAsync(new() { Path = Path.Combine(Artifacts, "admin-segmentation.png") });
    }

    [Fact]
    public async Task Admin_finds_ports_by_address_and_deletes_the_chosen_ones_with_the_bulk_action()
    {
        var privateId = await app.IdAsync("demo", RunningApp.DemoPassword, "demo", "networks", "private");
        using (var http = new HttpClient { BaseAddress = new Uri(app.BaseUrl) })
        {
            var demo = await Api.ApiSession.LoginAsync(http, "demo", RunningApp.DemoPassword, "demo");
            foreach (var (name, ip) in new[] { ("bulk-a", "10.0.0.231"), ("bulk-b", "10.0.0.232") })
            {
                var (status, _) = await demo.PostAsync("/networking/v2.0/ports", new System.Text.Json.Nodes.JsonObject
                {
                    ["port"] = new System.Text.Json.Nodes.JsonObject { ["network_id"] = privateId, ["name"] = name, ["fixed_ips"] = new System.Text.Json.Nodes.JsonArray(new System.Text.Json.Nodes.JsonObject { ["ip_address"] = ip }) },
                });
                Assert.Equal(System.Net.HttpStatusCode.Created, status);
            }
        }
        var ports = new AdminPortsPage(await SignInAsync("admin", RunningApp.AdminPassword, AdminPortsPage.Path), app.BaseUrl);

        await ports.FilterAsync("10.0.0.23");
        await Assertions.Expect(ports.Rows).ToHaveCountAsync(2);
        await ports.ChooseAsync("bulk-a", "bulk-b");
        await Assertions.Expect(ports.Page.Locator("[data-testid=bulk-action]")).ToContainTextAsync("(2)");
        await ports.Page.ScreenshotAsync(new() { Path = Path.Combine(Artifacts, "admin-ports-bulk.png") });
        await ports.DeleteChosenAsync();

        await Assertions.Expect(ports.Page.GetByText("Nothing matches the filter.")).ToBeVisibleAsync();
        await ports.FilterAsync("");
        await Assertions.Expect(ports.Row("compute:nova").First).ToBeVisibleAsync();
    }

    [Fact]
    public async Task Admin_creates_a_project_and_a_member_who_then_signs_in_to_it()
    {
        var identity = new IdentityPages(await SignInAsync("admin", RunningApp.AdminPassword, IdentityPages.ProjectsPath), app.BaseUrl);
        await identity.CreateProjectAsync("journey-proj");

        await identity.CreateUserAsync("journey-user", "journey-pw", "journey-proj");
        await Assertions.Expect(identity.Row("journey-user")).ToContainTextAsync("member on journey-proj");
        await identity.Page.ScreenshotAsync(new() { Path = Path.Combine(Artifacts, "identity-users.png") });

        var user = await SignInAsync("journey-user", "journey-pw", "/project/networks");
        await Assertions.Expect(user.Locator("[data-testid=project-switcher]")).ToContainTextAsync("journey-proj");
        await Assertions.Expect(user.GetByText("Admin", new() { Exact = true })).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task A_user_downloads_the_rc_file_keeps_a_dark_theme_across_sign_ins_and_changes_their_password()
    {
        // A user of the demo project of their own: the other journeys keep demo's password.
        using (var http = new HttpClient { BaseAddress = new Uri(app.BaseUrl) })
        {
            var admin = await Dashboard.Web.Tests.Api.ApiSession.LoginAsync(http, "admin", RunningApp.AdminPassword, "admin");
            var demoProject = (await admin.GetAsync("/identity/v3/projects?name=demo")).Body!["projects"]![0]!["id"]!.GetValue<string>();
            var (created, user) = await admin.PostAsync("/identity/v3/users", new System.Text.Json.Nodes.JsonObject
            {
                ["user"] = new System.Text.Json.Nodes.JsonObject { ["name"] = "journey-settings", ["password"] = "first-pw", ["default_project_id"] = demoProject },
            });
            Assert.Equal(System.Net.HttpStatusCode.Created, created);
            var member = (await admin.GetAsync("/identity/v3/roles?name=member")).Body!["roles"]![0]!["id"]!.GetValue<string>();
            Assert.Equal(System.Net.HttpStatusCode.NoContent, (await admin.SendAsync(HttpMethod.Put, $"/identity/v3/projects/{demoProject}/users/{user!["user"]!["id"]}/roles/{member}")).Status);
        }
        var access = new ApiAccessPage(await SignInAsync("journey-settings", "first-pw", ApiAccessPage.Path), app.BaseUrl);

        var download = await access.DownloadRcFileAsync();
        Assert.Equal("demo-openrc.sh", download.SuggestedFilename);
        Assert.Contains("export OS_USERNAME='journey-settings'", await File.ReadAllTextAsync(await download.PathAsync()));
        Assert.EndsWith(ApiAccessPage.Path, access.Page.Url); // a download, not a navigation

        var light = await SettingsPage.BackgroundAsync(access.Page);
        var settings = await new SettingsPage(access.Page, app.BaseUrl).OpenAsync();
        await settings.SetThemeAsync("Dark");
        Assert.NotEqual(light, await SettingsPage.BackgroundAsync(settings.Page));

        await settings.ChangePasswordAsync("first-pw", "second-pw");
        await Assertions.Expect(settings.Page.Locator("[data-testid=login-notice]")).ToHaveTextAsync("Password changed. Please log in again to continue.");
        await settings.Page.ScreenshotAsync(new() { Path = Path.Combine(Artifacts, "password-changed.png") });

        var again = await SignInAsync("journey-settings", "second-pw", NetworksPage.Path);
        Assert.NotEqual(light, await SettingsPage.BackgroundAsync(again)); // the theme followed the user to a new sign-in
    }

    [Fact]
    public async Task The_topologys_graph_view_lets_a_node_be_dragged_in_chromium()
    {
        var topology = new TopologyPage(await SignInAsync("demo", RunningApp.DemoPassword, TopologyPage.Path), app.BaseUrl);
        var router = (await topology.ShowGraphAsync()).Locator("g.router").First;
        await Assertions.Expect(router).ToBeVisibleAsync();
        var before = await router.Locator("rect").GetAttributeAsync("x");

        await topology.DragAsync(router, 80, 20);

        await Assertions.Expect(router.Locator("rect")).Not.ToHaveAttributeAsync("x", before!);
        await topology.Page.ScreenshotAsync(new() { Path = Path.Combine(Artifacts, "topology-graph.png") });
    }

    [Fact]
    public async Task At_800_px_wide_every_list_still_shows_its_status_column()
    {
        var list = new ListPage(await SignInAsync("admin", RunningApp.AdminPassword, "/admin/ports"), app.BaseUrl);
        var page = list.Page;
        await page.SetViewportSizeAsync(800, 900);
        var cut = new List<string>();
        foreach (var path in new[] { "/admin/ports", "/admin/networks", "/admin/routers", "/admin/floating-ips", "/project/networks", "/project/routers", "/project/floating-ips", "/project/instances" })
        {
            await list.GoToAsync(path);
            var right = await list.StatusColumnRightAsync();
            if (right > 800)
            {
                cut.Add($"{path}: the Status column ends at {right:0.0} px");
            }
        }
        await page.ScreenshotAsync(new() { Path = Path.Combine(Artifacts, "instances-800px.png") });

        // A full page of ports (its scroll bar takes width) with a long unbroken value (a name, an IPv6 address, a project's ID)
        // still shows the status: CI once had Admin > Ports' status pushed out by a fraction of a pixel in a whole run.
        // On a network of their own, deleted after: the app is shared with the other journeys (a network's port list pages at 20).
        await app.CreateNetworkAsync("demo", RunningApp.DemoPassword, "demo", "fill-800", "10.80.8.0/24");
        using var http = new HttpClient { BaseAddress = new Uri(app.BaseUrl) };
        var demo = await Api.ApiSession.LoginAsync(http, "demo", RunningApp.DemoPassword, "demo");
        var fillId = await demo.IdOfAsync("networks", "fill-800");
        foreach (var name in Enumerable.Range(0, 20).Select(i => i == 0 ? "a-port-named-with-one-long-unbroken-word-0123456789abcdef" : $"narrow-{i:00}"))
        {
            var (status, _) = await demo.PostAsync("/networking/v2.0/ports", new System.Text.Json.Nodes.JsonObject
            {
                ["port"] = new System.Text.Json.Nodes.JsonObject { ["network_id"] = fillId, ["name"] = name },
            });
            Assert.Equal(System.Net.HttpStatusCode.Created, status);
        }
        await list.GoToAsync("/admin/ports");
        if (await list.StatusColumnRightAsync() is var full && full > 800)
        {
            cut.Add($"/admin/ports, a full page: the Status column ends at {full:0.0} px");
        }
        foreach (var port in (await demo.GetAsync($"/networking/v2.0/ports?network_id={fillId}")).Body!["ports"]!.AsArray())
        {
            await demo.DeleteAsync($"/networking/v2.0/ports/{port!["id"]}");
        }
        await demo.DeleteAsync($"/networking/v2.0/networks/{fillId}");
        Assert.True(cut.Count == 0, string.Join("; ", cut));
    }

    [Fact]
    public async Task Admin_sees_compute_nodes_with_live_agents_and_each_hosts_wiring()
    {
        var nodes = new ComputeNodesPage(await SignInAsync("admin", RunningApp.AdminPassword, ComputeNodesPage.Path), app.BaseUrl);
        var page = nodes.Page;
        await Assertions.Expect(nodes.Host("compute1")).ToContainTextAsync("physnet1:br-eth1");
        await Assertions.Expect(nodes.Host("compute1")).ToContainTextAsync("Yes");

        await nodes.OpenHostAsync("compute1");

        var brInt = nodes.Bridge("br-int");
        await Assertions.Expect(brInt).ToContainTextAsync("int-br-eth1");
        await Assertions.Expect(brInt.GetByRole(AriaRole.Row).Filter(new() { HasText = "qvo" }).First).ToContainTextAsync("Vif");
        await Assertions.Expect(nodes.Bridge("br-eth1")).ToContainTextAsync("phy-br-eth1");
        await Assertions.Expect(nodes.Bridge("br-eth1")).ToContainTextAsync("eth1");
        var vm01 = nodes.Row("VM01");
        await Assertions.Expect(vm01).ToContainTextAsync("tap");
        await Assertions.Expect(vm01).ToContainTextAsync("qbr");
        await Assertions.Expect(vm01).ToContainTextAsync("vlan 1000");
        await page.ScreenshotAsync(new() { Path = Path.Combine(Artifacts, "compute-node.png") });
    }

    [Fact]
    public async Task Admin_manages_credentials_on_the_page_generated_from_the_attribute_map()
    {
        var page = await SignInAsync("admin", RunningApp.AdminPassword, "/admin/extensions");
        var row = page.GetByRole(AriaRole.Row).Filter(new() { HasText = "Credential include username and password" });
        await row.GetByRole(AriaRole.Link, new() { Name = "credentials" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Columnheader, new() { Name = "credential_name" })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Columnheader, new() { Name = "password" })).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator("#circuit-state")).ToHaveAttributeAsync("data-interactive", "true");

        await page.GetByRole(AriaRole.Button, new() { Name = "Create credential" }).ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog);
        await dialog.GetByLabel("credential_name").FillAsync("switch-1");
        await dialog.GetByLabel("user_name").FillAsync("netops");
        await Assertions.Expect(dialog.GetByLabel("password")).ToHaveAttributeAsync("type", "password");
        await dialog.GetByLabel("password").FillAsync("Sup3r-s3cret-pw");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Create" }).ClickAsync();

        var created = page.GetByRole(AriaRole.Row).Filter(new() { HasText = "switch-1" });
        await Assertions.Expect(created).ToContainTextAsync("netops");
        await Assertions.Expect(page.GetByText("Sup3r-s3cret-pw")).ToHaveCountAsync(0);
        await page.ScreenshotAsync(new() { Path = Path.Combine(Artifacts, "admin-extension-credentials.png") });
    }

    [Fact]
    public async Task The_dark_theme_switches_the_palette()
    {
        var page = await SignInAsync("demo", RunningApp.DemoPassword, "/project/networks");
        var light = await page.EvaluateAsync<string>("getComputedStyle(document.body).backgroundColor");

        await page.GetByRole(AriaRole.Button, new() { Name = "Toggle dark mode" }).ClickAsync();

        await Assertions.Expect(page.Locator("body")).Not.ToHaveCSSAsync("background-color", light);
        await Assertions.Expect(page.GetByRole(AriaRole.Cell, new() { Name = "private", Exact = true })).ToBeVisibleAsync();
        await page.ScreenshotAsync(new() { Path = Path.Combine(Artifacts, "project-networks-dark.png") });
    }

    [Fact]
    public async Task Stopping_an_agent_in_the_ui_takes_its_ports_down_live_on_an_open_page_and_starting_it_brings_them_back()
    {
        var privateId = await app.IdAsync("demo", RunningApp.DemoPassword, "demo", "networks", "private");
        var member = new NetworkDetailPage(await SignInAsync("demo", RunningApp.DemoPassword, NetworkDetailPage.PathOf(privateId)), app.BaseUrl);
        await member.ShowPortsAsync();
        var vmPorts = member.InstancePorts;
        await Assertions.Expect(vmPorts.First).ToContainTextAsync("ACTIVE");

        var admin = new ComputeNodesPage(await SignInAsync("admin", RunningApp.AdminPassword, ComputeNodesPage.Path), app.BaseUrl);
        await admin.StopAgentAsync("compute2");

        // compute2 holds VM05's port on this network: it goes DOWN on the open page, without a reload.
        await Assertions.Expect(vmPorts.Filter(new() { HasText = "DOWN" })).ToHaveCountAsync(1);
        await member.Page.ScreenshotAsync(new() { Path = Path.Combine(Artifacts, "ports-agent-down.png") });
        await admin.StartAgentAsync("compute2");
        await Assertions.Expect(vmPorts.Filter(new() { HasText = "DOWN" })).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task The_topology_follows_changes_made_through_the_api_and_a_stopped_agent_without_a_reload()
    {
        var member = new TopologyPage(await SignInAsync("demo", RunningApp.DemoPassword, TopologyPage.Path), app.BaseUrl);
        var vm02 = member.Instance("VM02");
        var vm05 = member.Instance("VM05");
        await Assertions.Expect(vm02).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("st-active"));
        var instance = await member.InstanceIdAsync("VM02");
        using var http = new HttpClient { BaseAddress = new Uri(app.BaseUrl) };
        var api = await Api.ApiSession.LoginAsync(http, "demo", RunningApp.DemoPassword, "demo");
        var port = (await api.GetAsync($"/networking/v2.0/ports?device_id={instance}")).Body!["ports"]![0]!["id"]!.GetValue<string>();

        await api.PutAsync($"/networking/v2.0/ports/{port}", new System.Text.Json.Nodes.JsonObject { ["port"] = new System.Text.Json.Nodes.JsonObject { ["admin_state_up"] = false } });
        await Assertions.Expect(vm02).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("st-admin-down"));
        await member.Page.ScreenshotAsync(new() { Path = Path.Combine(Artifacts, "network-topology.png") });
        await api.PutAsync($"/networking/v2.0/ports/{port}", new System.Text.Json.Nodes.JsonObject { ["port"] = new System.Text.Json.Nodes.JsonObject { ["admin_state_up"] = true } });
        await Assertions.Expect(vm02).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("st-active"));

        var admin = new ComputeNodesPage(await SignInAsync("admin", RunningApp.AdminPassword, ComputeNodesPage.Path), app.BaseUrl);
        await admin.StopAgentAsync("compute2");
        await Assertions.Expect(vm05).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("st-down"));
        await Assertions.Expect(admin.PhysicalNode("compute2/VM05")).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("st-down"));
        await admin.StartAgentAsync("compute2");
        await Assertions.Expect(vm05).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("st-active"));
    }

    [Fact]
    public async Task Admin_traces_VM01_to_VM05_and_sees_the_path_highlighted_on_the_physical_topology()
    {
        var tracer = new PacketTracerPage(await SignInAsync("admin", RunningApp.AdminPassword, PacketTracerPage.Path), app.BaseUrl);
        await tracer.TraceAsync("VM01", "VM05");

        await Assertions.Expect(tracer.Verdict).ToContainTextAsync("Delivered");
        await Assertions.Expect(tracer.Hops).ToContainTextAsync("eth1 -> eth1");
        await Assertions.Expect(tracer.Marked("hl", "wire/physnet1")).ToHaveCountAsync(1);
        await Assertions.Expect(tracer.Marked("hl", "compute1/VM01")).ToHaveCountAsync(1);
        await Assertions.Expect(tracer.Marked("hl", "compute2/VM05")).ToHaveCountAsync(1);
        await Assertions.Expect(tracer.Marked("dim", "compute1/VM02")).ToHaveCountAsync(1);
        await tracer.Page.ScreenshotAsync(new() { Path = Path.Combine(Artifacts, "packet-tracer.png"), FullPage = true });
    }

    [Fact]
    public async Task Member_allocates_a_floating_ip_associates_it_with_VM01_sees_it_on_the_topology_and_admin_traces_to_it_from_outside()
    {
        var member = new FloatingIpsPage(await SignInAsync("demo", RunningApp.DemoPassword, FloatingIpsPage.Path), app.BaseUrl);
        await Assertions.Expect(member.QuotaUsage).ToContainTextAsync("of 50 used");
        var address = await member.AllocateAsync();
        await member.AssociateAsync(address, "VM01: 10.0.0.3");

        var row = member.Row(address);
        await Assertions.Expect(row).ToContainTextAsync("VM01 10.0.0.3");
        await Assertions.Expect(row).ToContainTextAsync("ACTIVE");
        await member.Page.ScreenshotAsync(new() { Path = Path.Combine(Artifacts, "floating-ips.png") });
        var topology = new TopologyPage(member.Page, app.BaseUrl);
        await topology.GoToAsync(TopologyPage.Path);
        await Assertions.Expect(topology.Diagram).ToContainTextAsync($"{address} (floating)");

        var admin = new PacketTracerPage(await SignInAsync("admin", RunningApp.AdminPassword, PacketTracerPage.Path), app.BaseUrl);
        await admin.TraceFromOutsideAsync(address);

        // In from the outside, DNATed on network1, across the wire to compute1, where VM01's default group decides.
        await Assertions.Expect(admin.Hops).ToContainTextAsync($"DNAT {address} -> 10.0.0.3");
        await Assertions.Expect(admin.Hops).ToContainTextAsync("network1 -> compute1");
        await Assertions.Expect(admin.Verdict).ToContainTextAsync("security group");
        // The path on the physical view: router1's namespace on network1, and VM01's firewall bridge on compute1 where it stopped.
        await Assertions.Expect(admin.Marked("hl", "network1/qrouter-", "g.namespace", prefix: true)).ToHaveCountAsync(1);
        await Assertions.Expect(admin.Marked("hl", "compute1/qbr", "g.linuxbridge", prefix: true)).ToHaveCountAsync(1);
        await admin.Page.ScreenshotAsync(new() { Path = Path.Combine(Artifacts, "trace-from-outside.png"), FullPage = true });
    }

    [Fact]
    public async Task Stopping_the_l3_agent_takes_router_ports_and_floating_ips_down_live_and_starting_it_brings_them_back()
    {
        var member = new FloatingIpsPage(await SignInAsync("demo", RunningApp.DemoPassword, FloatingIpsPage.Path), app.BaseUrl);
        var vm05 = member.Row("VM05");
        await Assertions.Expect(vm05).ToContainTextAsync("ACTIVE");
        var routerId = await app.IdAsync("demo", RunningApp.DemoPassword, "demo", "routers", "router1");

        var admin = new NetworkAgentsPage(await SignInAsync("admin", RunningApp.AdminPassword, NetworkAgentsPage.Path), app.BaseUrl);
        await Assertions.Expect(admin.State("network1", "neutron-l3-agent")).ToContainTextAsync("Up");
        await Assertions.Expect(admin.RoutersOn("network1").Filter(new() { HasText = "router1" })).ToHaveCountAsync(1);
        await admin.StopAsync("neutron-l3-agent", "network1");
        var start = admin.StartButton("neutron-l3-agent", "network1");
        try
        {
            await Assertions.Expect(vm05).ToContainTextAsync("DOWN");
            await Assertions.Expect(admin.State("network1", "neutron-l3-agent")).ToContainTextAsync("Down");
            var router = new RouterPage(await SignInAsync("demo", RunningApp.DemoPassword, RouterPage.PathOf(routerId)), app.BaseUrl);
            await router.ShowInterfacesAsync();
            var routerInterface = router.Row("network:router_interface");
            await Assertions.Expect(routerInterface).ToContainTextAsync("DOWN");
            await admin.Page.ScreenshotAsync(new() { Path = Path.Combine(Artifacts, "network-agents-l3-stopped.png"), FullPage = true });
            await start.ClickAsync();
            await Assertions.Expect(vm05).ToContainTextAsync("ACTIVE");
            await Assertions.Expect(routerInterface).ToContainTextAsync("ACTIVE");
        }
        finally
        {
            // The other journeys share this product: never leave its L3 agent stopped.
            if (await start.CountAsync() > 0)
            {
                await start.ClickAsync();
            }
        }
    }

    public static TheoryData<string, string> MainPages => new()
    {
        { "/project/overview", "Overview" }, { "/project/network-topology", "Network Topology" }, { "/project/networks", "Networks" }, { "/project/routers", "Routers" },
        { "/project/security-groups", "Security Groups" }, { "/project/instances", "Instances" }, { "/project/floating-ips", "Floating IPs" },
        { "/admin/overview", "Cloud overview" }, { "/admin/networks", "Networks" }, { "/admin/routers", "Routers" }, { "/admin/ports", "Ports" },
        { "/admin/compute-nodes", "Compute Nodes" }, { "/admin/port-status", "Port Status" }, { "/admin/packet-tracer", "Packet Tracer" }, { "/admin/segmentation", "Segmentation" },
        { "/admin/extensions", "Extensions" }, { "/admin/floating-ips", "Floating IPs" }, { "/admin/network-agents", "Network Agents" }, { "/identity/projects", "Projects" }, { "/identity/users", "Users" },
    };

    [Theory]
    [MemberData(nameof(MainPages))]
    public async Task Every_main_page_renders_for_an_admin_and_is_saved_as_a_screenshot(string path, string heading)
    {
        var page = await SignInAsync("admin", RunningApp.AdminPassword, path);

        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = heading, Exact = true })).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("[data-testid=cloud]")).ToHaveTextAsync("Demo cloud · RegionOne"); // the root appsettings.json's Cloud
        await Assertions.Expect(page.Locator("[data-testid=friendly-error]")).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator("#blazor-error-ui")).ToBeHiddenAsync();
        await page.ScreenshotAsync(new() { Path = Path.Combine(Artifacts, $"page{path.Replace('/', '-')}.png") });
    }
}
