using System.Text.Json;
using System.Text.Json.Nodes;

namespace Dashboard.Core.Policies;

/// <summary>
/// What a rule is checked against: the resource's attributes as oslo.policy sees them (Python's
/// <c>str()</c> of each value: <c>True</c>/<c>False</c> for booleans), plus a parent's attributes
/// under its prefix (<c>network:project_id</c>), as Neutron adds them for ports and subnets.
/// </summary>
public sealed class PolicyTarget
{
    private readonly Dictionary<string, string> _values = new(StringComparer.Ordinal);

    /// <summary>Views read where a key is asked for (not copied: a list checks every item), the last added first.</summary>
    private List<(JsonObject View, string? Prefix)>? _views;

    public static PolicyTarget Empty => new();

    public string? this[string key]
    {
        get
        {
            if (_values.TryGetValue(key, out var value))
            {
                return value;
            }
            for (var i = (_views?.Count ?? 0) - 1; i >= 0; i--)
            {
                var (view, prefix) = _views![i];
                var name = prefix is null ? key : key.StartsWith(prefix, StringComparison.Ordinal) && key.Length > prefix.Length && key[prefix.Length] == ':' ? key[(prefix.Length + 1)..] : null;
                if (name is not null && view.TryGetPropertyValue(name, out var node) && Text(node) is { } text)
                {
                    return text;
                }
            }
            return null;
        }
    }

    public static PolicyTarget Of(JsonObject resource) => new PolicyTarget().With(resource);

    /// <summary>A target of plain pairs (<c>("project_id", id)</c>), for pages and use cases with no JSON view at hand.</summary>
    public static PolicyTarget Of(params (string Key, object? Value)[] values)
    {
        var target = new PolicyTarget();
        foreach (var (key, value) in values)
        {
            if (Text(value) is { } text)
            {
                target._values[key] = text;
            }
        }
        return target;
    }

    /// <summary>A target owned by <paramref name="projectId"/> (its <c>project_id</c> and <c>tenant_id</c>): a new resource of that project, or a page's object.</summary>
    public static PolicyTarget OfProject(string projectId) => Of(("project_id", projectId), ("tenant_id", projectId));

    /// <summary>Adds (or replaces) <paramref name="resource"/>'s scalar attributes, under <c>prefix:</c> when given.</summary>
    public PolicyTarget With(JsonObject resource, string? prefix = null)
    {
        // Later sources win over earlier ones, explicit pairs included: an explicit pair of the same key goes.
        foreach (var key in _values.Keys.Where(k => prefix is null ? resource.ContainsKey(k) : k.StartsWith(prefix + ":", StringComparison.Ordinal) && resource.ContainsKey(k[(prefix.Length + 1)..])).ToList())
        {
            _values.Remove(key);
        }
        (_views ??= []).Add((resource, prefix));
        return this;
    }

    public PolicyTarget WithAll(PolicyTarget other)
    {
        foreach (var (view, prefix) in other._views ?? [])
        {
            With(view, prefix);
        }
        foreach (var (key, value) in other._values)
        {
            _values[key] = value;
        }
        return this;
    }

    public PolicyTarget With(string key, object? value)
    {
        if (Text(value) is { } text)
        {
            _values[key] = text;
        }
        return this;
    }

    /// <summary><paramref name="match"/> with each <c>%(key)s</c> replaced; null when the target lacks a key (the check is then false).</summary>
    public string? Substitute(string match)
    {
        var start = match.IndexOf("%(", StringComparison.Ordinal);
        if (start < 0)
        {
            return match;
        }
        var end = match.IndexOf(")s", start, StringComparison.Ordinal);
        if (end < 0 || this[match[(start + 2)..end]] is not { } value)
        {
            return null;
        }
        return Substitute(match[..start] + value + match[(end + 2)..]) is { } rest ? rest : null;
    }

    private static string? Text(object? value) => value switch
    {
        null => null,
        bool b => b ? "True" : "False",
        string s => s,
        JsonNode node => Text(node),
        _ => Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture),
    };

    private static string? Text(JsonNode? node) => node switch
    {
        JsonValue v when v.GetValueKind() == JsonValueKind.True => "True",
        JsonValue v when v.GetValueKind() == JsonValueKind.False => "False",
        JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
        JsonValue v when v.GetValueKind() == JsonValueKind.Number => v.ToJsonString(),
        _ => null,
    };
}
