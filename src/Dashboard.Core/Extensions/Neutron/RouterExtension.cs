using Dashboard.Core.Policies;
using static Dashboard.Core.Extensions.Attributes;

namespace Dashboard.Core.Extensions.Neutron;

/// <summary>Neutron's <c>router</c> extension: Neutron L3 Router.</summary>
public static class RouterExtension
{
    public static ExtensionDescriptor Descriptor { get; } = new("Neutron L3 Router", "router", "Router abstraction for basic L3 forwarding between L2 Neutron networks and access to external networks via a NAT gateway.", "2012-07-20T10:00:00-00:00")
    {
        Policies =
        [
            .. PolicyRule.Crud("router", "rule:admin_or_project_reader", "rule:admin_or_project_member", "router"),
            new("add_router_interface", "rule:admin_or_project_member and rule:router_interface_owner", "Add an interface to a router"),
            new("router_interface_owner", "rule:admin_only or project_id:%(subnet:project_id)s or rule:network_shared or project_id:%(port:project_id)s",
                "The interface's subnet (or port) is the caller's project's, or on a shared network"),
            new("remove_router_interface", "rule:admin_or_project_member", "Remove an interface from a router"),
            .. PolicyRule.Crud("floatingip", "rule:admin_or_project_reader", "rule:admin_or_project_member", "floating IP"),
        ],
        Resources =
        [
            new("routers", "router",
            [
                Id(), Name(), AdminStateUp(), Status(), .. Project(), Description(), .. Standard(),
                new AttributeSpec("external_gateway_info")
                {
                    AllowPost = true, AllowPut = true,
                    Validate = new DictValidator(new Dictionary<string, Validator>
                    {
                        ["network_id"] = new UuidValidator(),
                        ["enable_snat"] = new BooleanValidator(),
                        ["external_fixed_ips"] = NeutronResources.FixedIps,
                    }, "network_id") { Nullable = true, EmptyMeansNone = true },
                }.WithDefault(null),
            ]),
            new("floatingips", "floatingip",
            [
                Id(), .. Project(), Description(), .. Standard(), Status(),
                new AttributeSpec("floating_ip_address") { AllowPost = true, Validate = new IpValidator() }.Optional(),
                new AttributeSpec("subnet_id") { AllowPost = true, Validate = new UuidValidator { Nullable = true } }.Optional(),
                Uuid("floating_network_id") with { References = "networks" },
                ReadOnly("router_id"),
                new AttributeSpec("port_id") { AllowPost = true, AllowPut = true, Validate = new UuidValidator { Nullable = true }, References = "ports" }.WithDefault(null),
                new AttributeSpec("fixed_ip_address") { AllowPost = true, AllowPut = true, Validate = new IpValidator { Nullable = true } }.WithDefault(null),
            ]) { Noun = "floating IP" },
        ],
    };
}
