using Dashboard.Web.Components.Shared;
using Dashboard.Core.Extensions;
using Dashboard.Core.Ipam;
using Dashboard.Core.Networking;

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

    public NetworkSpec ToNetworkSpec(string projectId, bool isAdmin) => new(projectId, Name.Trim())
    {
        AdminStateUp = AdminStateUp,
        Shared = isAdmin && Shared,
    };

    public SubnetSpec ToSubnetSpec(string networkId) => new(networkId, Cidr.Trim())
    {
        Name = SubnetName.Trim(),
        IpVersion = IpVersion,
        GatewayIp = DisableGateway || string.IsNullOrWhiteSpace(GatewayIp) ? null : GatewayIp.Trim(),
        NoGateway = DisableGateway,
        EnableDhcp = EnableDhcp,
        AllocationPools = Lines(AllocationPools).Count == 0 ? null : Lines(AllocationPools).Select(l => Pair(l)).Select(p => new AllocationPool(p.A, p.B)).ToList(),
        DnsNameservers = Lines(DnsNameservers),
        HostRoutes = Lines(HostRoutes).Select(l => Pair(l)).Select(p => new HostRoute(p.A, p.B)).ToList(),
    };

    public static string? CheckName(string? name) => (name ?? "").Length > 255 ? "Network Name can be at most 255 characters." : null;

    public static string? CheckCidr(string? cidr, int ipVersion)
    {
        if (string.IsNullOrWhiteSpace(cidr))
        {
            return "Network Address is required.";
        }
        if (!Dashboard.Core.Ipam.Cidr.TryParse(cidr.Trim(), out var parsed))
        {
            return $"'{cidr}' is not a valid network address such as 192.168.0.0/24.";
        }
        return parsed.IpVersion != ipVersion ? $"{cidr} is not an IPv{ipVersion} network address." : null;
    }

    public static string? CheckOptionalIp(string? ip) => FieldChecks.IpAddress(ip);

    public static string? CheckPools(string? text) =>
        Lines(text).Select(l => Pair(l)).Any(p => !IpValidator.IsIp(p.A) || !IpValidator.IsIp(p.B))
            ? "Each line must be start,end with two IP addresses." : null;

    public static string? CheckDns(string? text) =>
        Lines(text).FirstOrDefault(l => !IpValidator.IsIp(l)) is { } bad ? $"'{bad}' is not a valid IP address." : null;

    public static string? CheckRoutes(string? text) =>
        Lines(text).Select(l => Pair(l)).Any(p => !Dashboard.Core.Ipam.Cidr.TryParse(p.A, out _) || !IpValidator.IsIp(p.B))
            ? "Each line must be destination CIDR,nexthop IP." : null;

    private static List<string> Lines(string? text) =>
        (text ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();

    private static (string A, string B) Pair(string line)
    {
        var parts = line.Split(',', StringSplitOptions.TrimEntries);
        return parts.Length == 2 ? (parts[0], parts[1]) : ("", "");
    }
}
