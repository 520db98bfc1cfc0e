using Dashboard.Core.Policies;
using static Dashboard.Core.Extensions.Attributes;

namespace Dashboard.Core.Extensions.Neutron;

/// <summary>Neutron's <c>external-net</c> extension: Neutron external network.</summary>
public static class ExternalNetExtension
{
    public static ExtensionDescriptor Descriptor { get; } = new("Neutron external network", "external-net", "Adds external network attribute to network resource.", "2013-01-14T10:00:00-00:00")
    {
        Policies = [.. PolicyRule.OnAttribute("network", "router:external", NeutronResources.AdminOnly)],
        ExtendedAttributes = new Dictionary<string, IReadOnlyList<AttributeSpec>> { ["networks"] = [Bool("router:external", false)] },
    };
}
