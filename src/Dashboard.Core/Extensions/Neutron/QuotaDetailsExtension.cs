namespace Dashboard.Core.Extensions.Neutron;

/// <summary>Neutron's <c>quota_details</c> extension: <c>GET /v2.0/quotas/{project}/details</c>, each resource's limit, used and reserved.</summary>
public static class QuotaDetailsExtension
{
    public static ExtensionDescriptor Descriptor { get; } = new("Quota details management support", "quota_details",
        "Expose functions for quotas usage statistics per project", "2017-02-10T10:00:00-00:00");
}
