using static Dashboard.Core.Extensions.Attributes;

namespace Dashboard.Core.Extensions.Neutron;

/// <summary>Neutron's <c>standard-attr-timestamp</c> extension: Resource timestamps.</summary>
public static class StandardAttrTimestampExtension
{
    public static ExtensionDescriptor Descriptor { get; } = new("Resource timestamps", "standard-attr-timestamp", "Adds created_at and updated_at fields to all Neutron resources that have Neutron standard attributes.", "2016-09-12T10:00:00-00:00")
    {
        ExtendedAttributes = new Dictionary<string, IReadOnlyList<AttributeSpec>>
        {
            ["networks"] = [ReadOnly("created_at"), ReadOnly("updated_at"), ReadOnly("tags")],
            ["subnets"] = [ReadOnly("created_at"), ReadOnly("updated_at"), ReadOnly("tags")],
            ["ports"] = [ReadOnly("created_at"), ReadOnly("updated_at"), ReadOnly("tags")],
        },
    };
}
