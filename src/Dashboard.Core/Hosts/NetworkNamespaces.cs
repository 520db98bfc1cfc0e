namespace Dashboard.Core.Hosts;

/// <summary>
/// A port the L3 or DHCP agent plugs into br-int as an OVS internal port and moves into its
/// namespace: a router's <c>qr-</c> (interface) or <c>qg-</c> (gateway), a DHCP server's <c>tap</c>.
/// Tagged with its network's local VLAN on the host; no firewall bridge (Neutron's own ports).
/// </summary>
public sealed record NamespacePort(string Name, string PortId, string NetworkId, string MacAddress, IReadOnlyList<string> Addresses, int LocalVlan, string Status)
{
    /// <summary>The port's addresses with their subnets' prefix lengths, as <c>ip addr</c> shows them (<c>10.0.0.1/24</c>).</summary>
    public IReadOnlyList<string> Cidrs { get; init; } = [];

    /// <summary>The address scope of the port's IPv4 subnet (its subnet pool's); null when it has none.</summary>
    public string? AddressScope { get; init; }
}

/// <summary>
/// A router as the L3 agent builds it on its host (Neutron's <c>router_info</c>): the
/// <c>qrouter-&lt;router id&gt;</c> namespace with its qr-/qg- ports, its routing table and the NAT
/// rules of its <c>neutron-l3-agent-*</c> chains.
/// </summary>
public sealed record RouterNamespace(string RouterId, string RouterName, bool AdminStateUp, IReadOnlyList<NamespacePort> Interfaces, NamespacePort? Gateway)
{
    public string Namespace => $"qrouter-{RouterId}";

    /// <summary><c>ip route</c> in the namespace: connected subnets, static routes, the default route via the external subnet's gateway.</summary>
    public IReadOnlyList<NamespaceRoute> Routes { get; init; } = [];

    /// <summary><c>iptables -t nat -S</c> lines of the agent's chains (SNAT, floating IP DNAT/SNAT).</summary>
    public IReadOnlyList<string> NatRules { get; init; } = [];

    /// <summary><c>iptables -t filter -S</c> lines of the agent's address-scope chain (what may not cross between scopes).</summary>
    public IReadOnlyList<string> FilterRules { get; init; } = [];

    /// <summary>The floating IPs it NATs: floating address -> fixed address.</summary>
    public IReadOnlyList<FloatingNat> FloatingIps { get; init; } = [];

    public bool EnableSnat { get; init; } = true;

    public IEnumerable<NamespacePort> Ports => Gateway is null ? Interfaces : [.. Interfaces, Gateway];
}

/// <summary>One route of a namespace's table; <see cref="ToString"/> is the line <c>ip route</c> prints.</summary>
public sealed record NamespaceRoute(string Destination, string Device, string? Via = null, string? Source = null)
{
    public const string Default = "default";

    public bool IsDefault => Destination == Default;

    /// <summary>Whether the route's destination holds <paramref name="address"/> (the default route holds every one).</summary>
    public bool Holds(System.Net.IPAddress address) => IsDefault || Ipam.Cidr.Parse(Destination).Contains(address);

    public override string ToString() => Via is not null
        ? $"{Destination} via {Via} dev {Device}"
        : $"{Destination} dev {Device} proto kernel scope link src {Source}";
}

public sealed record FloatingNat(string FloatingIp, string FixedIp, string Status);

/// <summary>
/// A network's DHCP server as the DHCP agent runs it (Neutron's <c>dhcp.Dnsmasq</c>): the
/// <c>qdhcp-&lt;network id&gt;</c> namespace, its tap port, and dnsmasq's <c>host</c> and <c>opts</c> files.
/// </summary>
public sealed record DhcpNamespace(string NetworkId, string NetworkName, NamespacePort Tap, IReadOnlyList<string> HostsFile, IReadOnlyList<string> OptsFile)
{
    public string Namespace => $"qdhcp-{NetworkId}";

    /// <summary>The DHCP-enabled subnets it serves (dnsmasq's <c>--dhcp-range=set:subnet-&lt;id&gt;,...,static</c>).</summary>
    public IReadOnlyList<DhcpSubnet> Subnets { get; init; } = [];
}

/// <summary>A subnet a DHCP server serves: its ID (the tag of its lines in the opts file) and CIDR.</summary>
public sealed record DhcpSubnet(string SubnetId, string Cidr, int IpVersion);
