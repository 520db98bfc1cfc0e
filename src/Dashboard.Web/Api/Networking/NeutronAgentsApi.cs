using System.Text.Json.Nodes;
using Dashboard.Core.Agents;
using Dashboard.Core.Extensions;
using static Dashboard.Web.Api.Networking.NeutronActionsApi;

namespace Dashboard.Web.Api.Networking;

/// <summary><c>agent</c>, <c>l3_agent_scheduler</c> and <c>dhcp_agent_scheduler</c>: agents, and which of them host which routers and networks.</summary>
public static class NeutronAgentsApi
{
    public static void MapNeutronAgents(this RouteGroupBuilder v2)
    {
        v2.MapGet("/agents", (HttpContext c, AgentService agents) => NeutronApi.Run(c, async (caller, ct) =>
        {
            // As neutron-server: the list is never refused; it holds the agents get_agent lets the caller see (none, for a member).
            var mayGet = c.RequestServices.GetRequiredService<Dashboard.Core.Policies.PolicyEnforcer>().Allows(caller, "get_agent", Dashboard.Core.Policies.PolicyTarget.Of());
            var query = c.Request.Query;
            var list = (mayGet ? await agents.ListAsync(ct) : []).Where(a =>
                (query["host"].FirstOrDefault() is not { } host || a.Host == host)
                && (query["agent_type"].FirstOrDefault() is not { } type || a.AgentType == type)
                && (query["binary"].FirstOrDefault() is not { } binary || a.Binary == binary)).ToList();
            return Results.Json(new JsonObject { ["agents"] = await AgentViewsAsync(c, agents, list, ct) });
        }));
        v2.MapGet("/agents/{id}", (HttpContext c, AgentService agents, string id) => NeutronApi.Run(c, async (caller, ct) =>
        {
            Enforce(c, caller, "get_agent");
            return Results.Json(new JsonObject { ["agent"] = await AgentViewAsync(c, agents, await agents.GetAsync(id, ct), ct) });
        }));
        v2.MapPut("/agents/{id}", (HttpContext c, AgentService agents, string id) => NeutronApi.Run(c, async (caller, ct) =>
        {
            Enforce(c, caller, "update_agent");
            await agents.GetAsync(id, ct);
            var changes = AttributeProcessor.ForUpdate(AgentResources.Agents, JsonBody.Envelope(await JsonBody.ReadAsync(c.Request, ct), "agent"));
            var (up, description) = (changes.Bool("admin_state_up"), changes.Str("description"));
            var agent = await agents.UpdateAsync(id, up, description, ct);
            return Results.Json(new JsonObject { ["agent"] = await AgentViewAsync(c, agents, agent, ct) });
        }));

        // l3_agent_scheduler: which L3 agent hosts a router, and an admin moving it.
        v2.MapGet("/routers/{id}/l3-agents", (HttpContext c, AgentService agents, string id) => NeutronApi.Run(c, async (caller, ct) =>
        {
            Enforce(c, caller, "get_l3-agents");
            return Results.Json(new JsonObject { ["agents"] = await AgentViewsAsync(c, agents, await agents.L3AgentsOfRouterAsync(id, ct), ct) });
        }));
        v2.MapGet("/agents/{id}/l3-routers", (HttpContext c, AgentService agents, ResourceOperations operations, string id) => NeutronApi.Run(c, async (caller, ct) =>
        {
            Enforce(c, caller, "get_l3-routers");
            var routers = await agents.RoutersOfAgentAsync(id, ct);
            return Results.Json(new JsonObject { ["routers"] = await ViewsAsync(operations, caller, "routers", routers.Select(r => r.Id), ct) });
        }));
        v2.MapPost("/agents/{id}/l3-routers", (HttpContext c, AgentService agents, string id) => NeutronApi.Run(c, async (caller, ct) =>
        {
            Enforce(c, caller, "create_l3-router");
            await agents.AddRouterAsync(id, Body(AgentResources.L3Routers, await JsonBody.ReadAsync(c.Request, ct)).Str("router_id")!, ct);
            return ScheduledAnswer;
        }));
        v2.MapDelete("/agents/{id}/l3-routers/{routerId}", (HttpContext c, AgentService agents, string id, string routerId) => NeutronApi.Run(c, async (caller, ct) =>
        {
            Enforce(c, caller, "delete_l3-router");
            await agents.RemoveRouterAsync(id, routerId, ct);
            return Results.NoContent();
        }));

        // dhcp_agent_scheduler: which DHCP agents serve a network, and an admin moving it.
        v2.MapGet("/networks/{id}/dhcp-agents", (HttpContext c, AgentService agents, string id) => NeutronApi.Run(c, async (caller, ct) =>
        {
            Enforce(c, caller, "get_dhcp-agents");
            return Results.Json(new JsonObject { ["agents"] = await AgentViewsAsync(c, agents, await agents.DhcpAgentsOfNetworkAsync(id, ct), ct) });
        }));
        v2.MapGet("/agents/{id}/dhcp-networks", (HttpContext c, AgentService agents, ResourceOperations operations, string id) => NeutronApi.Run(c, async (caller, ct) =>
        {
            Enforce(c, caller, "get_dhcp-networks");
            return Results.Json(new JsonObject { ["networks"] = await ViewsAsync(operations, caller, "networks", await agents.NetworksOfAgentAsync(id, ct), ct) });
        }));
        v2.MapPost("/agents/{id}/dhcp-networks", (HttpContext c, AgentService agents, string id) => NeutronApi.Run(c, async (caller, ct) =>
        {
            Enforce(c, caller, "create_dhcp-network");
            await agents.AddNetworkAsync(id, Body(AgentResources.DhcpNetworks, await JsonBody.ReadAsync(c.Request, ct)).Str("network_id")!, ct);
            return ScheduledAnswer;
        }));
        v2.MapDelete("/agents/{id}/dhcp-networks/{networkId}", (HttpContext c, AgentService agents, string id, string networkId) => NeutronApi.Run(c, async (caller, ct) =>
        {
            Enforce(c, caller, "delete_dhcp-network");
            await agents.RemoveNetworkAsync(id, networkId, ct);
            return Results.NoContent();
        }));
    }

    /// <summary>Neutron answers a scheduler add with 201 and the JSON body <c>null</c>, which openstacksdk parses.</summary>
    private static IResult ScheduledAnswer => Results.Text("null", "application/json", System.Text.Encoding.UTF8, 201);

    /// <summary>One agent's view (a node of its own: an element of an array cannot be moved into another object).</summary>
    private static async Task<JsonObject> AgentViewAsync(HttpContext c, AgentService agents, AgentInfo agent, CancellationToken ct) =>
        (JsonObject)(await AgentViewsAsync(c, agents, [agent], ct))[0]!.DeepClone();

    private static async Task<JsonArray> AgentViewsAsync(HttpContext c, AgentService agents, IReadOnlyCollection<AgentInfo> list, CancellationToken ct)
    {
        var loads = await agents.LoadsAsync(list, ct);
        var realSwitch = c.RequestServices.GetRequiredService<Dashboard.Core.Ovs.RealSwitchInspector>();
        return new JsonArray(list.Select(a => (JsonNode?)NeutronViews.Agent(a, loads.GetValueOrDefault(a.Id), a.AgentType == AgentTypes.Ovs && realSwitch.Realises(a.Host))).ToArray());
    }

    /// <summary>A scheduler add's body (<c>{"router_id": ...}</c>, no envelope), checked against its attribute map.</summary>
    /// <summary>What an agent hosts (its routers, its networks), each as the caller may see it, as <c>GET /{collection}/{id}</c> shows it.</summary>
    private static async Task<JsonArray> ViewsAsync(ResourceOperations operations, Caller caller, string collection, IEnumerable<string> ids, CancellationToken ct)
    {
        var spec = operations.Resolve(collection).Spec;
        var views = new JsonArray();
        foreach (var id in ids)
        {
            views.Add(operations.Present(caller, spec, await operations.ShowAsync(caller, collection, id, ct)));
        }
        return views;
    }

    private static Dictionary<string, JsonNode?> Body(ResourceSpec spec, JsonNode body) =>
        AttributeProcessor.ForCreate(spec, Object(body));
}
