namespace Dashboard.Core.Extensions.Neutron;

/// <summary>Neutron's <c>standard-attr-tag</c> extension: Tag support for resources with standard attribute: subnet, trunk, network_segment_range, router, network, policy, subnetpool, port, security_group, floatingip.</summary>
public static class StandardAttrTagExtension
{
    public static ExtensionDescriptor Descriptor { get; } = new("Tag support for resources with standard attribute: subnet, trunk, network_segment_range, router, network, policy, subnetpool, port, security_group, floatingip", "standard-attr-tag", "Enables to set tag on resources with standard attribute.", "2017-01-01T00:00:00-00:00");
}
