using Dashboard.Core.Networking;

namespace Dashboard.Core.Hosts;

/// <summary>
/// The files Neutron's DHCP agent writes for a network's dnsmasq (<c>neutron/agent/linux/dhcp.py</c>):
/// <c>host</c> (one <c>mac,host-name,ip</c> line per address of a port of the network on a DHCP-enabled subnet,
/// with <c>set:port-&lt;id&gt;</c> when the port has extra DHCP options) and <c>opts</c> (per subnet its router and
/// DNS servers, then each port's extra options, tagged for that port alone).
/// </summary>
public static class DnsmasqFiles
{
    public const string Domain = "openstacklocal";

    public static IReadOnlyList<string> Hosts(IEnumerable<Port> ports, IReadOnlyCollection<Subnet> dhcpSubnets)
    {
        var enabled = dhcpSubnets.Select(s => s.Id).ToHashSet();
        return ports.SelectMany(p => p.FixedIps.Where(a => enabled.Contains(a.SubnetId)).Select(a => (Port: p, a.IpAddress)))
            .OrderBy(h => Version(h.IpAddress))
            .Select(h => $"{h.Port.MacAddress},host-{h.IpAddress.Replace('.', '-').Replace(':', '-')}.{Domain}.,{h.IpAddress}{(h.Port.ExtraDhcpOpts.Count > 0 ? $",set:{PortTag(h.Port)}" : "")}").ToList();
    }

    public static IReadOnlyList<string> Opts(IReadOnlyCollection<Subnet> dhcpSubnets, IEnumerable<Port> ports)
    {
        var lines = new List<string>();
        foreach (var subnet in dhcpSubnets.OrderBy(s => s.Cidr, StringComparer.Ordinal))
        {
            var tag = $"subnet-{subnet.Id}";
            if (subnet.DnsNameservers.Count > 0)
            {
                lines.Add(Option(subnet.IpVersion, tag, "dns-server", string.Join(',', subnet.DnsNameservers.Select(a => subnet.IpVersion == 6 ? $"[{a}]" : a))));
            }
            if (subnet.IpVersion != 4)
            {
                continue; // IPv6 hosts learn their router and routes from router advertisements, not DHCP
            }
            var routes = subnet.HostRoutes.Select(r => $"{r.Destination},{r.Nexthop}").ToList();
            if (subnet.GatewayIp is { } gateway)
            {
                lines.Add(Option(4, tag, "classless-static-route", string.Join(',', [.. routes, $"0.0.0.0/0,{gateway}"])));
                lines.Add(Option(4, tag, "router", gateway));
            }
            else
            {
                lines.Add(Option(4, tag, "router", ""));
            }
        }
        // A port's own options, for the IP versions it has an address of on a DHCP-enabled subnet.
        var versions = dhcpSubnets.ToDictionary(s => s.Id, s => s.IpVersion);
        foreach (var port in ports.Where(p => p.ExtraDhcpOpts.Count > 0))
        {
            var has = port.FixedIps.Where(a => versions.ContainsKey(a.SubnetId)).Select(a => versions[a.SubnetId]).ToHashSet();
            lines.AddRange(port.ExtraDhcpOpts.Where(o => has.Contains(o.IpVersion)).Select(o => Option(o.IpVersion, PortTag(port), o.OptName, o.OptValue)));
        }
        return lines;
    }

    private static string PortTag(Port port) => $"port-{port.Id}";

    /// <summary>An opts line: dnsmasq takes an option by number as it is, by name as <c>option:</c> (DHCPv4) or <c>option6:</c>; an empty value sends the option empty.</summary>
    private static string Option(int ipVersion, string tag, string name, string value)
    {
        var option = name.All(char.IsAsciiDigit) ? (ipVersion == 6 ? $"option6:{name}" : name)
            : name.StartsWith("option:", StringComparison.Ordinal) || name.StartsWith("option6:", StringComparison.Ordinal) ? name
            : $"{(ipVersion == 6 ? "option6" : "option")}:{name}";
        return value == "" ? $"tag:{tag},{option}" : $"tag:{tag},{option},{value}";
    }

    private static Version Version(string ip) => System.Net.IPAddress.TryParse(ip, out var a) && a.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork
        ? new Version(ip) : new Version(0, 0);
}
