namespace Dashboard.Core.Extensions.Neutron;

/// <summary>Neutron's <c>quotas</c> extension: Quota management support.</summary>
public static class QuotasExtension
{
    public static ExtensionDescriptor Descriptor { get; } = new("Quota management support", "quotas", "Expose functions for quotas management per tenant", NeutronResources.Updated)
    {
        Policies =
        [
            new("get_quota", "rule:admin_or_project_reader", "Get a project's quotas"),
            new("get_quotas", NeutronResources.AdminOnly, "List every project's quotas"),
            new("update_quota", NeutronResources.AdminOnly, "Update a project's quotas"),
            new("delete_quota", NeutronResources.AdminOnly, "Reset a project's quotas to the defaults"),
        ],
    };
}
