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

    /// <summary>What is wrong on a step, attribute by attribute, in Neutron's attribute names.</summary>
    public IEnumerable<(string? Attribute, string Message)> ProblemsOfStep(int step)
    {
        var checks = step switch
        {
            0 => new[] { ("name", CheckName(Name)) },
            1 => [("cidr", CheckCidr(Cidr, IpVersion)), ("gateway_ip", DisableGateway ? null : CheckOptionalIp(GatewayIp))],
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

    private static bool IsPair(string line) => line.Split(',').Length == 2;

    private static List<string> Lines(string? text) =>
        (text ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();

    private static (string A, string B) Pair(string line)
    {
        var parts = line.Split(',', StringSplitOptions.TrimEntries);
        return parts.Length == 2 ? (parts[0], parts[1]) : ("", "");
    }
}
