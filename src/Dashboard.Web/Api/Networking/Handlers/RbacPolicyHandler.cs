using System.Text.Json.Nodes;
using Dashboard.Core.Extensions;
using Dashboard.Core.Networking;

namespace Dashboard.Web.Api.Networking.Handlers;

public sealed class RbacPolicyHandler(RbacService rbac) : IResourceHandler
{
    public string Collection => "rbac-policies";

    public async Task<IReadOnlyList<JsonObject>> ListAsync(Caller caller, CancellationToken ct) =>
        (await rbac.ListAsync(caller.Scope, ct)).Select(View).ToList();

    public async Task<JsonObject> GetAsync(Caller caller, string id, CancellationToken ct) => View(await rbac.GetAsync(id, ct));

    public async Task<JsonObject> CreateAsync(Caller caller, IReadOnlyDictionary<string, JsonNode?> a, CancellationToken ct) =>
        View(await rbac.CreateAsync(a.ProjectFor(caller), a.Str("object_type")!, a.Str("object_id")!, a.Str("action")!, a.Str("target_tenant")!, caller.IsAdmin, ct));

    public async Task<JsonObject> UpdateAsync(Caller caller, string id, IReadOnlyDictionary<string, JsonNode?> a, long? expectedRevision, CancellationToken ct) =>
        a.Str("target_tenant") is { } target ? View(await rbac.UpdateAsync(id, target, ct)) : await GetAsync(caller, id, ct);

    public Task DeleteAsync(Caller caller, string id, long? expectedRevision, CancellationToken ct) => rbac.DeleteAsync(id, ct);

    private static JsonObject View(RbacPolicy r) => new()
    {
        ["id"] = r.Id,
        ["project_id"] = r.ProjectId,
        ["tenant_id"] = r.ProjectId,
        ["object_type"] = r.ObjectType,
        ["object_id"] = r.ObjectId,
        ["action"] = r.Action,
        ["target_tenant"] = r.TargetProject,
    };
}
