using Dashboard.Core.Ipam;

namespace Dashboard.Core.Networking;

/// <summary>
/// What a subnet create asks for. CIDR: given, or carved from a subnet pool (<see cref="SubnetPoolId"/>, or the
/// default pool of the IP version with <see cref="UseDefaultSubnetPool"/>) by <see cref="PrefixLength"/>; a given CIDR
/// with a pool must be free in it. Gateway: <see cref="GatewayIp"/> when given; none when <see cref="NoGateway"/>; else
/// the first host address. Pools: given, or the CIDR less network, broadcast and gateway.
/// </summary>
public sealed record SubnetSpec(string NetworkId, string? Cidr)
{
    public string? SubnetPoolId { get; init; }
    public bool UseDefaultSubnetPool { get; init; }

    /// <summary>The size of a subnet carved from a pool; null: the pool's default.</summary>
    public int? PrefixLength { get; init; }

    public string? ProjectId { get; init; }
    public string Name { get; init; } = "";
    public string? Description { get; init; }
    public int? IpVersion { get; init; }
    public string? GatewayIp { get; init; }
    public bool NoGateway { get; init; }
    public IReadOnlyList<AllocationPool>? AllocationPools { get; init; }
    public bool EnableDhcp { get; init; } = true;
    public IReadOnlyList<string> DnsNameservers { get; init; } = [];
    public IReadOnlyList<HostRoute> HostRoutes { get; init; } = [];
    public string? Ipv6RaMode { get; init; }
    public string? Ipv6AddressMode { get; init; }
}

/// <summary>A subnet update: null leaves the attribute as it is; <see cref="ClearGateway"/> removes the gateway.</summary>
public sealed record SubnetChanges
{
    public string? Name { get; init; }
    public string? Description { get; init; }
    public string? GatewayIp { get; init; }
    public bool ClearGateway { get; init; }
    public IReadOnlyList<AllocationPool>? AllocationPools { get; init; }
    public bool? EnableDhcp { get; init; }
    public IReadOnlyList<string>? DnsNameservers { get; init; }
    public IReadOnlyList<HostRoute>? HostRoutes { get; init; }
}
