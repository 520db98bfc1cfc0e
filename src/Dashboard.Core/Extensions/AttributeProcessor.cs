using System.Text.Json.Nodes;
using Dashboard.Core.Errors;

namespace Dashboard.Core.Extensions;

/// <summary>
/// Applies a resource attribute map to a request body the way Neutron's API layer does: refuses
/// unknown attributes, attributes not allowed on create/update, and admin-only attributes for
/// non-admins; converts and validates each value; applies defaults; requires what has none.
/// </summary>
public static class AttributeProcessor
{
    public static Dictionary<string, JsonNode?> ForCreate(ResourceSpec resource, JsonObject body, bool isAdmin) =>
        Process(resource, body, isAdmin, create: true);

    public static Dictionary<string, JsonNode?> ForUpdate(ResourceSpec resource, JsonObject body, bool isAdmin) =>
        Process(resource, body, isAdmin, create: false);

    /// <summary>
    /// Keeps in <paramref name="view"/> (built for this response, so changed in place) only the
    /// attributes the map makes visible to the caller, and of those only <paramref name="fields"/> when given.
    /// </summary>
    public static JsonObject Visible(ResourceSpec resource, JsonObject view, bool isAdmin, IReadOnlyCollection<string>? fields = null)
    {
        var allowed = isAdmin ? resource.VisibleToAdmin : resource.VisibleToMember;
        foreach (var key in view.Select(p => p.Key).ToList())
        {
            if (!allowed.Contains(key) || (fields is { Count: > 0 } && !fields.Contains(key)))
            {
                view.Remove(key);
            }
        }
        return view;
    }

    private static Dictionary<string, JsonNode?> Process(ResourceSpec resource, JsonObject body, bool isAdmin, bool create)
    {
        var attributes = resource.Attributes.ToDictionary(a => a.Name);
        var unknown = body.Select(p => p.Key).Where(k => !attributes.ContainsKey(k)).ToList();
        if (unknown.Count > 0)
        {
            throw new InvalidInputException($"Unrecognized attribute(s) '{string.Join(", ", unknown)}'", "HTTPBadRequest") { Attribute = unknown[0] };
        }
        var result = new Dictionary<string, JsonNode?>();
        foreach (var (name, raw) in body)
        {
            var attribute = attributes[name];
            if (create ? !attribute.AllowPost : !attribute.AllowPut)
            {
                throw new InvalidInputException($"Attribute '{name}' not allowed in {(create ? "POST" : "PUT")}", "HTTPBadRequest") { Attribute = name };
            }
            if (attribute.AdminOnlyWrite && !isAdmin)
            {
                throw new ForbiddenException($"(rule:{(create ? "create" : "update")}_{resource.Member}:{name}) is disallowed by policy");
            }
            var value = attribute.ConvertTo is null ? raw?.DeepClone() : attribute.ConvertTo.Convert(raw?.DeepClone());
            if (attribute.Validate?.Check(value) is { } error)
            {
                throw new InvalidInputException($"Invalid input for {name}. Reason: {error}.", "HTTPBadRequest") { Attribute = name };
            }
            result[name] = value;
        }
        if (create)
        {
            foreach (var attribute in resource.Attributes.Where(a => a.AllowPost && !result.ContainsKey(a.Name)))
            {
                if (attribute.IsRequired)
                {
                    throw new InvalidInputException($"Failed to parse request. Required attribute '{attribute.Name}' not specified", "HTTPBadRequest") { Attribute = attribute.Name };
                }
                if (attribute.HasDefault && !attribute.DefaultIsUnspecified)
                {
                    result[attribute.Name] = attribute.Default?.DeepClone();
                }
            }
        }
        return result;
    }
}
