namespace Dashboard.Core.Extensions.Neutron;

/// <summary>Neutron's <c>fields</c> extension: Field selection support.</summary>
public static class FieldsExtension
{
    public static ExtensionDescriptor Descriptor { get; } = new("Field selection support", "fields", "Extension that indicates that the fields query parameter selects the attributes returned.", "2016-06-12T00:00:00-00:00");
}
