namespace Dashboard.Core.Policies;

/// <summary>
/// Neutron's default rules for its core resources (networks, subnets, ports) in oslo.policy's syntax (the secure-RBAC defaults of <c>neutron/conf/policies/</c>):
/// an admin does anything; a project's members change their project's resources; its readers see them;
/// shared and external networks are seen by everyone. Each extension's descriptor declares the rules of what it adds.
/// </summary>
public static class NeutronPolicies
{
    public static IReadOnlyList<PolicyRule> Base { get; } =
    [
        new("context_is_admin", "role:admin", "Rule for cloud admin access"),
        new("admin_only", "rule:context_is_admin", "Rule for admin-only access"),
        new("project_member", "role:member and project_id:%(project_id)s", "A member of the resource's project"),
        new("project_reader", "role:reader and project_id:%(project_id)s", "A reader (or member) of the resource's project"),
        new("admin_or_project_member", "rule:admin_only or rule:project_member", "An admin, or a member of the resource's project"),
        new("admin_or_project_reader", "rule:admin_only or rule:project_reader", "An admin, or a reader of the resource's project"),
        new("network_owner", "project_id:%(network:project_id)s", "The caller's project owns the resource's network"),
        new("admin_or_network_owner_member", "rule:admin_only or (role:member and rule:network_owner)", "An admin, or a member of the project owning the resource's network"),
        new("shared", "field:networks:shared=True", "The network is shared"),
        new("external", "field:networks:router:external=True", "The network is external"),
        new("network_shared", "field:networks:network:shared=True", "The resource's network is shared"),
        new("default", "rule:admin_or_project_member", "The rule of an action no other rule names"),
    ];

    public static IReadOnlyList<PolicyRule> Resources { get; } =
    [
        .. PolicyRule.Crud("network", "rule:admin_or_project_reader or rule:shared or rule:external", "rule:admin_or_project_member", "network"),
        .. PolicyRule.OnAttribute("network", "shared", "rule:admin_only"),

        // Subnets of an external network that is not shared are the operator's (tempest's test_external_network_visibility).
        .. PolicyRule.Crud("subnet", "rule:admin_or_project_reader or rule:network_shared or (role:reader and rule:network_owner)",
            "rule:admin_or_network_owner_member", "subnet"),

        .. PolicyRule.Crud("port", "rule:admin_or_project_reader", "rule:admin_or_project_member", "port"),
        // Neutron's: a MAC is chosen by the network's owner (or an admin) and changed by an admin only.
        .. PolicyRule.OnAttribute("port", "mac_address", "rule:admin_only or rule:network_owner", update: false),
        .. PolicyRule.OnAttribute("port", "mac_address", "rule:admin_only", create: false),
    ];
}
