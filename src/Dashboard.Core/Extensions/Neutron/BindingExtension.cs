using Dashboard.Core.Policies;
using static Dashboard.Core.Extensions.Attributes;

namespace Dashboard.Core.Extensions.Neutron;

/// <summary>Neutron's <c>binding</c> extension: Port Binding.</summary>
public static class BindingExtension
{
    public static ExtensionDescriptor Descriptor { get; } = new("Port Binding", "binding", "Expose port bindings of a virtual port to external application", "2014-02-03T10:00:00-00:00")
    {
        Policies =
        [
            .. PolicyRule.OnAttribute("port", "binding:host_id", NeutronResources.AdminOnly, get: true),
            .. PolicyRule.OnAttribute("port", "binding:profile", NeutronResources.AdminOnly, get: true),
            new("get_port:binding:vif_type", NeutronResources.AdminOnly, "Get the binding:vif_type of a port"),
            new("get_port:binding:vif_details", NeutronResources.AdminOnly, "Get the binding:vif_details of a port"),
        ],
        ExtendedAttributes = new Dictionary<string, IReadOnlyList<AttributeSpec>>
        {
            ["ports"] =
            [
                new AttributeSpec("binding:host_id") { AllowPost = true, AllowPut = true, Validate = new StringValidator(255) }.WithDefault(""),
                new AttributeSpec("binding:vnic_type") { AllowPost = true, AllowPut = true, Validate = new ValuesValidator("normal") }.WithDefault("normal"),
                new AttributeSpec("binding:profile") { AllowPost = true, AllowPut = true, Validate = new AnyDictValidator() }.Optional(),
                ReadOnly("binding:vif_type"), ReadOnly("binding:vif_details"),
            ],
        },
    };
}
