using Dashboard.Web.Components.Shared;
using Dashboard.Core.Extensions;
using System.Text.Json.Nodes;

namespace Dashboard.Web.Components.Pages.Project.Networks;

/// <summary>The Create Network form's values, their checks (the same ones the dialog shows beside each field), and the domain requests they become.</summary>
public sealed class SubnetForm
{
    public string Name { get; set; } = "";
    public bool AdminStateUp { get; set; } = true;
    public bool Shared { get; set; }

    /// <summary>The zones the network's DHCP agents are to be chosen in (none: any).</summary>
    public IReadOnlyCollection<string> AvailabilityZoneHints { get; set; } = [];
    public bool CreateSubnet { get; set; } = true;
    public string SubnetName { get; set; } = "";
    public string Cidr { get; set; } = "";
    public int IpVersion { get; set; } = 4;
    public string GatewayIp { get; set; } = "";
    public bool DisableGateway { get; set; }
    public bool EnableDhcp { get; set; } = true;
    public string AllocationPools { get; set; } = "";
    public string DnsNameservers { get; set; } = "";
    public string HostRoutes { get; set; } = "";

    public const string ManualSource = "manual";
    public const string PoolSource = "pool";

    /// <summary>Horizon's Network Address Source: a CIDR entered by hand (<see cref="ManualSource"/>) or carved from a subnet pool (<see cref="PoolSource"/>).</summary>
    public string AddressSource { get; set; } = ManualSource;
    public string? SubnetPoolId { get; set; }

    /// <summary>The network mask asked of the pool; null: the pool's default.</summary>
    public int? PrefixLength { get; set; }

    public bool FromPool => AddressSource == PoolSource;

    /// <summary>Horizon's IPv6 Address Configuration Mode: one of <see cref="Ipv6Modes"/>' values ("" for none); both of Neutron's modes get it.</summary>
    public string Ipv6Mode { get; set; } = "";

    /// <summary>Horizon's choices: how an IPv6 subnet's ports get their addresses (router advertisements and DHCPv6).</summary>
    public static readonly IReadOnlyList<(string Mode, string Label)> Ipv6Modes =
    [
        ("", "No options specified"),
        ("slaac", "SLAAC: address discovered from the OpenStack router"),
        ("dhcpv6-stateful", "DHCPv6 stateful: address discovered from OpenStack DHCP"),
        ("dhcpv6-stateless", "DHCPv6 stateless: address from the OpenStack router, other information from OpenStack DHCP"),
    ];

    /// <summary>What is wrong on a step, attribute by attribute, in Neutron's attribute names.</summary>
    public IEnumerable<(string? Attribute, string Message)> ProblemsOfStep(int step)
    {
        var checks = step switch
        {
            0 => new[] { ("name", CheckName(Name)) },
            1 => [FromPool ? ("subnetpool_id", SubnetPoolId is null ? "Choose an address pool." : null) : ("cidr", CheckCidr(Cidr, IpVersion)),
                ("gateway_ip", DisableGateway ? null : CheckOptionalIp(GatewayIp))],
            _ => [("allocation_pools", CheckPools(AllocationPools)), ("dns_nameservers", CheckDns(DnsNameservers)), ("host_routes", CheckRoutes(HostRoutes))],
        };
        return checks.Where(c => c.Item2 is not null).Select(c => ((string?)c.Item1, c.Item2!));
    }

    /// <summary>The API's network body; <c>shared</c> only when asked for, so <c>create_network:shared</c> is only asked then.</summary>
    public System.Text.Json.Nodes.JsonObject ToNetworkBody()
    {
        var body = new System.Text.Json.Nodes.JsonObject { ["name"] = Name.Trim(), ["admin_state_up"] = AdminStateUp };
        if (Shared)
        {
            body["shared"] = true;
        }
        if (AvailabilityZoneHints.Count > 0)
        {
            body["availability_zone_hints"] = new System.Text.Json.Nodes.JsonArray(AvailabilityZoneHints.Select(z => (System.Text.Json.Nodes.JsonNode?)z).ToArray());
        }
        return body;
    }

    /// <summary>The API's subnet body: what the form says, in Neutron's attributes (an empty field is left out, so its default applies).</summary>
    public JsonObject ToSubnetBody(string networkId)
    {
        var body = new JsonObject
        {
            ["network_id"] = networkId,
            ["name"] = SubnetName.Trim(),
            ["cidr"] = Cidr.Trim(),
            ["ip_version"] = IpVersion,
            ["enable_dhcp"] = EnableDhcp,
            ["dns_nameservers"] = Nameservers(DnsNameservers),
            ["host_routes"] = Routes(HostRoutes),
        };
        if (FromPool)
        {
            body.Remove("cidr");
            body["subnetpool_id"] = SubnetPoolId;
            if (PrefixLength is { } length)
            {
                body["prefixlen"] = length;
            }
        }
        if (IpVersion == 6 && Ipv6Mode != "")
        {
            body["ipv6_ra_mode"] = Ipv6Mode;
            body["ipv6_address_mode"] = Ipv6Mode;
        }
        if (DisableGateway)
        {
            body["gateway_ip"] = null;
        }
        else if (!string.IsNullOrWhiteSpace(GatewayIp))
        {
            body["gateway_ip"] = GatewayIp.Trim();
        }
        if (Lines(AllocationPools).Count > 0)
        {
            body["allocation_pools"] = Pools(AllocationPools);
        }
        return body;
    }

    /// <summary>An existing subnet's values as the form shows them (Edit Subnet): one pool, server or route per line.</summary>
    public static SubnetForm Of(Dashboard.Core.Networking.Subnet subnet) => new()
    {
        SubnetName = subnet.Name,
        Cidr = subnet.Cidr,
        IpVersion = subnet.IpVersion,
        GatewayIp = subnet.GatewayIp ?? "",
        DisableGateway = subnet.GatewayIp is null,
        EnableDhcp = subnet.EnableDhcp,
        AllocationPools = string.Join('\n', subnet.AllocationPools.Select(p => $"{p.Start},{p.End}")),
        DnsNameservers = string.Join('\n', subnet.DnsNameservers),
        HostRoutes = string.Join('\n', subnet.HostRoutes.Select(r => $"{r.Destination},{r.Nexthop}")),
    };

    /// <summary>
    /// The API's subnet update (Edit Subnet): only what the form changes of <paramref name="original"/> (never the CIDR,
    /// IP version or network), so an unchanged gateway or pool is not checked again. An empty pools field keeps the
    /// pools; empty DNS or route fields clear them, as Horizon's form does.
    /// </summary>
    public JsonObject ToSubnetUpdateBody(Dashboard.Core.Networking.Subnet original)
    {
        var was = Of(original);
        var body = new JsonObject();
        if (SubnetName.Trim() != was.SubnetName)
        {
            body["name"] = SubnetName.Trim();
        }
        if (EnableDhcp != was.EnableDhcp)
        {
            body["enable_dhcp"] = EnableDhcp;
        }
        var gateway = DisableGateway || string.IsNullOrWhiteSpace(GatewayIp) ? null : GatewayIp.Trim();
        if (gateway != original.GatewayIp)
        {
            body["gateway_ip"] = gateway;
        }
        foreach (var (attribute, now, before, list) in new[]
        {
            ("allocation_pools", AllocationPools, was.AllocationPools, Pools(AllocationPools)),
            ("dns_nameservers", DnsNameservers, was.DnsNameservers, Nameservers(DnsNameservers)),
            ("host_routes", HostRoutes, was.HostRoutes, Routes(HostRoutes)),
        })
        {
            if (!Lines(now).SequenceEqual(Lines(before)) && !(attribute == "allocation_pools" && Lines(now).Count == 0))
            {
                body[attribute] = list;
            }
        }
        return body;
    }

    /// <summary>What is wrong with the fields Edit Subnet shows, in Neutron's attribute names.</summary>
    public IEnumerable<(string Attribute, string Message)> UpdateProblems() =>
        new[] { ("name", AttributeChecks.Text("subnets", "name")(SubnetName)), ("gateway_ip", DisableGateway ? null : CheckOptionalIp(GatewayIp)) }
            .Concat(ProblemsOfStep(2).Select(p => (p.Attribute!, (string?)p.Message)))
            .Where(p => p.Item2 is not null).Select(p => (p.Item1, p.Item2!));

    public static string? CheckName(string? name) => AttributeChecks.Text("networks", "name")(name);

    public static string? CheckCidr(string? cidr, int ipVersion)
    {
        if (string.IsNullOrWhiteSpace(cidr))
        {
            return "Network Address is required.";
        }
        // Valid, and a network's own address (host bits are refused with the address to use), as the API's map says.
        if (AttributeChecks.Check("subnets", "cidr", JsonValue.Create(cidr.Trim())) is { } invalid)
        {
            return invalid;
        }
        return Dashboard.Core.Ipam.Cidr.Parse(cidr.Trim()).IpVersion != ipVersion ? $"{cidr} is not an IPv{ipVersion} network address." : null;
    }

    // The form's own text format (one item per line, "a,b") is checked here; whether the values are valid
    // is the attribute map's to say, through the same validators the API uses.

    public static string? CheckOptionalIp(string? ip) =>
        string.IsNullOrWhiteSpace(ip) ? null : AttributeChecks.Check("subnets", "gateway_ip", JsonValue.Create(ip.Trim()));

    public static string? CheckPools(string? text) =>
        Lines(text).Any(l => !IsPair(l)) ? "Each line must be start,end with two IP addresses."
        : Lines(text).Count == 0 ? null : AttributeChecks.Check("subnets", "allocation_pools", Pools(text));

    public static string? CheckDns(string? text) => AttributeChecks.Check("subnets", "dns_nameservers", Nameservers(text));

    public static string? CheckRoutes(string? text) =>
        Lines(text).Any(l => !IsPair(l)) ? "Each line must be destination CIDR,nexthop IP." : AttributeChecks.Check("subnets", "host_routes", Routes(text));

    private static JsonArray Pools(string? text) =>
        new(Lines(text).Select(Pair).Select(p => (JsonNode?)new JsonObject { ["start"] = p.A, ["end"] = p.B }).ToArray());

    private static JsonArray Nameservers(string? text) => new(Lines(text).Select(l => (JsonNode?)l).ToArray());

    private static JsonArray Routes(string? text) =>
        new(Lines(text).Select(Pair).Select(p => (JsonNode?)new JsonObject { ["destination"] = p.A, ["nexthop"] = p.B }).ToArray());

    private static bool IsPair(string line) => TextLists.Parts(line).Length == 2;

    private static List<string> Lines(string? text) => TextLists.Lines(text);

    private static (string A, string B) Pair(string line) => TextLists.Parts(line) is [var a, var b] ? (a, b) : ("", "");
}
