using Dashboard.Core.Networking;
using Dashboard.Core.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Dashboard.Core.Ipam;

/// <summary>A subnet's addresses: how many its allocation pools hold, and how many are allocated.</summary>
public sealed record SubnetIpAvailability(Subnet Subnet, UInt128 TotalIps, long UsedIps);

/// <summary>A network's addresses, summed over its subnets (Neutron's <c>network-ip-availability</c>).</summary>
public sealed record NetworkIpAvailability(Network Network, IReadOnlyList<SubnetIpAvailability> Subnets)
{
    public UInt128 TotalIps => Subnets.Aggregate(UInt128.Zero, (sum, s) => sum + s.TotalIps);
    public long UsedIps => Subnets.Sum(s => s.UsedIps);
}

/// <summary>How full each network's subnets are: the addresses of their allocation pools, and how many of those are allocated (to any port, DHCP's too).</summary>
public sealed class IpAvailabilityService(Transactions transactions)
{
    public Task<List<NetworkIpAvailability>> ListAsync(string? networkId = null, CancellationToken ct = default) =>
        transactions.ReadAsync(async db =>
        {
            var networks = await db.Networks.Include(n => n.Subnets).Where(n => networkId == null || n.Id == networkId).OrderBy(n => n.Id).ToListAsync(ct);
            var ids = networks.SelectMany(n => n.Subnets).Select(s => s.Id).ToList();
            var allocated = (await db.IpAllocations.Where(a => ids.Contains(a.SubnetId)).Select(a => new { a.SubnetId, a.IpAddress }).ToListAsync(ct))
                .ToLookup(a => a.SubnetId, a => IpMath.ToNumber(IpMath.ParseAddress(a.IpAddress, "ip_address")));
            return networks.Select(n => new NetworkIpAvailability(n, n.Subnets.OrderBy(s => s.Id, StringComparer.Ordinal)
                .Select(s => Availability(s, allocated[s.Id])).ToList())).ToList();
        }, ct);

    public async Task<NetworkIpAvailability> GetAsync(string networkId, CancellationToken ct = default) =>
        (await ListAsync(networkId, ct)).SingleOrDefault() ?? throw Errors.NotFoundException.Of("network", networkId);

    // As Neutron counts them: the pools' addresses, and the allocated ones inside the pools (a router's gateway outside them is not).
    private static SubnetIpAvailability Availability(Subnet subnet, IEnumerable<UInt128> allocated)
    {
        var pools = subnet.AllocationPools.Select(p => (First: IpMath.ToNumber(IpMath.ParseAddress(p.Start, "start")), Last: IpMath.ToNumber(IpMath.ParseAddress(p.End, "end")))).ToList();
        return new SubnetIpAvailability(subnet, pools.Aggregate(UInt128.Zero, (sum, r) => sum + (r.Last - r.First + 1)),
            allocated.LongCount(a => pools.Any(p => p.First <= a && a <= p.Last)));
    }
}
