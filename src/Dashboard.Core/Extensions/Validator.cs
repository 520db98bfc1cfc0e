using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Dashboard.Core.Ipam;
using Dashboard.Core.Networking;

namespace Dashboard.Core.Extensions;

/// <summary>Neutron's <c>validate</c> entries: each checks a JSON value and says what is wrong, or null when it is fine.</summary>
public abstract record Validator
{
    /// <summary>Null accepted (the <c>_or_none</c> validators).</summary>
    public bool Nullable { get; init; }

    public string? Check(JsonNode? value) => value is null ? (Nullable ? null : "None is not a valid value") : CheckValue(value);

    protected abstract string? CheckValue(JsonNode value);

    /// <summary>
    /// The validator of one key of this attribute's items (a route's <c>nexthop</c>, a fixed IP's <c>ip_address</c>):
    /// through a list to its items, then the dictionary's key; null when the attribute has no such part. Lets a form
    /// check each field of a structured attribute with the rule the API applies to it.
    /// </summary>
    public Validator? Part(string key) => this switch
    {
        ListValidator list => list.Item.Part(key),
        DictValidator dict => dict.Keys.GetValueOrDefault(key),
        _ => null,
    };

    protected static string? AsString(JsonNode value) =>
        value is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null;

    protected static string Show(JsonNode value) => value.ToJsonString();
}

/// <summary><c>type:string</c> with a maximum length.</summary>
public sealed record StringValidator(int? MaxLength = 255) : Validator
{
    protected override string? CheckValue(JsonNode value) =>
        AsString(value) is not { } s ? $"{Show(value)} is not a valid string"
        : MaxLength is { } max && s.Length > max ? $"'{(s.Length > 40 ? s[..40] + "..." : s)}' exceeds maximum length of {max}"
        : null;
}

/// <summary>Neutron's <c>type:oneline_not_empty_string</c> (and, nullable, <c>..._or_none</c>): a string on one line, not empty, with a maximum length.</summary>
public sealed record OnelineStringValidator(int MaxLength) : Validator
{
    protected override string? CheckValue(JsonNode value) =>
        new StringValidator(MaxLength).Check(value) is { } error ? error
        : AsString(value)! is var s && s.Length == 0 ? $"'{s}' Blank strings are not permitted"
        : s.Contains('\n') || s.Contains('\r') ? $"Multi-line string is not allowed: '{s}'"
        : null;
}

/// <summary><c>type:uuid</c>.</summary>
public sealed record UuidValidator : Validator
{
    protected override string? CheckValue(JsonNode value) =>
        AsString(value) is { } s && Guid.TryParse(s, out _) && s.Length is 32 or 36 ? null : $"{Show(value)} is not a valid UUID";
}

/// <summary><c>type:values</c>: one of a fixed set.</summary>
public sealed record ValuesValidator(params string[] Values) : Validator
{
    protected override string? CheckValue(JsonNode value)
    {
        var text = AsString(value) ?? (value is JsonValue v && v.GetValueKind() == JsonValueKind.Number ? value.ToJsonString() : null);
        return text is not null && Values.Contains(text) ? null : $"{Show(value)} is not in [{string.Join(", ", Values.Select(x => $"'{x}'"))}]";
    }
}

/// <summary><c>type:range</c>: an integer within bounds (after conversion).</summary>
public sealed record RangeValidator(long Min, long Max) : Validator
{
    protected override string? CheckValue(JsonNode value) =>
        value is JsonValue v && v.GetValueKind() == JsonValueKind.Number && long.TryParse(v.ToJsonString(), System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out var n)
            ? n < Min || n > Max ? $"'{n}' is not in range {Min} through {Max}" : null
            : $"'{Show(value)}' is not an integer";
}

/// <summary><c>type:boolean</c> (after conversion).</summary>
public sealed record BooleanValidator : Validator
{
    protected override string? CheckValue(JsonNode value) =>
        value is JsonValue v && v.GetValueKind() is JsonValueKind.True or JsonValueKind.False ? null : $"'{Show(value)}' is not a valid boolean value";
}

/// <summary><c>type:subnet</c>: a CIDR.</summary>
public sealed record CidrValidator : Validator
{
    /// <summary>Only a network's own address with its prefix (a subnet's <c>cidr</c>): host bits are refused, never cleared silently.</summary>
    public bool NetworkAddress { get; init; }

    protected override string? CheckValue(JsonNode value)
    {
        if (AsString(value) is not { } s || !Cidr.TryParse(s, out var cidr))
        {
            return $"'{AsString(value) ?? Show(value)}' is not a valid IP subnet";
        }
        return NetworkAddress && Cidr.HasHostBits(s) ? $"'{s}' isn't a recognized IP subnet cidr, '{cidr}' is recommended" : null;
    }
}

/// <summary>Neutron's <c>type:ip_or_subnet_or_none</c>: an address or a CIDR (an allowed address pair's <c>ip_address</c>).</summary>
public sealed record IpOrCidrValidator : Validator
{
    protected override string? CheckValue(JsonNode value) =>
        AsString(value) is { } s && (s.Contains('/') ? new CidrValidator().Check(value) is null : IpValidator.IsIp(s))
            ? null
            : $"'{AsString(value) ?? Show(value)}' is neither a valid IP address, nor is it a valid IP subnet";
}

/// <summary><c>type:ip_address</c>.</summary>
public sealed record IpValidator : Validator
{
    protected override string? CheckValue(JsonNode value) =>
        AsString(value) is { } s && IsIp(s) ? null : $"'{AsString(value) ?? Show(value)}' is not a valid IP address";

    public static bool IsIp(string s)
    {
        try
        {
            IpMath.ParseAddress(s, "ip");
            return true;
        }
        catch (Errors.InvalidInputException)
        {
            return false;
        }
    }
}

/// <summary><c>type:mac_address</c>.</summary>
public sealed record MacValidator : Validator
{
    protected override string? CheckValue(JsonNode value)
    {
        if (AsString(value) is not { } mac)
        {
            return $"'{Show(value)}' is not a valid MAC address";
        }
        try
        {
            MacAddresses.Normalise(mac);
            return null;
        }
        catch (Errors.InvalidInputException)
        {
            return $"'{mac}' is not a valid MAC address";
        }
    }
}

/// <summary><c>type:list_of_...</c>: a list whose items each pass <paramref name="Item"/>, optionally without duplicates.</summary>
public sealed record ListValidator(Validator Item, bool Unique = false) : Validator
{
    protected override string? CheckValue(JsonNode value)
    {
        if (value is not JsonArray items)
        {
            return $"'{Show(value)}' is not a list";
        }
        foreach (var item in items)
        {
            if (Item.Check(item) is { } error)
            {
                return error;
            }
        }
        return Unique && items.Select(i => i?.ToJsonString()).Distinct().Count() != items.Count ? $"Duplicate items in the list: '{Show(value)}'" : null;
    }
}

/// <summary><c>type:dict</c> with known keys, each checked; unknown keys are refused; <paramref name="Required"/> keys must be there.</summary>
public sealed record DictValidator(IReadOnlyDictionary<string, Validator> Keys, params string[] Required) : Validator
{
    /// <summary>Neutron's <c>type:dict_or_nodata</c>: an empty object is accepted as "no data" (e.g. <c>external_gateway_info: {}</c> clears a gateway).</summary>
    public bool EmptyMeansNone { get; init; }

    protected override string? CheckValue(JsonNode value)
    {
        if (value is not JsonObject obj)
        {
            return $"'{Show(value)}' is not a dictionary";
        }
        if (obj.Count == 0 && EmptyMeansNone)
        {
            return null;
        }
        foreach (var key in Required.Where(k => !obj.ContainsKey(k)))
        {
            return $"Validation of dictionary's keys failed. Expected keys: {{'{key}'}} Provided keys: {{{string.Join(", ", obj.Select(p => $"'{p.Key}'"))}}}";
        }
        foreach (var (key, item) in obj)
        {
            if (!Keys.TryGetValue(key, out var validator))
            {
                return $"Unrecognized key '{key}' in '{Show(value)}'";
            }
            if (validator.Check(item) is { } error)
            {
                return $"{key}: {error}";
            }
        }
        return null;
    }
}

/// <summary>Neutron's <c>type:..._any_key_specs</c>: a value that passes one of several validators (a dictionary of one of several shapes).</summary>
public sealed record AnyOfValidator(params Validator[] Choices) : Validator
{
    protected override string? CheckValue(JsonNode value) =>
        Choices.Any(c => c.Check(value) is null) ? null
        : Choices.Length == 1 ? Choices[0].Check(value)
        : $"No valid key specs matched for: {Show(value)}";
}

/// <summary>Any JSON object (binding:profile).</summary>
public sealed record AnyDictValidator : Validator
{
    protected override string? CheckValue(JsonNode value) => value is JsonObject ? null : $"'{Show(value)}' is not a dictionary";
}
