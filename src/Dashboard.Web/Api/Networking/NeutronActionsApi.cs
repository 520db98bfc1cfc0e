using System.Text.Json.Nodes;
using Dashboard.Core.Agents;
using Dashboard.Core.Common;
using Dashboard.Core.Errors;
using Dashboard.Core.Extensions;
using Dashboard.Core.Hosts;
using Dashboard.Core.Networking;
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
        v2.MapPut("/routers/{id}/add_router_interface", (HttpContext c, RouterHandler routers, string id) => NeutronApi.Run(c, write: true, async (caller, ct) =>
            Results.Json(await routers.AddInterfaceAsync(caller, id, Object(await JsonBody.ReadAsync(c.Request, ct)), ct))));
        v2.MapPut("/routers/{id}/remove_router_interface", (HttpContext c, RouterHandler routers, string id) => NeutronApi.Run(c, write: true, async (caller, ct) =>
            Results.Json(await routers.RemoveInterfaceAsync(caller, id, Object(await JsonBody.ReadAsync(c.Request, ct)), ct))));

        v2.MapGet("/extensions", (HttpContext c, ExtensionRegistry registry) => NeutronApi.Run(c, write: false, (_, _) =>
            Task.FromResult(Results.Json(new JsonObject { ["extensions"] = new JsonArray(registry.Extensions.Select(e => (JsonNode?)Extension(e)).ToArray()) }))));
        v2.MapGet("/extensions/{alias}", (HttpContext c, ExtensionRegistry registry, string alias) => NeutronApi.Run(c, write: false, (_, _) =>
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
        v2.MapGet("/{collection}/{id}/tags", (HttpContext c, TagService tags, string collection, string id) => NeutronApi.Run(c, write: false, async (caller, ct) =>
        {
            await VisibleAsync(c, caller, collection, id, write: false, ct);
            return Results.Json(new JsonObject { ["tags"] = Strings(await tags.GetAsync(collection, id, ct)) });
        }));
        v2.MapGet("/{collection}/{id}/tags/{tag}", (HttpContext c, TagService tags, string collection, string id, string tag) => NeutronApi.Run(c, write: false, async (caller, ct) =>
        {
            await VisibleAsync(c, caller, collection, id, write: false, ct);
            return (await tags.GetAsync(collection, id, ct)).Contains(tag)
                ? Results.NoContent()
                : throw new NotFoundException("TagNotFound", $"Tag {tag} could not be found for {collection} {id}.");
        }));
        v2.MapPut("/{collection}/{id}/tags", (HttpContext c, TagService tags, string collection, string id) => NeutronApi.Run(c, write: true, async (caller, ct) =>
        {
            await VisibleAsync(c, caller, collection, id, write: true, ct);
            var body = await JsonBody.ReadAsync(c.Request, ct);
            var list = body["tags"] as JsonArray ?? throw new InvalidInputException("Invalid tags body: expected {\"tags\": [...]}", "HTTPBadRequest");
            var replaced = await tags.ReplaceAsync(collection, id, list.Select(t => t?.GetValue<string>() ?? "").ToList(), ct);
            return Results.Json(new JsonObject { ["tags"] = Strings(replaced) });
        }));
        v2.MapPut("/{collection}/{id}/tags/{tag}", (HttpContext c, TagService tags, string collection, string id, string tag) => NeutronApi.Run(c, write: true, async (caller, ct) =>
        {
            await VisibleAsync(c, caller, collection, id, write: true, ct);
            await tags.AddAsync(collection, id, tag, ct);
            return Results.StatusCode(201);
        }));
        v2.MapDelete("/{collection}/{id}/tags", (HttpContext c, TagService tags, string collection, string id) => NeutronApi.Run(c, write: true, async (caller, ct) =>
        {
            await VisibleAsync(c, caller, collection, id, write: true, ct);
            await tags.ReplaceAsync(collection, id, [], ct);
            return Results.NoContent();
        }));
        v2.MapDelete("/{collection}/{id}/tags/{tag}", (HttpContext c, TagService tags, string collection, string id, string tag) => NeutronApi.Run(c, write: true, async (caller, ct) =>
        {
            await VisibleAsync(c, caller, collection, id, write: true, ct);
            await tags.RemoveAsync(collection, id, tag, ct);
            return Results.NoContent();
        }));
    }

    private static void MapQuotas(RouteGroupBuilder v2)
    {
        v2.MapGet("/quotas", (HttpContext c, QuotaService quotas) => NeutronApi.Run(c, write: false, (caller, _) =>
        {
            RequireAdmin(caller);
            return Task.FromResult(Results.Json(new JsonObject { ["quotas"] = new JsonArray() }));
        }));
        v2.MapGet("/quotas/{project}", (HttpContext c, QuotaService quotas, string project) => NeutronApi.Run(c, write: false, async (caller, ct) =>
        {
            RequireSelfOrAdmin(caller, project);
            return Results.Json(new JsonObject { ["quota"] = Limits(await quotas.GetAsync(project, ct)) });
        }));
        v2.MapGet("/quotas/{project}/default", (HttpContext c, QuotaService quotas, string project) => NeutronApi.Run(c, write: false, (caller, _) =>
        {
            RequireSelfOrAdmin(caller, project);
            return Task.FromResult(Results.Json(new JsonObject { ["quota"] = Limits(quotas.Defaults) }));
        }));
        v2.MapGet("/quotas/{project}/details", (HttpContext c, QuotaService quotas, string project) => NeutronApi.Run(c, write: false, async (caller, ct) =>
        {
            RequireSelfOrAdmin(caller, project);
            var usage = await quotas.GetUsageAsync(project, ct);
            return Results.Json(new JsonObject
            {
                ["quota"] = new JsonObject(usage.Select(u => KeyValuePair.Create(u.Key, (JsonNode?)new JsonObject { ["limit"] = u.Value.Limit, ["used"] = u.Value.Used, ["reserved"] = 0 }))),
            });
        }));
        v2.MapPut("/quotas/{project}", (HttpContext c, QuotaService quotas, string project) => NeutronApi.Run(c, write: true, async (caller, ct) =>
        {
            RequireAdmin(caller);
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
        v2.MapDelete("/quotas/{project}", (HttpContext c, QuotaService quotas, string project) => NeutronApi.Run(c, write: true, async (caller, ct) =>
        {
            RequireAdmin(caller);
            await quotas.ResetAsync(project, ct);
            return Results.NoContent();
        }));
    }

    private static void MapAgents(RouteGroupBuilder v2)
    {
        v2.MapGet("/agents", (HttpContext c, AgentService agents) => NeutronApi.Run(c, write: false, async (caller, ct) =>
        {
            RequireAdmin(caller);
            var query = c.Request.Query;
            var list = (await agents.ListAsync(ct)).Where(a =>
                (query["host"].FirstOrDefault() is not { } host || a.Host == host)
                && (query["agent_type"].FirstOrDefault() is not { } type || a.AgentType == type)
                && (query["binary"].FirstOrDefault() is not { } binary || a.Binary == binary)).ToList();
            return Results.Json(new JsonObject { ["agents"] = await AgentViewsAsync(c, agents, list, ct) });
        }));
        v2.MapGet("/agents/{id}", (HttpContext c, AgentService agents, string id) => NeutronApi.Run(c, write: false, async (caller, ct) =>
        {
            RequireAdmin(caller);
            return Results.Json(new JsonObject { ["agent"] = await AgentViewAsync(c, agents, await agents.GetAsync(id, ct), ct) });
        }));
        v2.MapPut("/agents/{id}", (HttpContext c, AgentService agents, string id) => NeutronApi.Run(c, write: true, async (caller, ct) =>
        {
            RequireAdmin(caller);
            await agents.GetAsync(id, ct);
            var changes = AttributeProcessor.ForUpdate(AgentResources.Agents, JsonBody.Envelope(await JsonBody.ReadAsync(c.Request, ct), "agent"), caller.IsAdmin);
            var (up, description) = (changes.Bool("admin_state_up"), changes.Str("description"));
            var agent = await agents.UpdateAsync(id, up, description, ct);
            return Results.Json(new JsonObject { ["agent"] = await AgentViewAsync(c, agents, agent, ct) });
        }));

        // l3_agent_scheduler: which L3 agent hosts a router, and an admin moving it.
        v2.MapGet("/routers/{id}/l3-agents", (HttpContext c, AgentService agents, RouterHandler routers, string id) => NeutronApi.Run(c, write: false, async (caller, ct) =>
        {
            RequireAdmin(caller);
            return Results.Json(new JsonObject { ["agents"] = await AgentViewsAsync(c, agents, await agents.L3AgentsOfRouterAsync(id, ct), ct) });
        }));
        v2.MapGet("/agents/{id}/l3-routers", (HttpContext c, AgentService agents, RouterHandler routers, string id) => NeutronApi.Run(c, write: false, async (caller, ct) =>
        {
            RequireAdmin(caller);
            var views = new JsonArray();
            foreach (var router in await agents.RoutersOfAgentAsync(id, ct))
            {
                views.Add(await routers.GetAsync(caller, router.Id, ct));
            }
            return Results.Json(new JsonObject { ["routers"] = views });
        }));
        v2.MapPost("/agents/{id}/l3-routers", (HttpContext c, AgentService agents, string id) => NeutronApi.Run(c, write: true, async (caller, ct) =>
        {
            RequireAdmin(caller);
            await agents.AddRouterAsync(id, Body(AgentResources.L3Routers, await JsonBody.ReadAsync(c.Request, ct), caller).Str("router_id")!, ct);
            return ScheduledAnswer;
        }));
        v2.MapDelete("/agents/{id}/l3-routers/{routerId}", (HttpContext c, AgentService agents, string id, string routerId) => NeutronApi.Run(c, write: true, async (caller, ct) =>
        {
            RequireAdmin(caller);
            await agents.RemoveRouterAsync(id, routerId, ct);
            return Results.NoContent();
        }));

        // dhcp_agent_scheduler: which DHCP agents serve a network, and an admin moving it.
        v2.MapGet("/networks/{id}/dhcp-agents", (HttpContext c, AgentService agents, string id) => NeutronApi.Run(c, write: false, async (caller, ct) =>
        {
            RequireAdmin(caller);
            return Results.Json(new JsonObject { ["agents"] = await AgentViewsAsync(c, agents, await agents.DhcpAgentsOfNetworkAsync(id, ct), ct) });
        }));
        v2.MapGet("/agents/{id}/dhcp-networks", (HttpContext c, AgentService agents, NetworkHandler networks, string id) => NeutronApi.Run(c, write: false, async (caller, ct) =>
        {
            RequireAdmin(caller);
            var views = new JsonArray();
            foreach (var network in await agents.NetworksOfAgentAsync(id, ct))
            {
                views.Add(await networks.GetAsync(caller, network, ct));
            }
            return Results.Json(new JsonObject { ["networks"] = views });
        }));
        v2.MapPost("/agents/{id}/dhcp-networks", (HttpContext c, AgentService agents, string id) => NeutronApi.Run(c, write: true, async (caller, ct) =>
        {
            RequireAdmin(caller);
            await agents.AddNetworkAsync(id, Body(AgentResources.DhcpNetworks, await JsonBody.ReadAsync(c.Request, ct), caller).Str("network_id")!, ct);
            return ScheduledAnswer;
        }));
        v2.MapDelete("/agents/{id}/dhcp-networks/{networkId}", (HttpContext c, AgentService agents, string id, string networkId) => NeutronApi.Run(c, write: true, async (caller, ct) =>
        {
            RequireAdmin(caller);
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
        AttributeProcessor.ForCreate(spec, Object(body), caller.IsAdmin);

    private static async Task VisibleAsync(HttpContext c, Caller caller, string collection, string id, bool write, CancellationToken ct)
    {
        if (!TagService.Collections.Contains(collection))
        {
            throw new NotFoundException("HTTPNotFound", $"The resource could not be found: {collection}.");
        }
        var view = await NeutronApi.Resolve(c, collection, caller).Handler.GetAsync(caller, id, ct);
        if (write)
        {
            caller.RequireOwner(view["project_id"]?.GetValue<string>() ?? "", collection.TrimEnd('s'));
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

    private static void RequireAdmin(Caller caller)
    {
        if (!caller.IsAdmin)
        {
            throw new ForbiddenException("This operation is restricted to admins.");
        }
    }

    private static void RequireSelfOrAdmin(Caller caller, string project)
    {
        if (!caller.IsAdmin && caller.ProjectId != project)
        {
            throw new ForbiddenException("Only admins may see other projects' quotas.");
        }
    }
}
