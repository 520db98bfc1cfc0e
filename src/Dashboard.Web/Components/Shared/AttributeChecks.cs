using System.Text.Json.Nodes;
using Dashboard.Core.Extensions;

namespace Dashboard.Web.Components.Shared;

/// <summary>
/// A form field's check, taken from the attribute map the API validates with (<c>networks.name</c>: a
/// string of at most 255 characters), so a page and the API cannot disagree on what is valid.
/// </summary>
public static class AttributeChecks
{
    private static readonly ExtensionRegistry Maps = new(NeutronResources.Core, NeutronResources.Extensions);

    /// <summary>The map's verdict on <paramref name="value"/> for the attribute; null when it is valid.</summary>
    public static string? Check(string collection, string attribute, JsonNode? value)
    {
        var spec = Maps.Resource(collection)?.Attributes.FirstOrDefault(a => a.Name == attribute)
            ?? throw new ArgumentException($"{collection} has no attribute {attribute}.");
        return spec.Problem(value);
    }

    /// <summary>
    /// A text field's check for one key of a structured attribute (<c>routers.routes</c>' <c>nexthop</c>), by the
    /// validator the map applies to that key.
    /// </summary>
    public static Func<string?, string?> Part(string collection, string attribute, string key)
    {
        var validator = Maps.Resource(collection)?.Attributes.FirstOrDefault(a => a.Name == attribute)?.Validate?.Part(key)
            ?? throw new ArgumentException($"{collection}.{attribute} has no part {key}.");
        return text => validator.Check(JsonValue.Create((text ?? "").Trim()));
    }

    /// <summary>A text field's check (<c>Validation=</c>), by the map: the trimmed text, as the form sends it.</summary>
    public static Func<string?, string?> Text(string collection, string attribute) =>
        text => Check(collection, attribute, JsonValue.Create((text ?? "").Trim()));
}
