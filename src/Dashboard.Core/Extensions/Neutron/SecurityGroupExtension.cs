using Dashboard.Core.Policies;
using static Dashboard.Core.Extensions.Attributes;

namespace Dashboard.Core.Extensions.Neutron;

/// <summary>Neutron's <c>security-group</c> extension: security-group.</summary>
public static class SecurityGroupExtension
{
    public static ExtensionDescriptor Descriptor { get; } = new("security-group", "security-group", "The security groups extension.", NeutronResources.Updated)
    {
        Policies =
        [
            .. PolicyRule.Crud("security_group", "rule:admin_or_project_reader", "rule:admin_or_project_member", "security group"),
            .. PolicyRule.Crud("security_group_rule", "rule:admin_or_project_reader", "rule:admin_or_project_member", "security group rule"),
        ],
        Resources =
        [
            new("security-groups", "security_group",
            [
                Id(), Name(), Description(), .. Project(), .. Standard(), ReadOnly("security_group_rules"), ReadOnly("stateful"),
            ]),
            new("security-group-rules", "security_group_rule",
            [
                Id(), Uuid("security_group_id") with { References = "security-groups" }, .. Project(), Description(allowPut: false), .. Standard(),
                new AttributeSpec("remote_group_id") { AllowPost = true, References = "security-groups" }.WithDefault(null),
                new("direction") { AllowPost = true, Validate = new ValuesValidator("ingress", "egress") },
                new AttributeSpec("protocol") { AllowPost = true, Validate = new StringValidator(16) { Nullable = true }, ConvertTo = Converter.NumberToString }.WithDefault(null),
                new AttributeSpec("port_range_min") { AllowPost = true, Validate = new RangeValidator(0, 65535) { Nullable = true }, ConvertTo = Converter.ToPortValue }.WithDefault(null),
                new AttributeSpec("port_range_max") { AllowPost = true, Validate = new RangeValidator(0, 65535) { Nullable = true }, ConvertTo = Converter.ToPortValue }.WithDefault(null),
                new AttributeSpec("ethertype") { AllowPost = true, Validate = new ValuesValidator("IPv4", "IPv6") }.WithDefault("IPv4"),
                new AttributeSpec("remote_ip_prefix") { AllowPost = true, Validate = new CidrValidator { Nullable = true } }.WithDefault(null),
            ]),
        ],
        ExtendedAttributes = new Dictionary<string, IReadOnlyList<AttributeSpec>>
        {
            ["ports"] = [new AttributeSpec("security_groups") { AllowPost = true, AllowPut = true, Validate = new ListValidator(new UuidValidator(), Unique: true), References = "security-groups" }.Optional()],
        },
    };
}
