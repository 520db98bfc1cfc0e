using System.Text.Json.Nodes;
using Dashboard.Core.Errors;
using Dashboard.Core.Extensions;
using Dashboard.Core.Policies;
using Dashboard.Web.Api.Networking.Handlers;

namespace Dashboard.Web.Api.Networking;

/// <summary>The routes beyond plain CRUD: router interfaces and extensions here; tags, quotas and agents in their own files.</summary>
public static class NeutronActionsApi
{
    public static RouteGroupBuilder MapNeutronActions(this RouteGroupBuilder v2)
    {
        v2.MapPut("/routers/{id}/add_router_interface", (HttpContext c, RouterHandler routers, string id) => NeutronApi.Run(c, async (caller, ct) =>
            Results.Json(await routers.AddInterfaceAsync(caller, id, Object(await JsonBody.ReadAsync(c.Request, ct)), ct))));
        v2.MapPut("/routers/{id}/remove_router_interface", (HttpContext c, RouterHandler routers, string id) => NeutronApi.Run(c, async (caller, ct) =>
            Results.Json(await routers.RemoveInterfaceAsync(caller, id, Object(await JsonBody.ReadAsync(c.Request, ct)), ct))));

        foreach (var (action, add) in new[] { ("add_extraroutes", true), ("remove_extraroutes", false) })
        {
            v2.MapPut($"/routers/{{id}}/{action}", (HttpContext c, RouterHandler routers, string id) => NeutronApi.Run(c, async (caller, ct) =>
                Results.Json(await routers.ChangeRoutesAsync(caller, id, Object(await JsonBody.ReadAsync(c.Request, ct)), add, ct))));
        }

        v2.MapGet("/extensions", (HttpContext c, ExtensionRegistry registry) => NeutronApi.Run(c, (_, _) =>
            Task.FromResult(Results.Json(new JsonObject { ["extensions"] = new JsonArray(registry.Extensions.Select(e => (JsonNode?)Extension(e)).ToArray()) }))));
        v2.MapGet("/extensions/{alias}", (HttpContext c, ExtensionRegistry registry, string alias) => NeutronApi.Run(c, (_, _) =>
            Task.FromResult(registry.Find(alias) is { } e
                ? Results.Json(new JsonObject { ["extension"] = Extension(e) })
                : throw new NotFoundException("ExtensionNotFound", $"Extension with alias {alias} does not exist"))));

        v2.MapNeutronTags();
        v2.MapNeutronQuotas();
        v2.MapNeutronAgents();
        return v2;
    }


    private static JsonObject Extension(ExtensionDescriptor e) => new()
    {
        ["name"] = e.Name,
        ["alias"] = e.Alias,
        ["description"] = e.Description,
        ["updated"] = e.Updated,
        ["links"] = new JsonArray(),
    };

    internal static JsonObject Object(JsonNode body) => body as JsonObject ?? throw new InvalidInputException("Request body must be an object", "HTTPBadRequest");

    internal static void Enforce(HttpContext c, Caller caller, string rule, PolicyTarget? target = null) =>
        c.RequestServices.GetRequiredService<PolicyEnforcer>().Enforce(caller, rule, target);

    internal static PolicyTarget Project(string project) => PolicyTarget.Of(("project_id", project), ("tenant_id", project));
}
