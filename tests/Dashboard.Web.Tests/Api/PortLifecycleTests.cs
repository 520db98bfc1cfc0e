using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using Dashboard.Core.Agents;
using Microsoft.Extensions.DependencyInjection;

namespace Dashboard.Web.Tests.Api;

/// <summary>A port's life cycle with the in-process agents: DOWN, BUILD once bound, ACTIVE once wired, DOWN while its agent is dead.</summary>
public class PortLifecycleTests
{
    private static async Task<string> StatusWhenAsync(ApiSession admin, string portId, string wanted)
    {
        var watch = Stopwatch.StartNew();
        string status;
        do
        {
            status = (await admin.GetAsync($"/networking/v2.0/ports/{portId}")).Body!["port"]!["status"]!.GetValue<string>();
            if (status == wanted)
            {
                break;
            }
            await Task.Delay(50);
        }
        while (watch.Elapsed < TimeSpan.FromSeconds(10));
        return status;
    }

    [Fact]
    public async Task A_bound_port_is_wired_active_goes_down_with_its_agent_and_comes_back()
    {
        await using var factory = new DashboardFactory();
        factory.Settings["Agent:ProcessingDelayMilliseconds"] = "50";
        var admin = await ApiSession.LoginAsync(factory.CreateClient(), "admin", "web-test-admin", "admin");
        var privateId = await admin.IdOfAsync("networks", "private");
        var agents = factory.Services.GetRequiredService<SimulatedAgents>();

        var (status, created) = await admin.PostAsync("/networking/v2.0/ports", new JsonObject { ["port"] = new JsonObject { ["network_id"] = privateId, ["binding:host_id"] = "compute2" } });
        var portId = created!["port"]!["id"]!.GetValue<string>();
        var unbound = await admin.PostAsync("/networking/v2.0/ports", new JsonObject { ["port"] = new JsonObject { ["network_id"] = privateId } });

        Assert.Equal(HttpStatusCode.Created, status);
        Assert.Equal("BUILD", created["port"]!["status"]!.GetValue<string>());
        Assert.Equal("ACTIVE", await StatusWhenAsync(admin, portId, "ACTIVE"));
        Assert.Equal("DOWN", unbound.Body!["port"]!["status"]!.GetValue<string>());

        await agents.StopAgentAsync("compute2");
        Assert.Equal("DOWN", await StatusWhenAsync(admin, portId, "DOWN"));
        var (_, agentList) = await admin.GetAsync("/networking/v2.0/agents?host=compute2");
        Assert.False(agentList!["agents"]![0]!["alive"]!.GetValue<bool>());
        var seed = (await admin.GetAsync("/networking/v2.0/ports?binding:host_id=compute1")).Body!["ports"]!.AsArray();
        Assert.All(seed, p => Assert.Equal("ACTIVE", p!["status"]!.GetValue<string>()));

        await agents.StartAgentAsync("compute2");
        Assert.Equal("ACTIVE", await StatusWhenAsync(admin, portId, "ACTIVE"));
    }
}
