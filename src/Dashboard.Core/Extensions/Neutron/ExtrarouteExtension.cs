namespace Dashboard.Core.Extensions.Neutron;

/// <summary>Neutron's <c>extraroute</c> extension: Neutron Extra Route.</summary>
public static class ExtrarouteExtension
{
    public static ExtensionDescriptor Descriptor { get; } = new("Neutron Extra Route", "extraroute", "Extra routes configuration for L3 router", "2013-02-01T10:00:00-00:00")
    {
        ExtendedAttributes = new Dictionary<string, IReadOnlyList<AttributeSpec>> { ["routers"] = [new AttributeSpec("routes") { AllowPut = true, Validate = NeutronResources.Routes, ConvertTo = Converter.NoneToEmptyList }] },
    };
}
