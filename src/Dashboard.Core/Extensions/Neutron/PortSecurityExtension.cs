using static Dashboard.Core.Extensions.Attributes;

namespace Dashboard.Core.Extensions.Neutron;

/// <summary>Neutron's <c>port-security</c> extension: Port Security.</summary>
public static class PortSecurityExtension
{
    public static ExtensionDescriptor Descriptor { get; } = new("Port Security", "port-security", "Provides port security", "2012-07-23T10:00:00-00:00")
    {
        // Neutron's: a port's anti-spoofing is the network owner's (or an admin's) to turn off, not a tenant's on a shared network.
        Policies = [.. Dashboard.Core.Policies.PolicyRule.OnAttribute("port", "port_security_enabled", "rule:admin_only or rule:network_owner")],
        ExtendedAttributes = new Dictionary<string, IReadOnlyList<AttributeSpec>>
        {
            ["networks"] = [Bool("port_security_enabled", true)],
            ["ports"] = [new AttributeSpec("port_security_enabled") { AllowPost = true, AllowPut = true, Validate = new BooleanValidator(), ConvertTo = Converter.ToBoolean }.Optional()],
        },
    };
}
