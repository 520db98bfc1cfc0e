using System.Text.Json;
using System.Text.Json.Nodes;

namespace Dashboard.Core.Extensions;

/// <summary>Neutron's <c>convert_to</c>: normalises a value before it is validated (e.g. "True" to true, "22" to 22).</summary>
public abstract record Converter
{
    /// <summary>The converted value; an unconvertible value is returned as it is, for the validator to refuse.</summary>
    public abstract JsonNode? Convert(JsonNode? value);

    public static readonly Converter ToBoolean = new BooleanConverter();
    public static readonly Converter ToInt = new IntConverter();

    /// <summary>Neutron's <c>convert_protocol</c>: a security group rule's protocol may be given as a number (<c>17</c>), kept as its text.</summary>
    public static readonly Converter NumberToString = new NumberToStringConverter();

    private sealed record NumberToStringConverter : Converter
    {
        public override JsonNode? Convert(JsonNode? value) =>
            value is JsonValue v && v.GetValueKind() == JsonValueKind.Number ? JsonValue.Create(v.ToJsonString()) : value;
    }

    /// <summary>Neutron's <c>convert_none_to_empty_list</c>: null is <c>[]</c> (e.g. a router's <c>routes</c>).</summary>
    public static readonly Converter NoneToEmptyList = new NoneToEmptyListConverter();

    private sealed record NoneToEmptyListConverter : Converter
    {
        public override JsonNode? Convert(JsonNode? value) => value ?? new JsonArray();
    }

    private sealed record BooleanConverter : Converter
    {
        public override JsonNode? Convert(JsonNode? value) => value is JsonValue v && v.GetValueKind() == JsonValueKind.String
            ? v.GetValue<string>().ToLowerInvariant() switch
            {
                "true" or "1" => JsonValue.Create(true),
                "false" or "0" => JsonValue.Create(false),
                _ => value,
            }
            : value is JsonValue n && n.GetValueKind() == JsonValueKind.Number && n.TryGetValue<int>(out var i) && i is 0 or 1
                ? JsonValue.Create(i == 1)
                : value;
    }

    /// <summary>
    /// Neutron's <c>convert_validate_port_value</c> (a security group rule's ports): null, or an integer 0 to 65535;
    /// anything else is refused with the converter's own error, as Neutron's is.
    /// </summary>
    public static readonly Converter ToPortValue = new PortValueConverter();

    private sealed record PortValueConverter : Converter
    {
        public override JsonNode? Convert(JsonNode? value) => value is null ? null
            : ToInt.Convert(value) is JsonValue n && n.TryGetValue<long>(out var port) && port is >= 0 and <= 65535
                ? JsonValue.Create(port)
                : throw new Errors.InvalidInputException($"Invalid value for port {(value is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : value.ToJsonString())}", "SecurityGroupInvalidPortValue");
    }

    /// <summary>"22" and 22, however the number was made (parsed from a request or built by a page), become one 64-bit integer.</summary>
    private sealed record IntConverter : Converter
    {
        public override JsonNode? Convert(JsonNode? value) => value is JsonValue v && long.TryParse(
            v.GetValueKind() switch { JsonValueKind.String => v.GetValue<string>(), JsonValueKind.Number => v.ToJsonString(), _ => null },
            System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out var n)
                ? JsonValue.Create(n)
                : value;
    }
}
