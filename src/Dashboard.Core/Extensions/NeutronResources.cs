using System.Text.Json.Nodes;
using Dashboard.Core.Policies;
using static Dashboard.Core.Extensions.Attributes;

namespace Dashboard.Core.Extensions;

/// <summary>Neutron's core resources (networks, subnets, ports) and the extensions this plugin supports, as attribute maps.</summary>
public static class NeutronResources
{
    private const string Updated = "2012-01-01T10:00:00-00:00";
    private const string AdminOnly = "rule:admin_only";

    private static readonly Validator FixedIps = new ListValidator(new DictValidator(new Dictionary<string, Validator>
    {
        ["subnet_id"] = new UuidValidator(),
        ["ip_address"] = new IpValidator(),
    }));

    private static readonly Validator Routes = new ListValidator(new DictValidator(new Dictionary<string, Validator>
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
            new("cidr") { AllowPost = true, Validate = new CidrValidator() },
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
            ReadOnly("subnetpool_id"), ReadOnly("service_types"),
        ]),
        new("ports", "port",
        [
            Id(), Name(), Uuid("network_id") with { References = "networks" }, AdminStateUp(), .. Project(),
            new AttributeSpec("mac_address") { AllowPost = true, Validate = new MacValidator() }.Optional(),
            new AttributeSpec("fixed_ips") { AllowPost = true, AllowPut = true, Validate = FixedIps }.Optional(),
            String("device_id"), String("device_owner"), Status(),
            ReadOnly("allowed_address_pairs"), ReadOnly("extra_dhcp_opts"),
        ]),
    ];

    public static IReadOnlyList<ExtensionDescriptor> Extensions { get; } =
    [
        new("Provider Network", "provider", "Expose mapping of virtual networks to physical networks", Updated)
        {
            Policies = [
                .. PolicyRule.OnAttribute("network", "provider:network_type", AdminOnly, get: true, update: false),
                .. PolicyRule.OnAttribute("network", "provider:physical_network", AdminOnly, get: true, update: false),
                .. PolicyRule.OnAttribute("network", "provider:segmentation_id", AdminOnly, get: true, update: false),
            ],
            ExtendedAttributes = new Dictionary<string, IReadOnlyList<AttributeSpec>>
            {
                ["networks"] =
                [
                    new AttributeSpec("provider:network_type") { AllowPost = true, Validate = new ValuesValidator("local", "flat", "vlan", "gre", "vxlan") }.Optional(),
                    new AttributeSpec("provider:physical_network") { AllowPost = true, Validate = new StringValidator(64) }.Optional(),
                    new AttributeSpec("provider:segmentation_id") { AllowPost = true, Validate = new RangeValidator(0, uint.MaxValue), ConvertTo = Converter.ToInt }.Optional(),
                ],
            },
        },
        new("Neutron external network", "external-net", "Adds external network attribute to network resource.", "2013-01-14T10:00:00-00:00")
        {
            Policies = [.. PolicyRule.OnAttribute("network", "router:external", AdminOnly)],
            ExtendedAttributes = new Dictionary<string, IReadOnlyList<AttributeSpec>> { ["networks"] = [Bool("router:external", false)] },
        },
        new("Network MTU", "net-mtu", "Provides MTU attribute for a network resource.", "2015-03-25T10:00:00-00:00")
        {
            ExtendedAttributes = new Dictionary<string, IReadOnlyList<AttributeSpec>>
            {
                ["networks"] = [new AttributeSpec("mtu") { AllowPost = true, AllowPut = true, Validate = new RangeValidator(68, 65535), ConvertTo = Converter.ToInt }.Optional()],
            },
        },
        new("Port Security", "port-security", "Provides port security", "2012-07-23T10:00:00-00:00")
        {
            ExtendedAttributes = new Dictionary<string, IReadOnlyList<AttributeSpec>>
            {
                ["networks"] = [Bool("port_security_enabled", true)],
                ["ports"] = [new AttributeSpec("port_security_enabled") { AllowPost = true, AllowPut = true, Validate = new BooleanValidator(), ConvertTo = Converter.ToBoolean }.Optional()],
            },
        },
        new("Port Binding", "binding", "Expose port bindings of a virtual port to external application", "2014-02-03T10:00:00-00:00")
        {
            Policies = [
                .. PolicyRule.OnAttribute("port", "binding:host_id", AdminOnly, get: true),
                .. PolicyRule.OnAttribute("port", "binding:profile", AdminOnly, get: true),
                new("get_port:binding:vif_type", AdminOnly, "Get the binding:vif_type of a port"),
                new("get_port:binding:vif_details", AdminOnly, "Get the binding:vif_details of a port"),
            ],
            ExtendedAttributes = new Dictionary<string, IReadOnlyList<AttributeSpec>>
            {
                ["ports"] =
                [
                    new AttributeSpec("binding:host_id") { AllowPost = true, AllowPut = true, Validate = new StringValidator(255) }.WithDefault(""),
                    new AttributeSpec("binding:vnic_type") { AllowPost = true, AllowPut = true, Validate = new ValuesValidator("normal") }.WithDefault("normal"),
                    new AttributeSpec("binding:profile") { AllowPost = true, AllowPut = true, Validate = new AnyDictValidator() }.Optional(),
                    ReadOnly("binding:vif_type"), ReadOnly("binding:vif_details"),
                ],
            },
        },
        new("Neutron L3 Router", "router", "Router abstraction for basic L3 forwarding between L2 Neutron networks and access to external networks via a NAT gateway.", "2012-07-20T10:00:00-00:00")
        {
            Policies = [
                .. PolicyRule.Crud("router", "rule:admin_or_project_reader", "rule:admin_or_project_member", "router"),
                new("add_router_interface", "rule:admin_or_project_member and rule:router_interface_owner", "Add an interface to a router"),
                new("router_interface_owner", "rule:admin_only or project_id:%(subnet:project_id)s or rule:network_shared or project_id:%(port:project_id)s",
                    "The interface's subnet (or port) is the caller's project's, or on a shared network"),
                new("remove_router_interface", "rule:admin_or_project_member", "Remove an interface from a router"),
                .. PolicyRule.Crud("floatingip", "rule:admin_or_project_reader", "rule:admin_or_project_member", "floating IP"),
            ],
            Resources =
            [
                new("routers", "router",
                [
                    Id(), Name(), AdminStateUp(), Status(), .. Project(), Description(), .. Standard(),
                    new AttributeSpec("external_gateway_info")
                    {
                        AllowPost = true, AllowPut = true,
                        Validate = new DictValidator(new Dictionary<string, Validator>
                        {
                            ["network_id"] = new UuidValidator(),
                            ["enable_snat"] = new BooleanValidator(),
                            ["external_fixed_ips"] = FixedIps,
                        }, "network_id") { Nullable = true, EmptyMeansNone = true },
                    }.WithDefault(null),
                ]),
                new("floatingips", "floatingip",
                [
                    Id(), .. Project(), Description(), .. Standard(), Status(),
                    new AttributeSpec("floating_ip_address") { AllowPost = true, Validate = new IpValidator() }.Optional(),
                    new AttributeSpec("subnet_id") { AllowPost = true, Validate = new UuidValidator { Nullable = true } }.Optional(),
                    Uuid("floating_network_id") with { References = "networks" },
                    ReadOnly("router_id"),
                    new AttributeSpec("port_id") { AllowPost = true, AllowPut = true, Validate = new UuidValidator { Nullable = true }, References = "ports" }.WithDefault(null),
                    new AttributeSpec("fixed_ip_address") { AllowPost = true, AllowPut = true, Validate = new IpValidator { Nullable = true } }.WithDefault(null),
                ]) { Noun = "floating IP" },
            ],
        },
        new("Floating IP Port Details Extension", "fip-port-details", "Add port_details attribute to Floating IP resource", "2018-04-09T10:00:00-00:00")
        {
            ExtendedAttributes = new Dictionary<string, IReadOnlyList<AttributeSpec>> { ["floatingips"] = [ReadOnly("port_details")] },
        },
        new("L3 Agent Scheduler", "l3_agent_scheduler", "Schedule routers among l3 agents", "2013-02-07T10:00:00-00:00")
        {
            Policies =
            [
                new("get_l3-routers", AdminOnly, "List the routers an L3 agent hosts"),
                new("create_l3-router", AdminOnly, "Add a router to an L3 agent"),
                new("delete_l3-router", AdminOnly, "Remove a router from an L3 agent"),
                new("get_l3-agents", AdminOnly, "List the L3 agents hosting a router"),
            ],
        },
        new("DHCP Agent Scheduler", "dhcp_agent_scheduler", "Schedule networks among dhcp agents", "2013-02-07T10:00:00-00:00")
        {
            Policies =
            [
                new("get_dhcp-networks", AdminOnly, "List the networks a DHCP agent serves"),
                new("create_dhcp-network", AdminOnly, "Add a network to a DHCP agent"),
                new("delete_dhcp-network", AdminOnly, "Remove a network from a DHCP agent"),
                new("get_dhcp-agents", AdminOnly, "List the DHCP agents serving a network"),
            ],
        },
        new("Neutron L3 Configurable external gateway mode", "ext-gw-mode", "Extension of the router abstraction for specifying whether SNAT should occur on the external gateway", "2013-03-28T10:00:00-00:00"),
        new("Neutron Extra Route", "extraroute", "Extra routes configuration for L3 router", "2013-02-01T10:00:00-00:00")
        {
            ExtendedAttributes = new Dictionary<string, IReadOnlyList<AttributeSpec>> { ["routers"] = [new AttributeSpec("routes") { AllowPut = true, Validate = Routes, ConvertTo = Converter.NoneToEmptyList }] },
        },
        new("security-group", "security-group", "The security groups extension.", Updated)
        {
            Policies = [
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
                    new AttributeSpec("remote_group_id") { AllowPost = true, Validate = new UuidValidator { Nullable = true }, References = "security-groups" }.WithDefault(null),
                    new("direction") { AllowPost = true, Validate = new ValuesValidator("ingress", "egress") },
                    new AttributeSpec("protocol") { AllowPost = true, Validate = new StringValidator(16) { Nullable = true } }.WithDefault(null),
                    new AttributeSpec("port_range_min") { AllowPost = true, Validate = new RangeValidator(0, 65535) { Nullable = true }, ConvertTo = Converter.ToInt }.WithDefault(null),
                    new AttributeSpec("port_range_max") { AllowPost = true, Validate = new RangeValidator(0, 65535) { Nullable = true }, ConvertTo = Converter.ToInt }.WithDefault(null),
                    new AttributeSpec("ethertype") { AllowPost = true, Validate = new ValuesValidator("IPv4", "IPv6") }.WithDefault("IPv4"),
                    new AttributeSpec("remote_ip_prefix") { AllowPost = true, Validate = new CidrValidator { Nullable = true } }.WithDefault(null),
                ]),
            ],
            ExtendedAttributes = new Dictionary<string, IReadOnlyList<AttributeSpec>>
            {
                ["ports"] = [new AttributeSpec("security_groups") { AllowPost = true, AllowPut = true, Validate = new ListValidator(new UuidValidator(), Unique: true), References = "security-groups" }.Optional()],
            },
        },
        new("Quota management support", "quotas", "Expose functions for quotas management per tenant", Updated)
        {
            Policies =
            [
                new("get_quota", "rule:admin_or_project_reader", "Get a project's quotas"),
                new("get_quotas", AdminOnly, "List every project's quotas"),
                new("update_quota", AdminOnly, "Update a project's quotas"),
                new("delete_quota", AdminOnly, "Reset a project's quotas to the defaults"),
            ],
        },
        new("agent", "agent", "The agent management extension.", "2013-02-03T10:00:00-00:00")
        {
            Policies = [new("get_agent", AdminOnly, "Get an agent"), new("update_agent", AdminOnly, "Update an agent")],
        },
        new("project_id field enabled", "project-id", "Extension that indicates that project_id field is enabled.", "2016-09-09T09:09:09-09:09"),
        new("Tag support for resources with standard attribute: subnet, trunk, network_segment_range, router, network, policy, subnetpool, port, security_group, floatingip", "standard-attr-tag", "Enables to set tag on resources with standard attribute.", "2017-01-01T00:00:00-00:00"),
        new("standard-attr-description", "standard-attr-description", "Extension to add descriptions to standard attributes", "2016-02-10T10:00:00-00:00")
        {
            ExtendedAttributes = new Dictionary<string, IReadOnlyList<AttributeSpec>>
            {
                ["networks"] = [Description()], ["subnets"] = [Description()], ["ports"] = [Description()],
            },
        },
        new("Resource revision numbers", "standard-attr-revisions", "This extension will display the revision number of neutron resources.", "2016-04-11T10:00:00-00:00")
        {
            ExtendedAttributes = new Dictionary<string, IReadOnlyList<AttributeSpec>>
            {
                ["networks"] = [ReadOnly("revision_number")], ["subnets"] = [ReadOnly("revision_number")], ["ports"] = [ReadOnly("revision_number")],
            },
        },
        new("Resource timestamps", "standard-attr-timestamp", "Adds created_at and updated_at fields to all Neutron resources that have Neutron standard attributes.", "2016-09-12T10:00:00-00:00")
        {
            ExtendedAttributes = new Dictionary<string, IReadOnlyList<AttributeSpec>>
            {
                ["networks"] = [ReadOnly("created_at"), ReadOnly("updated_at"), ReadOnly("tags")],
                ["subnets"] = [ReadOnly("created_at"), ReadOnly("updated_at"), ReadOnly("tags")],
                ["ports"] = [ReadOnly("created_at"), ReadOnly("updated_at"), ReadOnly("tags")],
            },
        },
        new("Pagination support", "pagination", "Extension that indicates that pagination is enabled.", "2016-06-12T00:00:00-00:00"),
        new("Sorting support", "sorting", "Extension that indicates that sorting is enabled.", "2016-06-12T00:00:00-00:00"),
        new("Field selection support", "fields", "Extension that indicates that the fields query parameter selects the attributes returned.", "2016-06-12T00:00:00-00:00"),
        new("Filter parameters validation", "filter-validation", "Provides validation on filter parameters.", "2018-03-21T10:00:00-00:00"),
    ];
}
