using System.Diagnostics;

namespace Dashboard.Web.Tests.Cli;

/// <summary>The real <c>openstack</c> CLI (Debian's 6.0) drives the product as it drives Neutron and Keystone.</summary>
public class OpenStackCliTests(RunningApp app) : IClassFixture<RunningApp>
{
    private OpenStackCli Admin => new(app.BaseUrl, "admin", RunningApp.AdminPassword, "admin");

    private OpenStackCli Demo => new(app.BaseUrl, "demo", RunningApp.DemoPassword, "demo");

    [Fact]
    public async Task Admin_manages_identity_provider_networks_agents_and_extensions()
    {
        OpenStackCli.RequireInstalled();
        var admin = Admin;

        var token = await admin.OkAsync("token", "issue", "-f", "json");
        Assert.False(string.IsNullOrEmpty(token.Value("id")));
        await admin.OkAsync("project", "create", "cli-proj", "-f", "json");
        await admin.OkAsync("user", "create", "cli-user", "--password", "cli-user-pw", "--project", "cli-proj", "-f", "json");
        await admin.OkAsync("role", "add", "--project", "cli-proj", "--user", "cli-user", "member");
        var newUser = new OpenStackCli(app.BaseUrl, "cli-user", "cli-user-pw", "cli-proj");
        var visible = await newUser.OkAsync("network", "list", "--internal", "-f", "json");
        Assert.True(visible.Json.AsArray().Count == 0, $"a new project sees no internal network: {visible.Out}");

        var vlan = await admin.OkAsync("network", "create", "cli-vlan", "--provider-network-type", "vlan", "--provider-physical-network", "physnet1", "--provider-segment", "555", "-f", "json");
        Assert.Equal("555", vlan.Value("provider:segmentation_id"));
        Assert.Contains("VLAN 555", await admin.FailsAsync("network", "create", "cli-vlan2", "--provider-network-type", "vlan", "--provider-physical-network", "physnet1", "--provider-segment", "555"));
        var external = await admin.OkAsync("network", "create", "cli-ext", "--external", "-f", "json");
        Assert.True(external.Json["router:external"]!.GetValue<bool>());

        var agents = (await admin.OkAsync("network", "agent", "list", "-f", "json")).Json.AsArray();
        Assert.Equal(["compute1 Open vSwitch agent", "compute2 Open vSwitch agent", "network1 DHCP agent", "network1 L3 agent", "network1 Open vSwitch agent"],
            agents.Select(a => $"{a!["Host"]!.GetValue<string>()} {a["Agent Type"]!.GetValue<string>()}").Order());
        Assert.All(agents, a => Assert.True(a!["Alive"]!.GetValue<bool>(), "each node's agent reports from start-up on"));
        var aliases = (await admin.OkAsync("extension", "list", "--network", "-f", "json")).Json.AsArray().Select(e => e!["Alias"]!.GetValue<string>()).ToList();
        Assert.Contains("router", aliases);
        Assert.Contains("provider", aliases);

        await admin.OkAsync("network", "delete", "cli-vlan", "cli-ext");
        await admin.OkAsync("token", "revoke", token.Value("id"));
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, $"{app.BaseUrl}/networking/v2.0/networks");
        request.Headers.Add("X-Auth-Token", token.Value("id"));
        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, (await http.SendAsync(request)).StatusCode);
    }

    [Fact]
    public async Task Member_builds_and_tears_down_a_network_with_subnet_port_security_group_and_router()
    {
        OpenStackCli.RequireInstalled();
        var demo = Demo;

        var network = await demo.OkAsync("network", "create", "cli-net", "-f", "json");
        Assert.Equal("ACTIVE", network.Value("status"));
        Assert.Contains("cli-net", (await demo.OkAsync("network", "list", "-f", "value", "-c", "Name")).Out);
        await demo.OkAsync("network", "set", "cli-net", "--description", "from the cli");
        Assert.Equal("from the cli", (await demo.OkAsync("network", "show", "cli-net", "-f", "json")).Value("description"));

        var subnet = await demo.OkAsync("subnet", "create", "cli-sub", "--network", "cli-net", "--subnet-range", "10.77.0.0/24", "-f", "json");
        Assert.Equal("10.77.0.1", subnet.Value("gateway_ip"));
        Assert.Equal("10.77.0.0/24", (await demo.OkAsync("subnet", "show", "cli-sub", "-f", "json")).Value("cidr"));
        Assert.Contains("not a valid IP subnet", await demo.FailsAsync("subnet", "create", "bad-sub", "--network", "cli-net", "--subnet-range", "10.78.0.0/33"));

        var port = await demo.OkAsync("port", "create", "cli-port", "--network", "cli-net", "--fixed-ip", "ip-address=10.77.0.50", "-f", "json");
        Assert.Contains("10.77.0.50", port.Value("fixed_ips"));
        await demo.OkAsync("port", "set", "cli-port", "--name", "cli-port2");
        Assert.Contains("cli-port2", (await demo.OkAsync("port", "list", "--network", "cli-net", "-f", "value", "-c", "Name")).Out);

        await demo.OkAsync("security", "group", "create", "cli-sg", "--description", "ssh", "-f", "json");
        var rule = await demo.OkAsync("security", "group", "rule", "create", "cli-sg", "--protocol", "tcp", "--dst-port", "22", "--ingress", "-f", "json");
        Assert.Equal("22", rule.Value("port_range_min"));
        Assert.Contains("22:22", (await demo.OkAsync("security", "group", "rule", "list", "cli-sg", "-f", "value")).Out);

        await demo.OkAsync("router", "create", "cli-router", "-f", "json");
        await demo.OkAsync("router", "set", "cli-router", "--external-gateway", "public");
        await demo.OkAsync("router", "add", "subnet", "cli-router", "cli-sub");
        var router = await demo.OkAsync("router", "show", "cli-router", "-f", "json");
        Assert.Contains("172.24.4.", router.Value("external_gateway_info"));
        Assert.Contains("10.77.0.1", router.Value("interfaces_info"));

        Assert.Contains("still in use", await demo.FailsAsync("network", "delete", "cli-net"));
        await demo.OkAsync("router", "remove", "subnet", "cli-router", "cli-sub");
        await demo.OkAsync("router", "delete", "cli-router");
        await demo.OkAsync("port", "delete", "cli-port2");
        await demo.OkAsync("security", "group", "rule", "delete", rule.Value("id"));
        await demo.OkAsync("security", "group", "delete", "cli-sg");
        await demo.OkAsync("subnet", "delete", "cli-sub");
        await demo.OkAsync("network", "delete", "cli-net");
        Assert.DoesNotContain("cli-net", (await demo.OkAsync("network", "list", "-f", "value", "-c", "Name")).Out);
    }

    [Fact]
    public async Task Floating_ips_and_l3_agents_work_with_the_cli_and_the_legacy_neutron_client()
    {
        OpenStackCli.RequireInstalled();
        var demo = Demo;
        var vm02 = (await demo.OkAsync("port", "list", "--fixed-ip", "ip-address=10.0.0.4", "-f", "value", "-c", "ID")).Out.Trim();

        var floating = await demo.OkAsync("floating", "ip", "create", "public", "-f", "json");
        var address = floating.Value("floating_ip_address");
        await demo.OkAsync("floating", "ip", "set", "--port", vm02, address);
        var associated = await demo.OkAsync("floating", "ip", "show", address, "-f", "json");
        Assert.Equal(("10.0.0.4", vm02), (associated.Value("fixed_ip_address"), associated.Value("port_id")));
        Assert.Contains("compute:nova", associated.Value("port_details"));
        Assert.Contains("already has a floating IP", await demo.FailsAsync("floating", "ip", "create", "public", "--port", vm02));
        await demo.OkAsync("floating", "ip", "unset", "--port", address);
        Assert.Equal("", (await demo.OkAsync("floating", "ip", "show", address, "-f", "json")).Json["port_id"]?.ToString() ?? "");
        await demo.OkAsync("floating", "ip", "delete", address);
        Assert.DoesNotContain(address, (await demo.OkAsync("floating", "ip", "list", "-f", "value")).Out);

        var admin = Admin;
        var l3 = (await admin.OkAsync("network", "agent", "list", "--router", "router1", "-f", "json")).Json.AsArray();
        Assert.Equal(("network1", "L3 agent"), (l3.Single()!["Host"]!.GetValue<string>(), l3.Single()!["Agent Type"]!.GetValue<string>()));
        var shown = await admin.OkAsync("network", "agent", "show", l3.Single()!["ID"]!.GetValue<string>(), "-f", "json");
        Assert.Equal("neutron-l3-agent", shown.Value("binary"));
        Assert.Equal("legacy", shown.Json["configuration"]!["agent_mode"]!.GetValue<string>());
        // An admin moves router1 off its L3 agent and back, as openstacksdk does it (it parses the 201's body).
        await admin.OkAsync("network", "agent", "remove", "router", "--l3", l3.Single()!["ID"]!.GetValue<string>(), "router1");
        Assert.Empty((await admin.OkAsync("network", "agent", "list", "--router", "router1", "-f", "json")).Json.AsArray());
        await admin.OkAsync("network", "agent", "add", "router", "--l3", l3.Single()!["ID"]!.GetValue<string>(), "router1");
        Assert.Single((await admin.OkAsync("network", "agent", "list", "--router", "router1", "-f", "json")).Json.AsArray());
        var dhcp = (await admin.OkAsync("network", "agent", "list", "--network", "private", "-f", "json")).Json.AsArray();
        Assert.Equal("DHCP agent", dhcp.Single()!["Agent Type"]!.GetValue<string>());

        // The legacy client: floatingip-create, and router-gateway-clear (refused while a floating IP needs the gateway, as Neutron does).
        var legacy = await demo.RunAsync(OpenStackCli.LegacyNeutron, ["floatingip-create", "public", "-f", "json"]);
        Assert.True(legacy.ExitCode == 0, legacy.Error + legacy.Out);
        var legacyId = legacy.Json["id"]!.GetValue<string>();
        var clear = await demo.RunAsync(OpenStackCli.LegacyNeutron, ["router-gateway-clear", "router1"]);
        Assert.NotEqual(0, clear.ExitCode);
        Assert.Contains("required by one or more floating IPs", clear.Error + clear.Out);
        await demo.OkAsync("router", "create", "cli-gw-router", "-f", "json");
        await demo.OkAsync("router", "set", "cli-gw-router", "--external-gateway", "public");
        var cleared = await demo.RunAsync(OpenStackCli.LegacyNeutron, ["router-gateway-clear", "cli-gw-router"]);
        Assert.True(cleared.ExitCode == 0, cleared.Error + cleared.Out);
        Assert.Equal("", (await demo.OkAsync("router", "show", "cli-gw-router", "-f", "json")).Json["external_gateway_info"]?.ToString() ?? "");
        await demo.OkAsync("router", "delete", "cli-gw-router");
        await demo.OkAsync("floating", "ip", "delete", legacyId);
    }

    [Fact]
    public async Task A_member_cannot_see_another_projects_network()
    {
        OpenStackCli.RequireInstalled();

        var error = await Demo.FailsAsync("network", "show", "alt_private");
        var names = (await Demo.OkAsync("network", "list", "-f", "value", "-c", "Name")).Out;

        Assert.Contains("alt_private", error);
        Assert.DoesNotContain("alt_private", names);
        Assert.Contains("public", names);
    }

    [Fact]
    public async Task Quotas_are_shown_set_and_enforced()
    {
        OpenStackCli.RequireInstalled();
        var admin = Admin;

        var before = (await admin.OkAsync("quota", "list", "--network", "--detail", "--project", "demo", "-f", "json")).Json.AsArray();
        Assert.Equal(100, before.Single(r => r!["Resource"]!.GetValue<string>() == "networks")!["Limit"]!.GetValue<int>());

        // OpenStack client 6.0's `quota set` builds a Nova client first and fails on a cloud without
        // compute; the same openstacksdk it uses sets the network quota directly.
        var used = before.Single(r => r!["Resource"]!.GetValue<string>() == "networks")!["In Use"]!.GetValue<int>();
        await SetNetworkQuotaAsync("demo", used);
        Assert.Contains("Quota exceeded", await Demo.FailsAsync("network", "create", "one-too-many"));
        var after = (await admin.OkAsync("quota", "list", "--network", "--detail", "--project", "demo", "-f", "json")).Json.AsArray();
        Assert.Equal(used, after.Single(r => r!["Resource"]!.GetValue<string>() == "networks")!["Limit"]!.GetValue<int>());
        await SetNetworkQuotaAsync("demo", 100);
    }

    private async Task SetNetworkQuotaAsync(string project, int networks)
    {
        var script = "import openstack, sys\n" +
            $"c = openstack.connect(auth_url='{app.BaseUrl}/identity/v3', username='admin', password='{RunningApp.AdminPassword}', project_name='admin', user_domain_name='Default', project_domain_name='Default')\n" +
            $"c.network.update_quota(c.identity.find_project('{project}', ignore_missing=False).id, networks={networks})\n";
        var info = new ProcessStartInfo("/usr/bin/python3", ["-c", script]) { RedirectStandardError = true, RedirectStandardOutput = true };
        using var process = Process.Start(info)!;
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, error);
    }
}
