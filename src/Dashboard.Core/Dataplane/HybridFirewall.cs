using System.Net;
using System.Text;
using Dashboard.Core.Ipam;
using Dashboard.Core.SecurityGroups;

namespace Dashboard.Core.Dataplane;

/// <summary>A VM port as the hybrid iptables firewall sees it: its tap device, addresses, and the rules of its security groups.</summary>
public sealed record FirewallPort(
    string PortId, string Tap, string MacAddress, IReadOnlyList<string> FixedIps, bool PortSecurityEnabled, IReadOnlyList<SecurityGroupRule> Rules)
{
    /// <summary>The port's allowed address pairs: more source addresses (or CIDRs) and MACs its anti-spoofing chain lets out.</summary>
    public IReadOnlyList<Networking.AddressPair> AllowedAddressPairs { get; init; } = [];

    /// <summary>Neutron's per-port chain suffix: the first 10 characters of the port ID (chain names are limited to 28).</summary>
    public string ChainSuffix => PortId[..10];
}

/// <summary>
/// A packet as the firewall classifies it: <see cref="Remote"/> is the other end's address, and
/// <see cref="RemoteGroups"/> the security groups that address is a member of (the ipsets it is in).
/// </summary>
public sealed record FirewallPacket(int Protocol, int? DestinationPort, int? IcmpType, string Remote, bool Established)
{
    public IReadOnlySet<string> RemoteGroups { get; init; } = new HashSet<string>();
}

/// <summary>The members (IPv4 addresses) of each security group that a rule names as its remote group.</summary>
public sealed record IpsetMembers(IReadOnlyDictionary<string, IReadOnlyList<string>> ByGroup);

/// <summary>One line of a chain, with what it matches (for the tracer) and the security group rule it came from.</summary>
public sealed record FirewallEntry(string Chain, string Spec, string Target, string? Comment, string? RuleId, Func<FirewallPacket, bool> Matches)
{
    public string Line => $"-A {Chain}{(Spec.Length > 0 ? " " + Spec : "")}{(Comment is null ? "" : $" -m comment --comment \"{Comment}\"")} -j {Target}";
}

public sealed record FirewallVerdict(bool Accepted, FirewallEntry? Deciding, string Explanation);

/// <summary>
/// Neutron's hybrid iptables firewall (<c>iptables_hybrid</c>): per port an ingress chain
/// <c>neutron-openvswi-i…</c>, an egress chain <c>neutron-openvswi-o…</c> and an anti-spoofing chain
/// <c>neutron-openvswi-s…</c>, entered through <c>physdev</c> matches on the port's tap in its qbr.
/// Stateful: established traffic returns first; what no rule allows falls to <c>neutron-openvswi-sg-fallback</c>.
/// A remote group is matched through an ipset of its members' addresses, as Neutron does by default
/// (<c>enable_ipset = True</c>): one line per rule however many members the group has.
/// </summary>
public static class HybridFirewall
{
    public const string Prefix = "neutron-openvswi";
    public const string Fallback = $"{Prefix}-sg-fallback";
    public const string SgChain = $"{Prefix}-sg-chain";

    public static string IngressChain(FirewallPort port) => $"{Prefix}-i{port.ChainSuffix}";

    public static string EgressChain(FirewallPort port) => $"{Prefix}-o{port.ChainSuffix}";

    public static string SpoofChain(FirewallPort port) => $"{Prefix}-s{port.ChainSuffix}";

    /// <summary>The port's chain for traffic towards the VM (ingress) or from it (egress), in order.</summary>
    public static IReadOnlyList<FirewallEntry> Chain(FirewallPort port, string direction)
    {
        var ingress = direction == "ingress";
        var chain = ingress ? IngressChain(port) : EgressChain(port);
        var entries = new List<FirewallEntry>();
        if (!ingress)
        {
            entries.Add(new(chain, "-s 0.0.0.0/32 -d 255.255.255.255/32 -p udp -m udp --sport 68 --dport 67", "RETURN", "Allow DHCP client traffic.", null, _ => false));
            entries.Add(new(chain, "", SpoofChain(port), null, null, _ => false));
            entries.Add(new(chain, "-p udp -m udp --sport 67 -m udp --dport 68", "DROP", "Prevent DHCP Spoofing by VM.", null, _ => false));
        }
        entries.Add(new(chain, "-m state --state RELATED,ESTABLISHED", "RETURN", "Direct packets associated with a known session to the RETURN chain.", null, p => p.Established));
        if (ingress)
        {
            // The DHCP server's offers and acks reach the VM whatever its groups say (their conntrack entry does not match the broadcast request).
            entries.Add(new(chain, "-p udp -m udp --sport 67 --dport 68", "RETURN", null, null, p => p.Protocol == 17 && p.DestinationPort == 68));
        }
        foreach (var rule in port.Rules.Where(r => r.Direction == direction && r.EtherType == "IPv4")
                     .OrderBy(r => r.CreatedAt).ThenBy(r => r.Id, StringComparer.Ordinal))
        {
            entries.Add(Entry(chain, ingress, rule));
        }
        entries.Add(new(chain, "-m state --state INVALID", "DROP",
            "Drop packets that appear related to an existing connection (e.g. TCP ACK/FIN) but do not have an entry in conntrack.", null, _ => false));
        entries.Add(new(chain, "", Fallback, "Send unmatched traffic to the fallback chain.", null, _ => true));
        return entries;
    }

    /// <summary>Walks the port's chain as iptables does: the first entry that matches decides.</summary>
    public static FirewallVerdict Evaluate(FirewallPort port, string direction, FirewallPacket packet)
    {
        if (!port.PortSecurityEnabled)
        {
            return new FirewallVerdict(true, null, "port security disabled: no firewall chains for this port");
        }
        var deciding = Chain(port, direction).First(e => e.Matches(packet));
        return deciding.Target switch
        {
            "RETURN" when deciding.RuleId is null => new(true, deciding, "established connection (conntrack): reply of allowed traffic"),
            "RETURN" => new(true, deciding, $"allowed by security group rule {deciding.RuleId}"),
            _ => new(false, deciding, $"no {direction} rule of the port's security groups allows it; {Fallback} drops it"),
        };
    }

    /// <summary>Neutron's ipset for a security group's IPv4 members: <c>NIPv4</c> and the group ID, cut to ipset's 31 characters.</summary>
    public static string IpsetName(string securityGroupId) => ("NIPv4" + securityGroupId)[..Math.Min(31, 5 + securityGroupId.Length)];

    /// <summary>The ipsets the rules refer to, as <c>ipset save</c> prints them.</summary>
    public static string IpsetSave(IpsetMembers members)
    {
        var text = new StringBuilder();
        foreach (var (group, addresses) in members.ByGroup.OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var name = IpsetName(group);
            text.Append($"create {name} hash:net family inet hashsize 1024 maxelem 65536\n");
            foreach (var ip in addresses.Where(ip => !ip.Contains(':')).Order(StringComparer.Ordinal))
            {
                text.Append($"add {name} {ip}\n");
            }
        }
        return text.ToString();
    }

    /// <summary>The filter table the hybrid firewall programs for these ports, as <c>iptables-save</c> prints it (IPv4).</summary>
    public static string IptablesSave(IEnumerable<FirewallPort> ports)
    {
        var filtered = ports.Where(p => p.PortSecurityEnabled).OrderBy(p => p.PortId, StringComparer.Ordinal).ToList();
        var text = new StringBuilder("*filter\n");
        var chains = new List<string> { $"{Prefix}-FORWARD", $"{Prefix}-INPUT", SgChain, Fallback };
        chains.AddRange(filtered.SelectMany(p => new[] { IngressChain(p), EgressChain(p), SpoofChain(p) }));
        foreach (var chain in chains.Order(StringComparer.Ordinal))
        {
            text.Append(':').Append(chain).Append(" - [0:0]\n");
        }
        text.Append($"-A FORWARD -j {Prefix}-FORWARD\n-A INPUT -j {Prefix}-INPUT\n");
        foreach (var port in filtered)
        {
            text.Append($"-A {Prefix}-FORWARD -m physdev --physdev-out {port.Tap} --physdev-is-bridged -m comment --comment \"Direct traffic from the VM interface to the security group chain.\" -j {SgChain}\n");
            text.Append($"-A {Prefix}-FORWARD -m physdev --physdev-in {port.Tap} --physdev-is-bridged -m comment --comment \"Direct traffic from the VM interface to the security group chain.\" -j {SgChain}\n");
        }
        foreach (var port in filtered)
        {
            text.Append($"-A {Prefix}-INPUT -m physdev --physdev-in {port.Tap} --physdev-is-bridged -m comment --comment \"Direct incoming traffic from VM to the security group chain.\" -j {EgressChain(port)}\n");
        }
        foreach (var port in filtered)
        {
            foreach (var entry in Chain(port, "ingress").Concat(Chain(port, "egress")))
            {
                text.Append(entry.Line).Append('\n');
            }
            // The port's own addresses with its MAC, then its allowed address pairs (an address, or a CIDR as iptables
            // writes it: its network address), IPv4 here.
            var allowed = port.FixedIps.Select(ip => (Source: $"{ip}/32", Mac: port.MacAddress))
                .Concat(port.AllowedAddressPairs.Select(p => (Source: p.IpAddress.Contains('/') ? Cidr.Parse(p.IpAddress).ToString() : $"{p.IpAddress}/32", Mac: p.MacAddress)))
                .Where(a => IPAddress.Parse(a.Source.Split('/')[0]).AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork)
                .Distinct();
            foreach (var (source, mac) in allowed)
            {
                text.Append($"-A {SpoofChain(port)} -s {source} -m mac --mac-source {mac.ToUpperInvariant()} -m comment --comment \"Allow traffic from defined IP/MAC pairs.\" -j RETURN\n");
            }
            text.Append($"-A {SpoofChain(port)} -m comment --comment \"Drop traffic without an IP/MAC allow rule.\" -j DROP\n");
        }
        foreach (var port in filtered)
        {
            text.Append($"-A {SgChain} -m physdev --physdev-out {port.Tap} --physdev-is-bridged -m comment --comment \"Jump to the VM specific chain.\" -j {IngressChain(port)}\n");
            text.Append($"-A {SgChain} -m physdev --physdev-in {port.Tap} --physdev-is-bridged -m comment --comment \"Jump to the VM specific chain.\" -j {EgressChain(port)}\n");
        }
        text.Append($"-A {SgChain} -j ACCEPT\n");
        text.Append($"-A {Fallback} -m comment --comment \"Default drop rule for unmatched traffic.\" -j DROP\n");
        return text.Append("COMMIT\n").ToString();
    }

    private static FirewallEntry Entry(string chain, bool ingress, SecurityGroupRule rule)
    {
        var (protocolSpec, protocolMatches) = ProtocolSpec(rule);
        if (rule.RemoteGroupId is { } group)
        {
            return new(chain, Join($"-m set --match-set {IpsetName(group)} {(ingress ? "src" : "dst")}", protocolSpec), "RETURN", null, rule.Id,
                p => p.RemoteGroups.Contains(group) && protocolMatches(p));
        }
        var prefix = rule.RemoteIpPrefix is null || rule.RemoteIpPrefix.EndsWith("/0", StringComparison.Ordinal) ? (Cidr?)null : Cidr.Parse(rule.RemoteIpPrefix);
        var prefixSpec = prefix is { } cidr ? $"{(ingress ? "-s" : "-d")} {cidr}" : "";
        return new(chain, Join(prefixSpec, protocolSpec), "RETURN", null, rule.Id,
            p => (prefix is not { } c || c.Contains(IPAddress.Parse(p.Remote))) && protocolMatches(p));
    }

    private static (string Spec, Func<FirewallPacket, bool> Matches) ProtocolSpec(SecurityGroupRule rule)
    {
        if (rule.Protocol is null)
        {
            return ("", _ => true);
        }
        var number = Protocols.Number(rule.Protocol)!.Value;
        var name = number switch { 6 => "tcp", 17 => "udp", 1 => "icmp", _ => number.ToString() };
        if (number == 1)
        {
            if (rule.PortRangeMin is not { } type)
            {
                return ("-p icmp", p => p.Protocol == 1);
            }
            var code = rule.PortRangeMax;
            return ($"-p icmp -m icmp --icmp-type {type}{(code is null ? "" : $"/{code}")}", p => p.Protocol == 1 && p.IcmpType == type);
        }
        if (Protocols.HasPorts(rule.Protocol) && rule.PortRangeMin is { } min && rule.PortRangeMax is { } max)
        {
            var ports = min == max ? $"--dport {min}" : $"-m multiport --dports {min}:{max}";
            var module = min == max ? $"-m {name} " : "";
            return ($"-p {name} {module}{ports}", p => p.Protocol == number && p.DestinationPort >= min && p.DestinationPort <= max);
        }
        return ($"-p {name}", p => p.Protocol == number);
    }

    private static string Join(string a, string b) => string.Join(' ', new[] { a, b }.Where(s => s.Length > 0));
}
