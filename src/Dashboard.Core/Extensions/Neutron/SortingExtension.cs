namespace Dashboard.Core.Extensions.Neutron;

/// <summary>Neutron's <c>sorting</c> extension: Sorting support.</summary>
public static class SortingExtension
{
    public static ExtensionDescriptor Descriptor { get; } = new("Sorting support", "sorting", "Extension that indicates that sorting is enabled.", "2016-06-12T00:00:00-00:00");
}
