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

    /// <summary>The resource's full view, or NotFound when it does not exist (whether the caller may see it is <see cref="ResourceOperations"/>' question).</summary>
    Task<JsonObject> GetAsync(Caller caller, string id, CancellationToken ct);

    Task<JsonObject> CreateAsync(Caller caller, IReadOnlyDictionary<string, JsonNode?> attributes, CancellationToken ct);

    Task<JsonObject> UpdateAsync(Caller caller, string id, IReadOnlyDictionary<string, JsonNode?> attributes, long? expectedRevision, CancellationToken ct);

    /// <summary>Deletes it; with <paramref name="expectedRevision"/> (<c>If-Match</c>) only if that is still its revision, checked in the deleting transaction.</summary>
    Task DeleteAsync(Caller caller, string id, long? expectedRevision, CancellationToken ct);
}

/// <summary>Helpers shared by the handlers: typed reads of parsed attributes and the project a new resource belongs to.</summary>
public static class Attrs
{
    public static string? Str(this IReadOnlyDictionary<string, JsonNode?> a, string key) => a.TryGetValue(key, out var v) ? v?.GetValue<string>() : null;

    public static bool? Bool(this IReadOnlyDictionary<string, JsonNode?> a, string key) => a.TryGetValue(key, out var v) && v is not null ? v.GetValue<bool>() : null;

    /// <summary>A number however it was made: parsed from a request (a JSON element) or built by a page (an int).</summary>
    public static long? Long(this IReadOnlyDictionary<string, JsonNode?> a, string key) =>
        a.TryGetValue(key, out var v) && v is not null ? long.Parse(v.ToJsonString(), System.Globalization.CultureInfo.InvariantCulture) : null;

    public static bool Has(this IReadOnlyDictionary<string, JsonNode?> a, string key) => a.ContainsKey(key);

    public static List<string>? Strings(this IReadOnlyDictionary<string, JsonNode?> a, string key) =>
        a.TryGetValue(key, out var v) && v is JsonArray items ? items.Select(i => i!.GetValue<string>()).ToList() : null;

    /// <summary>The project a new resource belongs to: the one named by tenant_id/project_id, else the caller's (whether the caller may create for it is the policy's).</summary>
    public static string ProjectFor(this IReadOnlyDictionary<string, JsonNode?> a, Caller caller)
    {
        var tenant = a.Str("tenant_id");
        var project = a.Str("project_id");
        if (tenant is not null && project is not null && tenant != project)
        {
            throw new Errors.InvalidInputException("tenant_id and project_id do not match", "HTTPBadRequest") { Attribute = "project_id" };
        }
        return project ?? tenant ?? caller.ProjectId;
    }
}
