using System.Net;
using Dashboard.Core.Agents;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;

namespace Dashboard.Web.Tests.Api;

public class AgentTests
{
    [Fact]
    public async Task Agents_are_alive_while_their_last_report_is_younger_than_agent_down_time_admin_down_or_not()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var factory = new DashboardFactory();
        factory.Settings["Agent:ReportIntervalSeconds"] = "3600";
        var app = factory.WithWebHostBuilder(b => b.ConfigureServices(s => s.Replace(ServiceDescriptor.Singleton<TimeProvider>(clock))));
        var admin = await ApiSession.LoginAsync(app.CreateClient(), "admin", "web-test-admin", "admin");
        var heartbeats = app.Services.GetRequiredService<AgentHeartbeats>();
        var nodes = app.Services.GetRequiredService<Dashboard.Core.Hosts.ComputeNodeService>();
        await nodes.SetEnabledAsync("compute2", false);

        await heartbeats.ReportAsync();
        var fresh = await AliveAsync(admin);
        clock.Advance(TimeSpan.FromSeconds(76));
        var stale = await AliveAsync(admin);
        await heartbeats.ReportAsync();
        var reported = await AliveAsync(admin);

        Assert.Equal((true, true, true), (fresh["compute1"], fresh["compute2"], fresh["network1 neutron-l3-agent"]));
        Assert.Equal((false, false, false), (stale["compute1"], stale["compute2"], stale["network1 neutron-l3-agent"]));
        Assert.Equal((true, true, true), (reported["compute1"], reported["compute2"], reported["network1 neutron-l3-agent"]));
        var (_, agents) = await admin.GetAsync("/networking/v2.0/agents?host=compute2");
        Assert.False(agents!["agents"]![0]!["admin_state_up"]!.GetValue<bool>());
    }

    private static async Task<Dictionary<string, bool>> AliveAsync(ApiSession admin)
    {
        var (status, body) = await admin.GetAsync("/networking/v2.0/agents");
        Assert.Equal(HttpStatusCode.OK, status);
        return body!["agents"]!.AsArray().ToDictionary(a => $"{a!["host"]!.GetValue<string>()}{(a["binary"]!.GetValue<string>() == "neutron-openvswitch-agent" ? "" : " " + a["binary"])}", a => a!["alive"]!.GetValue<bool>());
    }
}
