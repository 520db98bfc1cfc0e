using static Dashboard.Core.Extensions.Attributes;

namespace Dashboard.Core.Extensions.Neutron;

/// <summary>Neutron's <c>fip-port-details</c> extension: Floating IP Port Details Extension.</summary>
public static class FipPortDetailsExtension
{
    public static ExtensionDescriptor Descriptor { get; } = new("Floating IP Port Details Extension", "fip-port-details", "Add port_details attribute to Floating IP resource", "2018-04-09T10:00:00-00:00")
    {
        ExtendedAttributes = new Dictionary<string, IReadOnlyList<AttributeSpec>> { ["floatingips"] = [ReadOnly("port_details")] },
    };
}
