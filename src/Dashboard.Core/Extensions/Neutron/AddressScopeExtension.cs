using Dashboard.Core.Policies;
using static Dashboard.Core.Extensions.Attributes;

namespace Dashboard.Core.Extensions.Neutron;

/// <summary>
/// Neutron's <c>address-scope</c> extension: address scopes (subnet pools of one IP version whose prefixes are unique
/// within it), a subnet pool's <c>address_scope_id</c>, and a network's <c>ipv4_address_scope</c> and
/// <c>ipv6_address_scope</c> (its subnets' pool's). Only an admin shares a scope.
/// </summary>
public static class AddressScopeExtension
{
    public static ExtensionDescriptor Descriptor { get; } = new("Address scope", "address-scope", "Address scopes extension.", "2015-07-26T10:00:00-00:00")
    {
        Policies =
        [
            new("shared_address_scopes", "field:address_scopes:shared=True", "The address scope is shared"),
            .. PolicyRule.Crud("address_scope", "rule:admin_or_project_reader or rule:shared_address_scopes", "rule:admin_or_project_member", "address scope"),
            .. PolicyRule.OnAttribute("address_scope", "shared", NeutronResources.AdminOnly),
        ],
        Resources =
        [
            new("address-scopes", "address_scope",
            [
                Id(), Name(), .. Project(), Description(), .. Standard(),
                new("ip_version") { AllowPost = true, Validate = new ValuesValidator("4", "6"), ConvertTo = Converter.ToInt },
                Bool("shared", false),
            ]) { Noun = "address scope" },
        ],
        ExtendedAttributes = new Dictionary<string, IReadOnlyList<AttributeSpec>>
        {
            ["subnetpools"] = [new AttributeSpec("address_scope_id") { AllowPost = true, AllowPut = true, Validate = new UuidValidator { Nullable = true }, References = "address-scopes" }.WithDefault(null)],
            ["networks"] = [ReadOnly("ipv4_address_scope"), ReadOnly("ipv6_address_scope")],
        },
    };
}
