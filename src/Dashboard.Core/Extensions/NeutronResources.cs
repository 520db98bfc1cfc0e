using System.Text.Json.Nodes;
using Dashboard.Core.Policies;
using static Dashboard.Core.Extensions.Attributes;

namespace Dashboard.Core.Extensions;

/// <summary>Neutron's core resources (networks, subnets, ports) as attribute maps, and the extensions this plugin supports (one file each under <c>Neutron/</c>, as Neutron's <c>extensions/</c>).</summary>
public static class NeutronResources
{
    internal const string Updated = "2012-01-01T10:00:00-00:00";
    internal const string AdminOnly = "rule:admin_only";

    internal static readonly Validator FixedIps = new ListValidator(new DictValidator(new Dictionary<string, Validator>
    {
        ["subnet_id"] = new UuidValidator(),
        ["ip_address"] = new IpValidator(),
    }));

    public static readonly Validator Routes = new ListValidator(new DictValidator(new Dictionary<string, Validator>
    {
        ["destination"] = new CidrValidator(),
        ["nexthop"] = new IpValidator(),
    }, "destination", "nexthop"), Unique: true);

    public static IReadOnlyList<ResourceSpec> Core { get; } =
    [
        new("networks", "network",
        [
            Id(), Name(), ReadOnly("subnets"), AdminStateUp(), Status(), .. Project(),
            Bool("shared", false),
        ]),
        new("subnets", "subnet",
        [
            Id(), Name(), .. Project(),
            new("ip_version") { AllowPost = true, Validate = new ValuesValidator("4", "6"), ConvertTo = Converter.ToInt },
            Uuid("network_id") with { References = "networks" },
            new AttributeSpec("cidr") { AllowPost = true, Validate = new CidrValidator { NetworkAddress = true, Nullable = true } }.Optional(),
            new AttributeSpec("gateway_ip") { AllowPost = true, AllowPut = true, Validate = new IpValidator { Nullable = true } }.Optional(),
            new AttributeSpec("allocation_pools")
            {
                AllowPost = true, AllowPut = true,
                Validate = new ListValidator(new DictValidator(new Dictionary<string, Validator> { ["start"] = new IpValidator(), ["end"] = new IpValidator() }, "start", "end")),
            }.Optional(),
            new AttributeSpec("dns_nameservers") { AllowPost = true, AllowPut = true, Validate = new ListValidator(new IpValidator(), Unique: true) }.WithDefault(new JsonArray()),
            new AttributeSpec("host_routes") { AllowPost = true, AllowPut = true, Validate = Routes }.WithDefault(new JsonArray()),
            Bool("enable_dhcp", true),
            new AttributeSpec("ipv6_ra_mode") { AllowPost = true, Validate = new ValuesValidator("slaac", "dhcpv6-stateful", "dhcpv6-stateless") { Nullable = true } }.WithDefault(null),
            new AttributeSpec("ipv6_address_mode") { AllowPost = true, Validate = new ValuesValidator("slaac", "dhcpv6-stateful", "dhcpv6-stateless") { Nullable = true } }.WithDefault(null),
            ReadOnly("service_types"),
            // Neutron's: whether the subnet's network is shared; a filter (?shared=true), never shown.
            new AttributeSpec("shared") { IsVisible = false },
        ]),
        new("ports", "port",
        [
            Id(), Name(), Uuid("network_id") with { References = "networks" }, AdminStateUp(), .. Project(),
            new AttributeSpec("mac_address") { AllowPost = true, AllowPut = true, Validate = new MacValidator() }.Optional(),
            new AttributeSpec("fixed_ips") { AllowPost = true, AllowPut = true, Validate = FixedIps }.Optional(),
            String("device_id"), String("device_owner"), Status(),
        ]),
    ];

    public static IReadOnlyList<ExtensionDescriptor> Extensions { get; } =
    [
        Neutron.ProviderExtension.Descriptor,
        Neutron.ExternalNetExtension.Descriptor,
        Neutron.NetMtuExtension.Descriptor,
        Neutron.PortSecurityExtension.Descriptor,
        Neutron.AllowedAddressPairsExtension.Descriptor,
        Neutron.ExtraDhcpOptExtension.Descriptor,
        Neutron.BindingExtension.Descriptor,
        Neutron.RouterExtension.Descriptor,
        Neutron.FipPortDetailsExtension.Descriptor,
        Neutron.L3AgentSchedulerExtension.Descriptor,
        Neutron.DhcpAgentSchedulerExtension.Descriptor,
        Neutron.ExtGwModeExtension.Descriptor,
        Neutron.ExtrarouteExtension.Descriptor,
        Neutron.ExtrarouteAtomicExtension.Descriptor,
        Neutron.SecurityGroupExtension.Descriptor,
        Neutron.QuotasExtension.Descriptor,
        Neutron.QuotaDetailsExtension.Descriptor,
        Neutron.AgentExtension.Descriptor,
        Neutron.ProjectIdExtension.Descriptor,
        Neutron.StandardAttrTagExtension.Descriptor,
        Neutron.StandardAttrDescriptionExtension.Descriptor,
        Neutron.StandardAttrRevisionsExtension.Descriptor,
        Neutron.StandardAttrTimestampExtension.Descriptor,
        Neutron.PaginationExtension.Descriptor,
        Neutron.SortingExtension.Descriptor,
        Neutron.FieldsExtension.Descriptor,
        Neutron.FilterValidationExtension.Descriptor,
        Neutron.IpSubstringFilteringExtension.Descriptor,
        Neutron.SubnetAllocationExtension.Descriptor,
        Neutron.AddressScopeExtension.Descriptor,
        Neutron.RbacPoliciesExtension.Descriptor,
        Neutron.DefaultSubnetpoolsExtension.Descriptor,
        Neutron.NetworkIpAvailabilityExtension.Descriptor,
        Neutron.AvailabilityZoneExtension.Descriptor,
        Neutron.AvailabilityZoneExtension.Filter,
        Neutron.AvailabilityZoneExtension.Network,
        Neutron.AvailabilityZoneExtension.Router,
    ];
}
