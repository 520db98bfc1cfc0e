using static Dashboard.Core.Extensions.Attributes;

namespace Dashboard.Core.Extensions.Neutron;

/// <summary>Neutron's <c>standard-attr-revisions</c> extension: Resource revision numbers.</summary>
public static class StandardAttrRevisionsExtension
{
    public static ExtensionDescriptor Descriptor { get; } = new("Resource revision numbers", "standard-attr-revisions", "This extension will display the revision number of neutron resources.", "2016-04-11T10:00:00-00:00")
    {
        ExtendedAttributes = new Dictionary<string, IReadOnlyList<AttributeSpec>>
        {
            ["networks"] = [ReadOnly("revision_number")],
            ["subnets"] = [ReadOnly("revision_number")],
            ["ports"] = [ReadOnly("revision_number")],
        },
    };
}
