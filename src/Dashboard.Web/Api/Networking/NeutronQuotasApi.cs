using System.Text.Json.Nodes;
using Dashboard.Core.Errors;
using Dashboard.Core.Quotas;
using static Dashboard.Web.Api.Networking.NeutronActionsApi;

namespace Dashboard.Web.Api.Networking;

/// <summary><c>quotas</c>: a project's limits and usage, under <c>get_quota</c>, <c>update_quota</c>, <c>delete_quota</c>.</summary>
public static class NeutronQuotasApi
{
    public static void MapNeutronQuotas(this RouteGroupBuilder v2)
    {
        v2.MapGet("/quotas", (HttpContext c, QuotaService quotas) => NeutronApi.Run(c, async (caller, ct) =>
        {
            Enforce(c, caller, "get_quotas");
            var listed = (await quotas.ListOverriddenAsync(ct)).Select(p =>
            {
                var view = Limits(p.Value);
                view["project_id"] = p.Key;
                view["tenant_id"] = p.Key;
                return (JsonNode?)view;
            });
            return Results.Json(new JsonObject { ["quotas"] = new JsonArray(listed.ToArray()) });
        }));
        // The caller's own project, as the legacy neutron client's quota-show asks for it before it asks for the quota.
        v2.MapGet("/quotas/tenant", (Delegate)((HttpContext c) => NeutronApi.Run(c, (caller, _) =>
            Task.FromResult(Results.Json(new JsonObject { ["tenant"] = new JsonObject { ["tenant_id"] = caller.ProjectId, ["project_id"] = caller.ProjectId } })))));
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

    private static JsonObject Limits(IReadOnlyDictionary<string, long> limits) => new(limits.Select(l => KeyValuePair.Create(l.Key, (JsonNode?)l.Value)));
}
