using System.Text.Json.Nodes;
using Dashboard.Core.Agents;
using Dashboard.Core.Common;
using Dashboard.Core.Hosts;
using Dashboard.Core.Ipam;
using Dashboard.Core.Networking;
using Dashboard.Core.Routers;
using Dashboard.Core.SecurityGroups;

namespace Dashboard.Web.Api.Networking;

/// <summary>Domain objects as Neutron's JSON dictionaries, every attribute present; visibility is applied afterwards.</summary>
public static class NeutronViews
{
    public static string Time(DateTime t) => DateTime.SpecifyKind(t, DateTimeKind.Utc).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'");

    private static void Standard(JsonObject view, ProjectResource r)
    {
        view["id"] = r.Id;
        view["tenant_id"] = r.ProjectId;
        view["project_id"] = r.ProjectId;
        view["description"] = r.Description;
        view["tags"] = new JsonArray(r.Tags.Select(t => (JsonNode?)t).ToArray());
        view["created_at"] = Time(r.CreatedAt);
        view["updated_at"] = Time(r.UpdatedAt);
        view["revision_number"] = r.RevisionNumber;
    }

    public static JsonObject Network(Network n) =>
        Network(n, n.Subnets.OrderBy(s => s.CreatedAt).ThenBy(s => s.Id).Select(s => s.Id));

    /// <summary>A network with its subnet IDs given (when the subnets themselves were not loaded).</summary>
    public static JsonObject Network(Network n, IEnumerable<string> subnetIds)
    {
        var view = new JsonObject
        {
            ["name"] = n.Name,
            ["admin_state_up"] = n.AdminStateUp,
            ["mtu"] = n.Mtu,
            ["status"] = n.Status,
            ["subnets"] = new JsonArray(subnetIds.Select(id => (JsonNode?)id).ToArray()),
            ["shared"] = n.Shared,
            ["router:external"] = n.External,
            ["port_security_enabled"] = n.PortSecurityEnabled,
            ["provider:network_type"] = n.NetworkType,
            ["provider:physical_network"] = n.PhysicalNetwork,
            ["provider:segmentation_id"] = n.SegmentationId,
            ["ipv4_address_scope"] = null, // filled by the handler when the network's subnets come from a pool in a scope
            ["ipv6_address_scope"] = null,
            ["availability_zone_hints"] = Strings(n.AvailabilityZoneHints),
            ["availability_zones"] = new JsonArray(), // filled by the handler: its DHCP agents' zones
        };
        Standard(view, n);
        return view;
    }

    public static JsonObject Subnet(Subnet s)
    {
        var view = new JsonObject
        {
            ["name"] = s.Name,
            ["network_id"] = s.NetworkId,
            ["ip_version"] = s.IpVersion,
            ["subnetpool_id"] = s.SubnetPoolId,
            ["enable_dhcp"] = s.EnableDhcp,
            ["ipv6_ra_mode"] = s.Ipv6RaMode,
            ["ipv6_address_mode"] = s.Ipv6AddressMode,
            ["gateway_ip"] = s.GatewayIp,
            ["cidr"] = s.Cidr,
            ["allocation_pools"] = new JsonArray(s.AllocationPools.Select(p => (JsonNode?)new JsonObject { ["start"] = p.Start, ["end"] = p.End }).ToArray()),
            ["host_routes"] = Routes(s.HostRoutes),
            ["dns_nameservers"] = new JsonArray(s.DnsNameservers.Select(d => (JsonNode?)d).ToArray()),
            ["service_types"] = new JsonArray(),
        };
        Standard(view, s);
        return view;
    }

    public static JsonObject SubnetPool(Dashboard.Core.Ipam.SubnetPool p)
    {
        var view = new JsonObject
        {
            ["name"] = p.Name,
            ["prefixes"] = new JsonArray(p.Prefixes.Select(x => (JsonNode?)x).ToArray()),
            ["ip_version"] = p.IpVersion,
            ["min_prefixlen"] = p.MinPrefixLen,
            ["max_prefixlen"] = p.MaxPrefixLen,
            ["default_prefixlen"] = p.DefaultPrefixLen,
            ["default_quota"] = p.DefaultQuota,
            ["shared"] = p.Shared,
            ["is_default"] = p.IsDefault,
            ["address_scope_id"] = p.AddressScopeId,
        };
        Standard(view, p);
        return view;
    }

    public static JsonObject AddressScope(Dashboard.Core.Ipam.AddressScope s)
    {
        var view = new JsonObject { ["name"] = s.Name, ["ip_version"] = s.IpVersion, ["shared"] = s.Shared };
        Standard(view, s);
        return view;
    }

    public static JsonObject Port(Port p)
    {
        var details = new JsonObject();
        foreach (var (key, value) in p.VifDetails)
        {
            details[key] = JsonValue.Create(value);
        }
        var view = new JsonObject
        {
            ["name"] = p.Name,
            ["network_id"] = p.NetworkId,
            ["mac_address"] = p.MacAddress,
            ["admin_state_up"] = p.AdminStateUp,
            ["status"] = p.Status,
            ["device_id"] = p.DeviceId,
            ["device_owner"] = p.DeviceOwner,
            ["fixed_ips"] = FixedIps(p.FixedIps),
            ["allowed_address_pairs"] = new JsonArray(p.AllowedAddressPairs.Select(pair => (JsonNode?)new JsonObject { ["ip_address"] = pair.IpAddress, ["mac_address"] = pair.MacAddress }).ToArray()),
            ["extra_dhcp_opts"] = new JsonArray(p.ExtraDhcpOpts.Select(o => (JsonNode?)new JsonObject { ["opt_name"] = o.OptName, ["opt_value"] = o.OptValue, ["ip_version"] = o.IpVersion }).ToArray()),
            ["security_groups"] = new JsonArray(p.SecurityGroups.Select(g => (JsonNode?)g.SecurityGroupId).ToArray()),
            ["binding:vnic_type"] = "normal",
            ["binding:profile"] = new JsonObject(),
            ["binding:host_id"] = p.BindingHostId,
            ["binding:vif_type"] = p.VifType,
            ["binding:vif_details"] = details,
            ["port_security_enabled"] = p.PortSecurityEnabled,
        };
        Standard(view, p);
        return view;
    }

    public static JsonObject Router(Router r, IEnumerable<IpAllocation> gatewayIps)
    {
        var view = new JsonObject
        {
            ["name"] = r.Name,
            ["admin_state_up"] = r.AdminStateUp,
            ["status"] = r.Status,
            ["external_gateway_info"] = r.GatewayNetworkId is null ? null : new JsonObject
            {
                ["network_id"] = r.GatewayNetworkId,
                ["enable_snat"] = r.EnableSnat,
                ["external_fixed_ips"] = FixedIps(gatewayIps),
            },
            ["routes"] = Routes(r.Routes),
            ["availability_zone_hints"] = Strings(r.AvailabilityZoneHints),
            ["availability_zones"] = new JsonArray(), // filled by the handler: its L3 agent's zone
        };
        Standard(view, r);
        return view;
    }

    private static JsonArray Strings(IEnumerable<string> values) => new(values.Select(v => (JsonNode?)v).ToArray());

    /// <summary>A floating IP with <c>port_details</c> (<c>fip-port-details</c>) of its associated port.</summary>
    public static JsonObject FloatingIp(FloatingIp f, Port? port)
    {
        var view = new JsonObject
        {
            ["floating_ip_address"] = f.FloatingIpAddress,
            ["floating_network_id"] = f.FloatingNetworkId,
            ["router_id"] = f.RouterId,
            ["port_id"] = f.PortId,
            ["fixed_ip_address"] = f.FixedIpAddress,
            ["status"] = f.Status,
            ["port_details"] = port is null ? null : new JsonObject
            {
                ["name"] = port.Name,
                ["network_id"] = port.NetworkId,
                ["mac_address"] = port.MacAddress,
                ["admin_state_up"] = port.AdminStateUp,
                ["status"] = port.Status,
                ["device_id"] = port.DeviceId,
                ["device_owner"] = port.DeviceOwner,
            },
            ["port_forwardings"] = new JsonArray(),
            ["qos_policy_id"] = null,
        };
        Standard(view, f);
        return view;
    }

    public static JsonObject RouterInterface(RouterInterface i) => new()
    {
        ["id"] = i.RouterId,
        ["tenant_id"] = i.ProjectId,
        ["project_id"] = i.ProjectId,
        ["subnet_id"] = i.SubnetId,
        ["subnet_ids"] = new JsonArray(i.SubnetId),
        ["port_id"] = i.PortId,
        ["network_id"] = i.NetworkId,
    };

    public static JsonObject SecurityGroup(SecurityGroup g)
    {
        var view = new JsonObject
        {
            ["name"] = g.Name,
            ["stateful"] = g.Stateful,
            ["security_group_rules"] = new JsonArray(g.Rules.OrderBy(r => r.CreatedAt).ThenBy(r => r.Id).Select(r => (JsonNode?)SecurityGroupRule(r)).ToArray()),
        };
        Standard(view, g);
        return view;
    }

    public static JsonObject SecurityGroupRule(SecurityGroupRule r)
    {
        var view = new JsonObject
        {
            ["security_group_id"] = r.SecurityGroupId,
            ["ethertype"] = r.EtherType,
            ["direction"] = r.Direction,
            ["protocol"] = r.Protocol,
            ["port_range_min"] = r.PortRangeMin,
            ["port_range_max"] = r.PortRangeMax,
            ["remote_ip_prefix"] = r.RemoteIpPrefix,
            ["remote_group_id"] = r.RemoteGroupId,
        };
        Standard(view, r);
        return view;
    }

    /// <summary>An agent as Neutron reports it, with the <c>configurations</c> its type reports.</summary>
    /// <param name="realised">Whether the host is realised on this machine's userspace Open vSwitch (<c>Agent:Mode=ovs</c>): its datapath is netdev.</param>
    /// <param name="load">What the agent carries: bound ports (OVS), routers (L3) or networks (DHCP).</param>
    public static JsonObject Agent(AgentInfo agent, int load, bool realised = false) => new()
    {
        ["id"] = agent.Id,
        ["agent_type"] = agent.AgentType,
        ["binary"] = agent.Binary,
        ["topic"] = AgentTypes.Topic(agent.AgentType),
        ["host"] = agent.Host,
        ["admin_state_up"] = agent.AdminStateUp,
        ["alive"] = agent.Alive,
        ["availability_zone"] = agent.AvailabilityZone,
        ["description"] = agent.Description,
        ["created_at"] = Time(agent.CreatedAt),
        ["started_at"] = Time(agent.CreatedAt),
        ["heartbeat_timestamp"] = agent.HeartbeatAt is { } h ? Time(h) : null,
        ["resources_synced"] = null,
        ["configurations"] = agent.AgentType switch
        {
            AgentTypes.L3 => new JsonObject
            {
                ["agent_mode"] = "legacy",
                ["routers"] = load,
                ["interface_driver"] = "openvswitch",
                ["external_network_bridge"] = "",
                ["handle_internal_only_routers"] = true,
            },
            AgentTypes.Dhcp => new JsonObject
            {
                ["dhcp_driver"] = "neutron.agent.linux.dhcp.Dnsmasq",
                ["dhcp_lease_duration"] = 86400,
                ["networks"] = load,
                ["log_agent_heartbeats"] = false,
            },
            _ => new JsonObject
            {
                ["bridge_mappings"] = new JsonObject(agent.Node.BridgeMappings.Select(m => KeyValuePair.Create(m.PhysicalNetwork, (JsonNode?)m.Bridge))),
                ["tunnel_types"] = agent.Node.TunnelIp is null ? new JsonArray() : new JsonArray(Dashboard.Core.Segmentation.NetworkTypes.Vxlan, Dashboard.Core.Segmentation.NetworkTypes.Gre),
                ["tunneling_ip"] = agent.Node.TunnelIp,
                ["integration_bridge"] = "br-int",
                ["datapath_type"] = realised ? "netdev" : "system",
                ["ovs_hybrid_plug"] = true,
                ["devices"] = load,
            },
        },
    };

    private static JsonArray FixedIps(IEnumerable<IpAllocation> ips) =>
        new(ips.Select(a => (JsonNode?)new JsonObject { ["subnet_id"] = a.SubnetId, ["ip_address"] = a.IpAddress }).ToArray());

    private static JsonArray Routes(IEnumerable<HostRoute> routes) =>
        new(routes.Select(r => (JsonNode?)new JsonObject { ["destination"] = r.Destination, ["nexthop"] = r.Nexthop }).ToArray());
}
