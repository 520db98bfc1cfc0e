namespace Dashboard.Core.Policies;

/// <summary>
/// Keystone's default rules for the identity API this product serves (<c>keystone/common/policies/</c>): the admin part
/// is the admin's; a user may also read their own domain, project and user, and list their own projects.
/// </summary>
public static class KeystonePolicies
{
    public static IReadOnlyList<PolicyRule> Rules { get; } =
    [
        new("admin_required", "role:admin", "Keystone's admin"),
        new("identity:get_domain", "rule:admin_required or token.project.domain.id:%(target.domain.id)s or token.domain.id:%(target.domain.id)s", "Show a domain"),
        new("identity:list_domains", "rule:admin_required", "List domains"),
        new("identity:create_domain", "rule:admin_required", "Create a domain"),
        new("identity:update_domain", "rule:admin_required", "Update a domain"),
        new("identity:delete_domain", "rule:admin_required", "Delete a domain"),
        .. Crud("group", "groups"),
        .. Crud("region", "regions"),
        .. Crud("service", "services"),
        .. Crud("endpoint", "endpoints"),
        new("identity:list_users_in_group", "rule:admin_required", "List a group's users"),
        new("identity:add_user_to_group", "rule:admin_required", "Add a user to a group"),
        new("identity:remove_user_from_group", "rule:admin_required", "Remove a user from a group"),
        new("identity:check_user_in_group", "rule:admin_required", "Check a user's membership of a group"),
        new("identity:create_application_credential", "user_id:%(target.user.id)s", "Create an application credential of one's own"),
        new("identity:list_application_credentials", "rule:admin_required or user_id:%(target.user.id)s", "List a user's application credentials"),
        new("identity:get_application_credential", "rule:admin_required or user_id:%(target.user.id)s", "Show an application credential"),
        new("identity:delete_application_credential", "rule:admin_required or user_id:%(target.user.id)s", "Delete an application credential"),
        new("identity:list_groups_for_user", "rule:admin_required or user_id:%(target.user.id)s", "List the groups a user is in"),
        .. Crud("project", "projects").Where(r => r.Name != "identity:get_project"),
        new("identity:get_project", "rule:admin_required or project_id:%(target.project.id)s", "Show a project"),
        .. Crud("user", "users").Where(r => r.Name != "identity:get_user"),
        new("identity:get_user", "rule:admin_required or user_id:%(target.user.id)s", "Show a user"),
        new("identity:get_project_tags", "rule:admin_required or project_id:%(target.project.id)s", "List a project's tags"),
        new("identity:get_project_tag", "rule:admin_required or project_id:%(target.project.id)s", "Check a project's tag"),
        new("identity:update_project_tags", "rule:admin_required", "Replace a project's tags"),
        new("identity:create_project_tag", "rule:admin_required", "Add a tag to a project"),
        new("identity:delete_project_tag", "rule:admin_required", "Remove a tag from a project"),
        new("identity:delete_project_tags", "rule:admin_required", "Remove every tag of a project"),
        new("identity:list_user_projects", "rule:admin_required or user_id:%(target.user.id)s", "List the projects a user has a role on"),
        new("identity:get_role", "rule:admin_required", "Show a role"),
        new("identity:list_roles", "rule:admin_required", "List roles"),
        new("identity:create_role", "rule:admin_required", "Create a role"),
        new("identity:update_role", "rule:admin_required", "Update a role"),
        new("identity:delete_role", "rule:admin_required", "Delete a role"),
        new("identity:create_grant", "rule:admin_required", "Grant a role to a user or group on a project"),
        new("identity:revoke_grant", "rule:admin_required", "Revoke a user's or group's role on a project"),
        new("identity:check_grant", "rule:admin_required", "Check a user's or group's role on a project"),
        new("identity:list_grants", "rule:admin_required", "List a user's or group's roles on a project"),
        new("identity:list_role_assignments", "rule:admin_required", "List role assignments"),
        new("identity:list_domain_roles", "rule:admin_required", "List a domain's own roles"),
        new("identity:list_implied_roles", "rule:admin_required", "List the roles a role implies"),
        new("identity:get_implied_role", "rule:admin_required", "Show an inference rule"),
        new("identity:check_implied_role", "rule:admin_required", "Check an inference rule"),
        new("identity:create_implied_role", "rule:admin_required", "Make a role imply another"),
        new("identity:delete_implied_role", "rule:admin_required", "Remove an inference rule"),
        new("identity:list_role_inference_rules", "rule:admin_required", "List every inference rule"),
        .. new[] { "user", "group" }.SelectMany(actor => new PolicyRule[]
        {
            new($"identity:create_system_grant_for_{actor}", "rule:admin_required", $"Grant a role to a {actor} on the system"),
            new($"identity:check_system_grant_for_{actor}", "rule:admin_required", $"Check a {actor}'s role on the system"),
            new($"identity:list_system_grants_for_{actor}", "rule:admin_required", $"List a {actor}'s roles on the system"),
            new($"identity:revoke_system_grant_for_{actor}", "rule:admin_required", $"Revoke a {actor}'s role on the system"),
        }),
    ];

    private static IEnumerable<PolicyRule> Crud(string member, string collection) =>
    [
        new($"identity:get_{member}", "rule:admin_required", $"Show a {member}"),
        new($"identity:list_{collection}", "rule:admin_required", $"List {collection}"),
        new($"identity:create_{member}", "rule:admin_required", $"Create a {member}"),
        new($"identity:update_{member}", "rule:admin_required", $"Update a {member}"),
        new($"identity:delete_{member}", "rule:admin_required", $"Delete a {member}"),
    ];
}
