using Dashboard.Core.Networking;

namespace Dashboard.Core.Hosts;

/// <summary>
/// The files Neutron's DHCP agent writes for a network's dnsmasq (<c>neutron/agent/linux/dhcp.py</c>):
/// <c>host</c> (one <c>mac,host-name,ip</c> line per address of a port of the network on a
/// DHCP-enabled subnet) and <c>opts</c> (per subnet its router and DNS servers).
/// </summary>
public static class DnsmasqFiles
{
    public const string Domain = "openstacklocal";

    public static IReadOnlyList<string> Hosts(IEnumerable<Port> ports, IReadOnlyCollection<Subnet> dhcpSubnets)
    {
        var enabled = dhcpSubnets.Select(s => s.Id).ToHashSet();
        return ports.SelectMany(p => p.FixedIps.Where(a => enabled.Contains(a.SubnetId)).Select(a => (p.MacAddress, a.IpAddress)))
            .OrderBy(h => Version(h.IpAddress))
            .Select(h => $"{h.MacAddress},host-{h.IpAddress.Replace('.', '-').Replace(':', '-')}.{Domain}.,{h.IpAddress}").ToList();
    }

    public static IReadOnlyList<string> Opts(IReadOnlyCollection<Subnet> dhcpSubnets)
    {
        var lines = new List<string>();
        foreach (var subnet in dhcpSubnets.OrderBy(s => s.Cidr, StringComparer.Ordinal))
        {
            var tag = $"tag:subnet-{subnet.Id}";
            if (subnet.DnsNameservers.Count > 0)
            {
                lines.Add($"{tag},option:dns-server,{string.Join(',', subnet.DnsNameservers)}");
            }
            var routes = subnet.HostRoutes.Select(r => $"{r.Destination},{r.Nexthop}").ToList();
            if (subnet.GatewayIp is { } gateway)
            {
                lines.Add($"{tag},option:classless-static-route,{string.Join(',', [.. routes, $"0.0.0.0/0,{gateway}"])}");
                lines.Add($"{tag},option:router,{gateway}");
            }
            else
            {
                lines.Add($"{tag},option:router");
            }
        }
        return lines;
    }

    private static Version Version(string ip) => System.Net.IPAddress.TryParse(ip, out var a) && a.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork
        ? new Version(ip) : new Version(0, 0);
}
