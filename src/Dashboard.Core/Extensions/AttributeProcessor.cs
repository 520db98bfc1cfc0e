using System.Text.Json.Nodes;
using Dashboard.Core.Errors;

namespace Dashboard.Core.Extensions;

/// <summary>
/// Applies a resource attribute map to a request body the way Neutron's API layer does: refuses
/// unknown attributes and attributes not allowed on create/update; converts and validates each value;
/// applies defaults; requires what has none. Who may set or see an attribute is the policy's
/// (<see cref="ResourceOperations"/> asks it).
/// </summary>
public static class AttributeProcessor
{
    public static Dictionary<string, JsonNode?> ForCreate(ResourceSpec resource, JsonObject body) => Process(resource, body, create: true);

    public static Dictionary<string, JsonNode?> ForUpdate(ResourceSpec resource, JsonObject body) => Process(resource, body, create: false);

    /// <summary>
    /// The attributes of a parsed create body the caller set to something other than their default:
    /// those whose <c>create_&lt;member&gt;:&lt;attribute&gt;</c> rule applies (Neutron's "explicitly set").
    /// </summary>
    public static IEnumerable<string> ExplicitlySet(ResourceSpec resource, IReadOnlyDictionary<string, JsonNode?> parsed) =>
        parsed.Where(p => resource.Attributes.FirstOrDefault(a => a.Name == p.Key) is not { HasDefault: true, DefaultIsUnspecified: false } attribute
            || !JsonNode.DeepEquals(attribute.Default, p.Value)).Select(p => p.Key);

    /// <summary>
    /// Keeps in <paramref name="view"/> (built for this response, so changed in place) only the
    /// attributes the map makes visible and <paramref name="mayRead"/> lets the caller read, and of those
    /// only <paramref name="fields"/> when given.
    /// </summary>
    public static JsonObject Visible(ResourceSpec resource, JsonObject view, Func<string, bool> mayRead, IReadOnlyCollection<string>? fields = null)
    {
        foreach (var key in view.Select(p => p.Key).ToList())
        {
            if (!resource.Visible.Contains(key) || (fields is { Count: > 0 } && !fields.Contains(key)) || !mayRead(key))
            {
                view.Remove(key);
            }
        }
        return view;
    }

    private static Dictionary<string, JsonNode?> Process(ResourceSpec resource, JsonObject body, bool create)
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
            JsonNode? value;
            try
            {
                value = attribute.ConvertTo is null ? raw?.DeepClone() : attribute.ConvertTo.Convert(raw?.DeepClone());
            }
            catch (InvalidInputException e) when (e.Attribute is null)
            {
                // A converter that refuses (Neutron's convert_validate_port_value) says its own error; it is about this attribute.
                throw new InvalidInputException(e.Type == "InvalidInput" ? e.Reason : e.Message, e.Type) { Attribute = name, Reason = e.Reason };
            }
            if (attribute.Validate?.Check(value) is { } error)
            {
                throw new InvalidInputException($"Invalid input for {name}. Reason: {error}.", "HTTPBadRequest") { Attribute = name, Reason = error };
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
