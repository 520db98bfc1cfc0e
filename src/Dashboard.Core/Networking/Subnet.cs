using Dashboard.Core.Common;
using Dashboard.Core.Errors;
using Dashboard.Core.Ipam;

namespace Dashboard.Core.Networking;

public sealed class Subnet : ProjectResource
{
    public override string ResourceName => "subnet";

    public required string NetworkId { get; init; }
    public string Name { get; set; } = "";
    public required int IpVersion { get; init; }

    /// <summary>Normalised, e.g. <c>10.0.0.0/24</c>.</summary>
    public required string Cidr { get; init; }

    /// <summary>The subnet pool the CIDR was carved from; null when it was given outright.</summary>
    public string? SubnetPoolId { get; init; }
    public string? GatewayIp { get; private set; }
    public List<AllocationPool> AllocationPools { get; private set; } = [];
    public bool EnableDhcp { get; set; } = true;
    public List<string> DnsNameservers { get; private set; } = [];
    public List<HostRoute> HostRoutes { get; private set; } = [];

    /// <summary>Neutron's <c>ipv6_ra_mode</c>: who sends router advertisements and what they say (slaac, dhcpv6-stateful, dhcpv6-stateless).</summary>
    public string? Ipv6RaMode { get; init; }

    /// <summary>Neutron's <c>ipv6_address_mode</c>: how a port gets its address (slaac, dhcpv6-stateful, dhcpv6-stateless).</summary>
    public string? Ipv6AddressMode { get; init; }

    /// <summary>
    /// A subnet whose ports make their own addresses from the prefix and their MAC (EUI-64): SLAAC or stateless DHCPv6
    /// (Neutron's <c>is_auto_address_subnet</c>).
    /// </summary>
    public bool IsAutoAddress => Ipv6Modes.IsAuto(Ipv6AddressMode) || (Ipv6AddressMode is null && Ipv6Modes.IsAuto(Ipv6RaMode));

    public Cidr Prefix => Ipam.Cidr.Parse(Cidr);

    /// <summary>Sets the gateway and pools together, validating them against each other and the CIDR.</summary>
    public void SetAddressing(string? gatewayIp, IReadOnlyList<AllocationPool> pools)
    {
        var prefix = Prefix;
        if (gatewayIp is not null)
        {
            var gateway = IpMath.ParseAddress(gatewayIp, "gateway_ip");
            var value = IpMath.ToNumber(gateway);
            if (!prefix.Contains(gateway) || value == prefix.First || (IpVersion == 4 && prefix.PrefixLength < 31 && value == prefix.Last))
            {
                throw new InvalidInputException($"Gateway IP {gatewayIp} is not valid on subnet {Cidr}") { Attribute = "gateway_ip" };
            }
            gatewayIp = gateway.ToString();
        }
        var ranges = pools.Select(p => ParsePool(prefix, p)).OrderBy(r => r.Start).ToList();
        for (var i = 1; i < ranges.Count; i++)
        {
            if (ranges[i].Start <= ranges[i - 1].End)
            {
                throw new ConflictException("OverlappingAllocationPools",
                    $"Found overlapping allocation pools: {Describe(prefix, ranges[i - 1])} and {Describe(prefix, ranges[i])} for subnet {Cidr}.");
            }
        }
        if (gatewayIp is not null)
        {
            var gw = IpMath.ToNumber(IpMath.ParseAddress(gatewayIp, "gateway_ip"));
            var hit = ranges.FindIndex(r => gw >= r.Start && gw <= r.End);
            if (hit >= 0)
            {
                throw new InUseException("GatewayConflictWithAllocationPools",
                    $"Gateway ip {gatewayIp} conflicts with allocation pool {Describe(prefix, ranges[hit])}");
            }
        }
        GatewayIp = gatewayIp;
        AllocationPools = ranges.Select(r => new AllocationPool(prefix.Address(r.Start).ToString(), prefix.Address(r.End).ToString())).ToList();
    }

    /// <summary>Neutron's defaults: the first host address as gateway; the CIDR less network, broadcast and gateway as pools.</summary>
    public static (string? Gateway, List<AllocationPool> Pools) DefaultAddressing(Cidr prefix, bool withGateway, string? gatewayIp)
    {
        var first = prefix.First + (prefix.PrefixLength >= prefix.Bits - 1 ? UInt128.Zero : UInt128.One);
        var last = prefix.IpVersion == 4 && prefix.PrefixLength < 31 ? prefix.Last - 1 : prefix.Last;
        string? gateway = null;
        if (withGateway)
        {
            gateway = gatewayIp ?? (first <= last ? prefix.Address(first).ToString() : null);
        }
        var pools = new List<AllocationPool>();
        if (first > last)
        {
            return (gateway, pools);
        }
        var gw = gateway is null ? (UInt128?)null : IpMath.ToNumber(IpMath.ParseAddress(gateway, "gateway_ip"));
        if (gw is { } g && g >= first && g <= last)
        {
            if (g > first)
            {
                pools.Add(new(prefix.Address(first).ToString(), prefix.Address(g - 1).ToString()));
            }
            if (g < last)
            {
                pools.Add(new(prefix.Address(g + 1).ToString(), prefix.Address(last).ToString()));
            }
        }
        else
        {
            pools.Add(new(prefix.Address(first).ToString(), prefix.Address(last).ToString()));
        }
        return (gateway, pools);
    }

    public void SetDnsNameservers(IEnumerable<string> servers)
    {
        var list = servers.Select(s => IpMath.Canonical(s, "dns_nameservers")).ToList();
        if (list.Distinct().Count() != list.Count)
        {
            throw new InvalidInputException("Duplicate nameserver in dns_nameservers") { Attribute = "dns_nameservers" };
        }
        DnsNameservers = list;
    }

    public void SetHostRoutes(IEnumerable<HostRoute> routes)
    {
        var list = routes.Select(r =>
        {
            var destination = Ipam.Cidr.Parse(r.Destination, "host_routes");
            var nexthop = IpMath.ParseAddress(r.Nexthop, "host_routes");
            if (destination.IpVersion != IpVersion || IpMath.VersionOf(nexthop) != IpVersion)
            {
                throw new InvalidInputException($"host route {r.Destination} via {r.Nexthop} is not IPv{IpVersion}") { Attribute = "host_routes" };
            }
            return new HostRoute(destination.ToString(), nexthop.ToString());
        }).ToList();
        if (list.Distinct().Count() != list.Count)
        {
            throw new InvalidInputException("Duplicate hostroute in host_routes") { Attribute = "host_routes" };
        }
        HostRoutes = list;
    }

    /// <summary>The pools as numeric ranges, for IPAM.</summary>
    public IEnumerable<(UInt128 Start, UInt128 End)> PoolRanges() => AllocationPools.Select(p =>
        (IpMath.ToNumber(IpMath.ParseAddress(p.Start, "allocation_pools")), IpMath.ToNumber(IpMath.ParseAddress(p.End, "allocation_pools"))));

    private static (UInt128 Start, UInt128 End) ParsePool(Cidr prefix, AllocationPool pool)
    {
        var start = IpMath.ParseAddress(pool.Start, "allocation_pools");
        var end = IpMath.ParseAddress(pool.End, "allocation_pools");
        if (IpMath.VersionOf(start) != prefix.IpVersion || IpMath.VersionOf(end) != prefix.IpVersion)
        {
            throw new InvalidInputException($"allocation pool {pool.Start}-{pool.End} is not IPv{prefix.IpVersion}") { Attribute = "allocation_pools" };
        }
        var (s, e) = (IpMath.ToNumber(start), IpMath.ToNumber(end));
        if (s > e)
        {
            throw new InvalidInputException($"The allocation pool {pool.Start}-{pool.End} is not valid: start is after end") { Attribute = "allocation_pools" };
        }
        var lowest = prefix.PrefixLength >= prefix.Bits - 1 ? prefix.First : prefix.First + 1;
        var highest = prefix.IpVersion == 4 && prefix.PrefixLength < 31 ? prefix.Last - 1 : prefix.Last;
        if (s < lowest || e > highest)
        {
            throw new InvalidInputException(
                $"The allocation pool {pool.Start}-{pool.End} spans beyond the subnet cidr {prefix}.", "OutOfBoundsAllocationPool")
            { Attribute = "allocation_pools" };
        }
        return (s, e);
    }

    private static string Describe(Cidr prefix, (UInt128 Start, UInt128 End) r) => $"{prefix.Address(r.Start)}-{prefix.Address(r.End)}";
}
