namespace Dashboard.Core.Extensions.Neutron;

/// <summary>Neutron's <c>filter-validation</c> extension: Filter parameters validation.</summary>
public static class FilterValidationExtension
{
    public static ExtensionDescriptor Descriptor { get; } = new("Filter parameters validation", "filter-validation", "Provides validation on filter parameters.", "2018-03-21T10:00:00-00:00");
}
