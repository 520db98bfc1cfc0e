namespace Dashboard.Core.Extensions.Neutron;

/// <summary>Neutron's <c>pagination</c> extension: Pagination support.</summary>
public static class PaginationExtension
{
    public static ExtensionDescriptor Descriptor { get; } = new("Pagination support", "pagination", "Extension that indicates that pagination is enabled.", "2016-06-12T00:00:00-00:00");
}
