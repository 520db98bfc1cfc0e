using static Dashboard.Core.Extensions.Attributes;

namespace Dashboard.Core.Extensions.Neutron;

/// <summary>
/// Neutron's <c>network-ip-availability</c> extension: per network (and per subnet of it) how many addresses its
/// allocation pools hold and how many are allocated. Read only; an admin's by default.
/// </summary>
public static class NetworkIpAvailabilityExtension
{
    public static ExtensionDescriptor Descriptor { get; } = new("Network IP Availability", "network-ip-availability", "Provides IP availability data for each network and subnet.", "2015-09-24T00:00:00-00:00")
    {
        Policies = [new("get_network_ip_availability", NeutronResources.AdminOnly, "Get the IP availability of networks")],
        Resources =
        [
            new("network-ip-availabilities", "network_ip_availability",
            [
                ReadOnly("network_id"), ReadOnly("network_name"), ReadOnly("tenant_id"), ReadOnly("project_id"),
                ReadOnly("total_ips"), ReadOnly("used_ips"), ReadOnly("subnet_ip_availability"),
                // A filter only (openstack ip availability list asks ?ip_version=4): networks with a subnet of that version.
                new AttributeSpec("ip_version") { IsVisible = false },
            ]) { IdAttribute = "network_id", Noun = "network" },
        ],
    };
}
