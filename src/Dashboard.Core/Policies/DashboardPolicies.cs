namespace Dashboard.Core.Policies;

/// <summary>
/// The console's own rules, for pages no single API action stands for (as Horizon asks its
/// panels' services). They refer to the API's rules, so a policy file that changes those changes the pages.
/// </summary>
public static class DashboardPolicies
{
    public const string AdminPanel = "dashboard:admin_panel";
    public const string HostDetails = "dashboard:host_details";

    public static IReadOnlyList<PolicyRule> Rules { get; } =
    [
        new(AdminPanel, "rule:context_is_admin", "See the Admin panels (every project's resources, segmentation, port status)"),
        new(HostDetails, "rule:get_port:binding:host_id", "See where ports are bound: compute nodes, their bridges and namespaces"),
    ];
}
