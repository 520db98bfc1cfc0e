using static Dashboard.Core.Extensions.Attributes;

namespace Dashboard.Core.Extensions.Neutron;

/// <summary>Neutron's <c>default-subnetpools</c> extension: a subnet asks for the default pool of its IP version (<c>use_default_subnetpool</c>) instead of naming one.</summary>
public static class DefaultSubnetpoolsExtension
{
    public static ExtensionDescriptor Descriptor { get; } = new("Default Subnetpools", "default-subnetpools", "Provides ability to mark and use a subnetpool as the default.", "2016-02-18T18:00:00-00:00")
    {
        ExtendedAttributes = new Dictionary<string, IReadOnlyList<AttributeSpec>>
        {
            ["subnets"] = [Bool("use_default_subnetpool", false, allowPut: false) with { IsVisible = false }],
        },
    };
}
