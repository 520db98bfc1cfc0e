using System.Text.Json.Nodes;
using Dashboard.Core.Agents;
using Dashboard.Core.Common;
using Dashboard.Core.Errors;
using Dashboard.Core.Extensions;
using Dashboard.Core.Hosts;
using Dashboard.Core.Networking;
using Dashboard.Core.Policies;
using Dashboard.Core.Quotas;
using Dashboard.Core.Segmentation;
using Dashboard.Web.Api.Networking.Handlers;
using Microsoft.Extensions.Options;

namespace Dashboard.Web.Api.Networking;

/// <summary>The routes beyond plain CRUD: router interfaces, tags, quotas, agents, extensions.</summary>
public static class NeutronActionsApi
{
    public static RouteGroupBuilder MapNeutronActions(this RouteGroupBuilder v2)
    {
        v2.MapPut("/routers/{id}/add_router_interface", (HttpContext c, RouterHandler routers, string id) => NeutronApi.Run(c, async (caller, ct) =>
            Results.Json(await routers.AddInterfaceAsync(caller, id, Object(await JsonBody.ReadAsync(c.Request, ct)), ct))));
        v2.MapPut("/routers/{id}/remove_router_interface", (HttpContext c, RouterHandler routers, string id) => NeutronApi.Run(c, async (caller, ct) =>
            Results.Json(await routers.RemoveInterfaceAsync(caller, id, Object(await JsonBody.ReadAsync(c.Request, ct)), ct))));

        v2.MapGet("/extensions", (HttpContext c, ExtensionRegistry registry) => NeutronApi.Run(c, (_, _) =>
            Task.FromResult(Results.Json(new JsonObject { ["extensions"] = new JsonArray(registry.Extensions.Select(e => (JsonNode?)Extension(e)).ToArray()) }))));
        v2.MapGet("/extensions/{alias}", (HttpContext c, ExtensionRegistry registry, string alias) => NeutronApi.Run(c, (_, _) =>
            Task.FromResult(registry.Find(alias) is { } e
                ? Results.Json(new JsonObject { ["extension"] = Extension(e) })
                : throw new NotFoundException("ExtensionNotFound", $"Extension with alias {alias} does not exist"))));

        MapTags(v2);
        MapQuotas(v2);
        MapAgents(v2);
        return v2;
    }

    private static void MapTags(RouteGroupBuilder v2)
    {
        v2.MapGet("/{collection}/{id}/tags", (HttpContext c, TagService tags, string collection, string id) => NeutronApi.Run(c, async (caller, ct) =>
        {
            await TaggedAsync(c, caller, collection, id, write: false, ct);
            return Results.Json(new JsonObject { ["tags"] = Strings(await tags.GetAsync(collection, id, ct)) });
        }));
        v2.MapGet("/{collection}/{id}/tags/{tag}", (HttpContext c, TagService tags, string collection, string id, string tag) => NeutronApi.Run(c, async (caller, ct) =>
        {
            await TaggedAsync(c, caller, collection, id, write: false, ct);
            return (await tags.GetAsync(collection, id, ct)).Contains(tag)
                ? Results.NoContent()
                : throw new NotFoundException("TagNotFound", $"Tag {tag} could not be found for {collection} {id}.");
        }));
        v2.MapPut("/{collection}/{id}/tags", (HttpContext c, TagService tags, string collection, string id) => NeutronApi.Run(c, async (caller, ct) =>
        {
            await TaggedAsync(c, caller, collection, id, write: true, ct);
            var body = await JsonBody.ReadAsync(c.Request, ct);
            var list = body["tags"] as JsonArray ?? throw new InvalidInputException("Invalid tags body: expected {\"tags\": [...]}", "HTTPBadRequest");
            var replaced = await tags.ReplaceAsync(collection, id, list.Select(t => t?.GetValue<string>() ?? "").ToList(), ct);
            return Results.Json(new JsonObject { ["tags"] = Strings(replaced) });
        }));
        v2.MapPut("/{collection}/{id}/tags/{tag}", (HttpContext c, TagService tags, string collection, string id, string tag) => NeutronApi.Run(c, async (caller, ct) =>
        {
            await TaggedAsync(c, caller, collection, id, write: true, ct);
            await tags.AddAsync(collection, id, tag, ct);
            return Results.StatusCode(201);
        }));
        v2.MapDelete("/{collection}/{id}/tags", (HttpContext c, TagService tags, string collection, string id) => NeutronApi.Run(c, async (caller, ct) =>
        {
            await TaggedAsync(c, caller, collection, id, write: true, ct);
            await tags.ReplaceAsync(collection, id, [], ct);
            return Results.NoContent();
        }));
        v2.MapDelete("/{collection}/{id}/tags/{tag}", (HttpContext c, TagService tags, string collection, string id, string tag) => NeutronApi.Run(c, async (caller, ct) =>
        {
            await TaggedAsync(c, caller, collection, id, write: true, ct);
            await tags.RemoveAsync(collection, id, tag, ct);
            return Results.NoContent();
        }));
    }

    private static void MapQuotas(RouteGroupBuilder v2)
    {
        v2.MapGet("/quotas", (HttpContext c, QuotaService quotas) => NeutronApi.Run(c, (caller, _) =>
        {
            Enforce(c, caller, "get_quotas");
            return Task.FromResult(Results.Json(new JsonObject { ["quotas"] = new JsonArray() }));
        }));
        v2.MapGet("/quotas/{project}", (HttpContext c, QuotaService quotas, string project) => NeutronApi.Run(c, async (caller, ct) =>
        {
            Enforce(c, caller, "get_quota", Project(project));
            return Results.Json(new JsonObject { ["quota"] = Limits(await quotas.GetAsync(project, ct)) });
        }));
        v2.MapGet("/quotas/{project}/default", (HttpContext c, QuotaService quotas, string project) => NeutronApi.Run(c, (caller, _) =>
        {
            Enforce(c, caller, "get_quota", Project(project));
            return Task.FromResult(Results.Json(new JsonObject { ["quota"] = Limits(quotas.Defaults) }));
        }));
        v2.MapGet("/quotas/{project}/details", (HttpContext c, QuotaService quotas, string project) => NeutronApi.Run(c, async (caller, ct) =>
        {
            Enforce(c, caller, "get_quota", Project(project));
            var usage = await quotas.GetUsageAsync(project, ct);
            return Results.Json(new JsonObject
            {
                ["quota"] = new JsonObject(usage.Select(u => KeyValuePair.Create(u.Key, (JsonNode?)new JsonObject { ["limit"] = u.Value.Limit, ["used"] = u.Value.Used, ["reserved"] = 0 }))),
            });
        }));
        v2.MapPut("/quotas/{project}", (HttpContext c, QuotaService quotas, string project) => NeutronApi.Run(c, async (caller, ct) =>
        {
            Enforce(c, caller, "update_quota", Project(project));
            var body = JsonBody.Envelope(await JsonBody.ReadAsync(c.Request, ct), "quota");
            var limits = new Dictionary<string, long>();
            foreach (var (resource, value) in body)
            {
                limits[resource] = value is JsonValue v && (v.TryGetValue<long>(out var n) || (v.TryGetValue<string>(out var s) && long.TryParse(s, out n)))
                    ? n
                    : throw new InvalidInputException($"'{value?.ToJsonString()}' is not an integer") { Attribute = resource };
            }
            return Results.Json(new JsonObject { ["quota"] = Limits(await quotas.SetAsync(project, limits, ct)) });
        }));
        v2.MapDelete("/quotas/{project}", (HttpContext c, QuotaService quotas, string project) => NeutronApi.Run(c, async (caller, ct) =>
        {
            Enforce(c, caller, "delete_quota", Project(project));
            await quotas.ResetAsync(project, ct);
            return Results.NoContent();
        }));
    }

    private static void MapAgents(RouteGroupBuilder v2)
    {
        v2.MapGet("/agents", (HttpContext c, AgentService agents) => NeutronApi.Run(c, async (caller, ct) =>
        {
            Enforce(c, caller, "get_agent");
            var query = c.Request.Query;
            var list = (await agents.ListAsync(ct)).Where(a =>
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
            var views = new JsonArray();
            foreach (var router in await agents.RoutersOfAgentAsync(id, ct))
            {
                views.Add(operations.Present(caller, operations.Resolve("routers").Spec, await operations.ShowAsync(caller, "routers", router.Id, ct)));
            }
            return Results.Json(new JsonObject { ["routers"] = views });
        }));
        v2.MapPost("/agents/{id}/l3-routers", (HttpContext c, AgentService agents, string id) => NeutronApi.Run(c, async (caller, ct) =>
        {
            Enforce(c, caller, "create_l3-router");
            await agents.AddRouterAsync(id, Body(AgentResources.L3Routers, await JsonBody.ReadAsync(c.Request, ct), caller).Str("router_id")!, ct);
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
            var views = new JsonArray();
            foreach (var network in await agents.NetworksOfAgentAsync(id, ct))
            {
                views.Add(operations.Present(caller, operations.Resolve("networks").Spec, await operations.ShowAsync(caller, "networks", network, ct)));
            }
            return Results.Json(new JsonObject { ["networks"] = views });
        }));
        v2.MapPost("/agents/{id}/dhcp-networks", (HttpContext c, AgentService agents, string id) => NeutronApi.Run(c, async (caller, ct) =>
        {
            Enforce(c, caller, "create_dhcp-network");
            await agents.AddNetworkAsync(id, Body(AgentResources.DhcpNetworks, await JsonBody.ReadAsync(c.Request, ct), caller).Str("network_id")!, ct);
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
    private static Dictionary<string, JsonNode?> Body(ResourceSpec spec, JsonNode body, Caller caller) =>
        AttributeProcessor.ForCreate(spec, Object(body));

    /// <summary>A tagged resource: reading its tags needs <c>get_</c> (404), changing them <c>update_</c> (403), as changing the resource does.</summary>
    private static async Task TaggedAsync(HttpContext c, Caller caller, string collection, string id, bool write, CancellationToken ct)
    {
        if (!TagService.Collections.Contains(collection))
        {
            throw new NotFoundException("HTTPNotFound", $"The resource could not be found: {collection}.");
        }
        var operations = c.RequestServices.GetRequiredService<ResourceOperations>();
        if (write)
        {
            await operations.AuthorizeActionAsync(caller, collection, id, $"update_{operations.Resolve(collection).Spec.Member}", ct);
        }
        else
        {
            await operations.ShowAsync(caller, collection, id, ct);
        }
    }

    private static JsonObject Extension(ExtensionDescriptor e) => new()
    {
        ["name"] = e.Name,
        ["alias"] = e.Alias,
        ["description"] = e.Description,
        ["updated"] = e.Updated,
        ["links"] = new JsonArray(),
    };

    private static JsonObject Limits(IReadOnlyDictionary<string, long> limits) => new(limits.Select(l => KeyValuePair.Create(l.Key, (JsonNode?)l.Value)));

    private static JsonArray Strings(IEnumerable<string> values) => new(values.Select(v => (JsonNode?)v).ToArray());

    private static JsonObject Object(JsonNode body) => body as JsonObject ?? throw new InvalidInputException("Request body must be an object", "HTTPBadRequest");

    private static void Enforce(HttpContext c, Caller caller, string rule, PolicyTarget? target = null) =>
        c.RequestServices.GetRequiredService<PolicyEnforcer>().Enforce(caller, rule, target);

    private static PolicyTarget Project(string project) => PolicyTarget.Of(("project_id", project), ("tenant_id", project));
}
