using System.Text.Json.Nodes;

namespace Dashboard.Core.Extensions;

/// <summary>
/// One Neutron collection behind the generic API: turns parsed attributes (already validated
/// against the attribute map) into domain calls, and domain objects into full JSON views; the
/// generic layer filters, sorts, pages and hides what the caller may not see.
/// </summary>
public interface IResourceHandler
{
    string Collection { get; }

    Task<IReadOnlyList<JsonObject>> ListAsync(Caller caller, CancellationToken ct);

    /// <summary>The resource, or NotFound when it does not exist or the caller may not see it.</summary>
    Task<JsonObject> GetAsync(Caller caller, string id, CancellationToken ct);

    Task<JsonObject> CreateAsync(Caller caller, IReadOnlyDictionary<string, JsonNode?> attributes, CancellationToken ct);

    Task<JsonObject> UpdateAsync(Caller caller, string id, IReadOnlyDictionary<string, JsonNode?> attributes, long? expectedRevision, CancellationToken ct);

    /// <summary>Deletes it; with <paramref name="expectedRevision"/> (<c>If-Match</c>) only if that is still its revision, checked in the deleting transaction.</summary>
    Task DeleteAsync(Caller caller, string id, long? expectedRevision, CancellationToken ct);
}

/// <summary>Helpers shared by the handlers: typed reads of parsed attributes and the project/ownership rules.</summary>
public static class Attrs
{
    public static string? Str(this IReadOnlyDictionary<string, JsonNode?> a, string key) => a.TryGetValue(key, out var v) ? v?.GetValue<string>() : null;

    public static bool? Bool(this IReadOnlyDictionary<string, JsonNode?> a, string key) => a.TryGetValue(key, out var v) && v is not null ? v.GetValue<bool>() : null;

    public static long? Long(this IReadOnlyDictionary<string, JsonNode?> a, string key) => a.TryGetValue(key, out var v) && v is not null ? v.GetValue<long>() : null;

    public static bool Has(this IReadOnlyDictionary<string, JsonNode?> a, string key) => a.ContainsKey(key);

    public static List<string>? Strings(this IReadOnlyDictionary<string, JsonNode?> a, string key) =>
        a.TryGetValue(key, out var v) && v is JsonArray items ? items.Select(i => i!.GetValue<string>()).ToList() : null;

    /// <summary>The project a new resource belongs to: the caller's, or (admins only) the one named by tenant_id/project_id.</summary>
    public static string ProjectFor(this IReadOnlyDictionary<string, JsonNode?> a, Caller caller)
    {
        var tenant = a.Str("tenant_id");
        var project = a.Str("project_id");
        if (tenant is not null && project is not null && tenant != project)
        {
            throw new Errors.InvalidInputException("tenant_id and project_id do not match", "HTTPBadRequest") { Attribute = "project_id" };
        }
        var requested = project ?? tenant;
        if (requested is null || requested == caller.ProjectId)
        {
            return caller.ProjectId;
        }
        return caller.IsAdmin ? requested : throw new Errors.ForbiddenException("(rule:create:tenant_id) is disallowed by policy: only admins may create resources for another project.");
    }

    /// <summary>Only the owner (or an admin) may change or delete what others can merely see.</summary>
    public static void RequireOwner(this Caller caller, string ownerProjectId, string member)
    {
        if (!caller.IsAdmin && caller.ProjectId != ownerProjectId)
        {
            throw new Errors.ForbiddenException($"(rule:update_{member}) is disallowed by policy: the {member} belongs to another project.");
        }
    }
}
