using Dashboard.Core.Policies;
using static Dashboard.Core.Extensions.Attributes;

namespace Dashboard.Core.Extensions.Neutron;

/// <summary>
/// Neutron's <c>rbac-policies</c> extension, for networks, subnet pools and address scopes: the owner shares one with a
/// project (<c>access_as_shared</c>) or makes a network external for one (<c>access_as_external</c>); for every project
/// (<c>*</c>) only an admin (Neutron's <c>restrict_wildcard</c>). The target project sees the object shared (or the network
/// external), not the policy.
/// </summary>
public static class RbacPoliciesExtension
{
    public static ExtensionDescriptor Descriptor { get; } = new("RBAC Policies", "rbac-policies", "Allows creation and modification of policies that control tenant access to resources.", "2015-06-17T12:15:12-00:00")
    {
        Policies =
        [
            new("restrict_wildcard", "(not field:rbac_policy:target_tenant=*) or rule:admin_only", "A policy for every project is an admin's"),
            .. PolicyRule.Crud("rbac_policy", "rule:admin_or_project_reader", "rule:admin_or_project_member", "RBAC policy"),
            .. PolicyRule.OnAttribute("rbac_policy", "target_tenant", "rule:restrict_wildcard"),
        ],
        Resources =
        [
            new("rbac-policies", "rbac_policy",
            [
                Id(), .. Project(),
                new("object_type") { AllowPost = true, Validate = new ValuesValidator([.. Networking.RbacService.Actions.Keys]) },
                new("object_id") { AllowPost = true, Validate = new UuidValidator() },
                new("action") { AllowPost = true, Validate = new ValuesValidator(Networking.RbacPolicy.AccessAsShared, Networking.RbacPolicy.AccessAsExternal) },
                new("target_tenant") { AllowPost = true, AllowPut = true, Validate = new StringValidator(255) },
            ]) { Noun = "RBAC policy" },
        ],
    };
}
