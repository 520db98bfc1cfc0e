using Dashboard.Core.Common;

namespace Dashboard.Core.Ipam;

/// <summary>
/// Neutron's subnet pool: prefixes (of one IP version, kept compact) from which subnets are carved by prefix length,
/// within <see cref="MinPrefixLen"/>..<see cref="MaxPrefixLen"/>, <see cref="DefaultPrefixLen"/> when none is asked;
/// a project may take at most <see cref="DefaultQuota"/> addresses' worth of it (counted in /32s for IPv4, /64s for
/// IPv6). A shared pool serves every project; a default one (one per IP version) serves subnets that ask for the default.
/// </summary>
public sealed class SubnetPool : ProjectResource
{
    public override string ResourceName => "subnetpool";

    public string Name { get; set; } = "";
    public required int IpVersion { get; init; }

    /// <summary>The pool's prefixes, compact (overlapping and adjacent ones merged) and in address order.</summary>
    public List<string> Prefixes { get; internal set; } = [];
    public int MinPrefixLen { get; internal set; }
    public int MaxPrefixLen { get; internal set; }
    public int DefaultPrefixLen { get; internal set; }

    /// <summary>Addresses (in quota units) a project may take from the pool; null: no limit.</summary>
    public long? DefaultQuota { get; internal set; }
    public bool Shared { get; internal set; }
    public bool IsDefault { get; internal set; }

    /// <summary>The address scope the pool's prefixes are unique in; null when none.</summary>
    public string? AddressScopeId { get; internal set; }

    /// <summary>The unit a pool's quota counts in: a /32 of IPv4, a /64 of IPv6.</summary>
    public static int QuotaUnit(int ipVersion) => ipVersion == 4 ? 32 : 64;

    public static int DefaultMinPrefixLen(int ipVersion) => ipVersion == 4 ? 8 : 64;
}
