using System.Text.Json.Nodes;

namespace Dashboard.Core.Extensions;

/// <summary>
/// One entry of a Neutron resource attribute map: whether it may be given on create (allow_post)
/// and update (allow_put), how it is validated and converted, its default, whether it ever leaves
/// the server (is_visible). Who may set or read it is the policy's (<c>create_network:shared</c>).
/// </summary>
public sealed record AttributeSpec(string Name)
{
    public bool AllowPost { get; init; }
    public bool AllowPut { get; init; }
    public Validator? Validate { get; init; }
    public Converter? ConvertTo { get; init; }

    /// <summary>
    /// What is wrong with <paramref name="value"/> for this attribute, as a form shows it beside the field: the
    /// converter's refusal (Neutron's <c>convert_validate_port_value</c>) or the validator's; null when it is fine.
    /// </summary>
    public string? Problem(JsonNode? value)
    {
        try
        {
            return Validate?.Check(ConvertTo is null ? value : ConvertTo.Convert(value?.DeepClone()));
        }
        catch (Errors.InvalidInputException e)
        {
            return e.Reason;
        }
    }

    /// <summary>Whether there is a default; without one, an attribute with allow_post is required on create.</summary>
    public bool HasDefault { get; init; }
    public JsonNode? Default { get; init; }

    public bool IsVisible { get; init; } = true;

    /// <summary>Neutron's <c>required_by_policy</c>: filled in from the caller's scope when not given (tenant_id).</summary>
    public bool RequiredByPolicy { get; init; }

    public bool IsRequired => AllowPost && !HasDefault && !RequiredByPolicy;

    /// <summary>A default of "not specified": the attribute is optional and absent from the parsed body when not given.</summary>
    public AttributeSpec Optional() => this with { HasDefault = true, Default = null, DefaultIsUnspecified = true };

    public bool DefaultIsUnspecified { get; init; }

    /// <summary>
    /// The collection whose resource (or resources, for a list) this attribute names: <c>network_id</c> names
    /// a network. The caller must see it (or it does not exist for them), and its attributes join the
    /// policy target under the attribute's name without <c>_id</c> (<c>network:project_id</c>).
    /// </summary>
    public string? References { get; init; }

    public string ReferencePrefix => Name.EndsWith("_ids", StringComparison.Ordinal) ? Name[..^4] : Name.EndsWith("_id", StringComparison.Ordinal) ? Name[..^3] : Name;

    public AttributeSpec WithDefault(JsonNode? value) => this with { HasDefault = true, Default = value };
}

/// <summary>A collection the API serves: <c>networks</c> of <c>network</c>, with its attribute map.</summary>
public sealed record ResourceSpec(string Collection, string Member, IReadOnlyList<AttributeSpec> Attributes)
{
    /// <summary>The attribute holding the resource's ID (<c>id</c>; <c>credential_id</c> for credentials).</summary>
    public string IdAttribute { get; init; } = "id";

    /// <summary>What the resource is called in a NotFound error: <c>network</c> (NetworkNotFound), <c>floating IP</c>.</summary>
    public string Noun { get => field ??= Member.Replace('_', ' '); init; }

    /// <summary>The attributes that ever leave the server (is_visible); the policy may hide more from a caller.</summary>
    public IReadOnlySet<string> Visible => field ??= Attributes.Where(a => a.IsVisible).Select(a => a.Name).ToHashSet();
}

/// <summary>
/// A Neutron API extension: its identity (name, alias, description, updated), the collections it
/// adds, and the attributes it adds to existing collections.
/// </summary>
public sealed record ExtensionDescriptor(string Name, string Alias, string Description, string Updated)
{
    public IReadOnlyList<ResourceSpec> Resources { get; init; } = [];
    public IReadOnlyDictionary<string, IReadOnlyList<AttributeSpec>> ExtendedAttributes { get; init; } =
        new Dictionary<string, IReadOnlyList<AttributeSpec>>();

    /// <summary>The policy rules of what the extension adds, with their defaults (a policy file may override them).</summary>
    public IReadOnlyList<Policies.PolicyRule> Policies { get; init; } = [];
}
