using static Dashboard.Core.Extensions.Attributes;

namespace Dashboard.Core.Extensions.Neutron;

/// <summary>Neutron's <c>standard-attr-description</c> extension: standard-attr-description.</summary>
public static class StandardAttrDescriptionExtension
{
    public static ExtensionDescriptor Descriptor { get; } = new("standard-attr-description", "standard-attr-description", "Extension to add descriptions to standard attributes", "2016-02-10T10:00:00-00:00")
    {
        ExtendedAttributes = new Dictionary<string, IReadOnlyList<AttributeSpec>>
        {
            ["networks"] = [Description()],
            ["subnets"] = [Description()],
            ["ports"] = [Description()],
        },
    };
}
