using System.Text.Json.Nodes;

namespace Dashboard.Core.Extensions;

/// <summary>
/// One entry of a Neutron resource attribute map: whether it may be given on create (allow_post)
/// and update (allow_put), how it is validated and converted, its default, whether it ever leaves
/// the server (is_visible), and the policy on it (admin-only to write or to read).
/// </summary>
public sealed record AttributeSpec(string Name)
{
    public bool AllowPost { get; init; }
    public bool AllowPut { get; init; }
    public Validator? Validate { get; init; }
    public Converter? ConvertTo { get; init; }

    /// <summary>Whether there is a default; without one, an attribute with allow_post is required on create.</summary>
    public bool HasDefault { get; init; }
    public JsonNode? Default { get; init; }

    public bool IsVisible { get; init; } = true;

    /// <summary>Only admins may set it (Neutron's <c>rule:admin_only</c> on create/update).</summary>
    public bool AdminOnlyWrite { get; init; }

    /// <summary>Only admins see it (e.g. provider:* and binding:*).</summary>
    public bool AdminOnlyRead { get; init; }

    /// <summary>Neutron's <c>required_by_policy</c>: filled in from the caller's scope when not given (tenant_id).</summary>
    public bool RequiredByPolicy { get; init; }

    public bool IsRequired => AllowPost && !HasDefault && !RequiredByPolicy;

    /// <summary>A default of "not specified": the attribute is optional and absent from the parsed body when not given.</summary>
    public AttributeSpec Optional() => this with { HasDefault = true, Default = null, DefaultIsUnspecified = true };

    public bool DefaultIsUnspecified { get; init; }

    public AttributeSpec WithDefault(JsonNode? value) => this with { HasDefault = true, Default = value };
}

/// <summary>A collection the API serves: <c>networks</c> of <c>network</c>, with its attribute map.</summary>
public sealed record ResourceSpec(string Collection, string Member, IReadOnlyList<AttributeSpec> Attributes)
{
    /// <summary>The attribute holding the resource's ID (<c>id</c>; <c>credential_id</c> for credentials).</summary>
    public string IdAttribute { get; init; } = "id";

    /// <summary>Only admins may use the collection at all.</summary>
    public bool AdminOnly { get; init; }

    /// <summary>The attributes an admin may see.</summary>
    public IReadOnlySet<string> VisibleToAdmin => field ??= Attributes.Where(a => a.IsVisible).Select(a => a.Name).ToHashSet();

    /// <summary>The attributes anyone else may see.</summary>
    public IReadOnlySet<string> VisibleToMember => field ??= Attributes.Where(a => a.IsVisible && !a.AdminOnlyRead).Select(a => a.Name).ToHashSet();
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
}
