namespace Dashboard.Core.Extensions.Neutron;

/// <summary>Neutron's <c>ext-gw-mode</c> extension: Neutron L3 Configurable external gateway mode.</summary>
public static class ExtGwModeExtension
{
    public static ExtensionDescriptor Descriptor { get; } = new("Neutron L3 Configurable external gateway mode", "ext-gw-mode", "Extension of the router abstraction for specifying whether SNAT should occur on the external gateway", "2013-03-28T10:00:00-00:00");
}
