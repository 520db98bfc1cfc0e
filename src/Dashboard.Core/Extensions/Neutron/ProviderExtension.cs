using Dashboard.Core.Policies;

namespace Dashboard.Core.Extensions.Neutron;

/// <summary>Neutron's <c>provider</c> extension: Provider Network.</summary>
public static class ProviderExtension
{
    public static ExtensionDescriptor Descriptor { get; } = new("Provider Network", "provider", "Expose mapping of virtual networks to physical networks", NeutronResources.Updated)
    {
        Policies =
        [
            .. PolicyRule.OnAttribute("network", "provider:network_type", NeutronResources.AdminOnly, get: true, update: false),
            .. PolicyRule.OnAttribute("network", "provider:physical_network", NeutronResources.AdminOnly, get: true, update: false),
            .. PolicyRule.OnAttribute("network", "provider:segmentation_id", NeutronResources.AdminOnly, get: true, update: false),
        ],
        ExtendedAttributes = new Dictionary<string, IReadOnlyList<AttributeSpec>>
        {
            ["networks"] =
            [
                new AttributeSpec("provider:network_type") { AllowPost = true, Validate = new ValuesValidator([.. Segmentation.NetworkTypes.All]) }.Optional(),
                new AttributeSpec("provider:physical_network") { AllowPost = true, Validate = new StringValidator(64) }.Optional(),
                new AttributeSpec("provider:segmentation_id") { AllowPost = true, Validate = new RangeValidator(0, uint.MaxValue), ConvertTo = Converter.ToInt }.Optional(),
            ],
        },
    };
}
