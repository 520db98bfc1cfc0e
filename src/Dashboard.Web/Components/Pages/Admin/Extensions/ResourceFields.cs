using System.Text.Json;
using System.Text.Json.Nodes;
using Dashboard.Core.Extensions;

namespace Dashboard.Web.Components.Pages.Admin.Extensions;

/// <summary>How a form shows an attribute, chosen from its validator: a checkbox, a choice, a number, JSON, a secret or text.</summary>
public enum FieldKind { Boolean, Choice, Number, Json, Secret, Text }

/// <summary>Turns an attribute map into form fields and form input back into a request body, the same body the API would receive.</summary>
public static class ResourceFields
{
    public static FieldKind KindOf(AttributeSpec attribute) => attribute switch
    {
        { IsVisible: false } => FieldKind.Secret,
        { Validate: BooleanValidator } => FieldKind.Boolean,
        { Validate: ValuesValidator } => FieldKind.Choice,
        { Validate: RangeValidator } => FieldKind.Number,
        { Validate: ListValidator or DictValidator or AnyDictValidator } => FieldKind.Json,
        _ => FieldKind.Text,
    };

    /// <summary>The attributes a create (allow_post) or edit (allow_put) form asks for; the project comes from the session.</summary>
    public static IEnumerable<AttributeSpec> FormAttributes(ResourceSpec resource, bool create) =>
        resource.Attributes.Where(a => (create ? a.AllowPost : a.AllowPut) && !a.RequiredByPolicy);

    /// <summary>The columns: what the map makes visible (to admins).</summary>
    public static IEnumerable<AttributeSpec> Columns(ResourceSpec resource) => resource.Attributes.Where(a => a.IsVisible && !a.RequiredByPolicy);

    /// <summary>The field's own check, by its validator, before anything is sent; null when it is fine.</summary>
    public static string? Check(AttributeSpec attribute, string? input)
    {
        if (string.IsNullOrEmpty(input))
        {
            return attribute.IsRequired ? $"{attribute.Name} is required." : null;
        }
        if (!TryParse(attribute, input, out var value))
        {
            return KindOf(attribute) == FieldKind.Json ? "Enter valid JSON." : $"'{input}' is not a valid value.";
        }
        return attribute.Problem(value);
    }

    /// <summary>The request body from the form's inputs: empty optional inputs are left out, so defaults apply.</summary>
    public static JsonObject Body(IEnumerable<AttributeSpec> attributes, IReadOnlyDictionary<string, string?> inputs)
    {
        var body = new JsonObject();
        foreach (var attribute in attributes)
        {
            if (inputs.TryGetValue(attribute.Name, out var input) && !string.IsNullOrEmpty(input) && TryParse(attribute, input, out var value))
            {
                body[attribute.Name] = value;
            }
        }
        return body;
    }

    /// <summary>The text a form shows for a view's value.</summary>
    public static string Display(JsonNode? value) => value switch
    {
        null => "",
        JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
        _ => value.ToJsonString(),
    };

    private static bool TryParse(AttributeSpec attribute, string input, out JsonNode? value)
    {
        value = null;
        switch (KindOf(attribute))
        {
            case FieldKind.Boolean:
                value = JsonValue.Create(bool.TryParse(input, out var b) && b);
                return true;
            case FieldKind.Number:
                if (!long.TryParse(input, out var n))
                {
                    return false;
                }
                value = JsonValue.Create(n);
                return true;
            case FieldKind.Json:
                try
                {
                    value = JsonNode.Parse(input);
                    return true;
                }
                catch (JsonException)
                {
                    return false;
                }
            default:
                value = JsonValue.Create(input);
                return true;
        }
    }
}
