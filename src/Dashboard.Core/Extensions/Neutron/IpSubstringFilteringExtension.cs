namespace Dashboard.Core.Extensions.Neutron;

/// <summary>Neutron's <c>ip-substring-filtering</c> extension (a shim: it adds no attribute): ports listed by part of an address, <c>?fixed_ips=ip_address_substr=10.0.0</c>.</summary>
public static class IpSubstringFilteringExtension
{
    public static ExtensionDescriptor Descriptor { get; } = new("IP address substring filtering", "ip-substring-filtering",
        "Provides IP address substring filtering when listing ports", "2017-11-28T09:00:00-00:00");
}
