using Dashboard.Core.Errors;
using Dashboard.Core.Networking;
using Dashboard.Core.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Dashboard.Core.Ipam;

/// <summary>Neutron's built-in IPAM: the next free address of a subnet's pools, or exactly the one asked for.</summary>
public static class IpAllocator
{
    /// <summary>The lowest free pool address; cost grows with the addresses already allocated on the subnet.</summary>
    public static async Task<string?> NextFreeAsync(NetworkDbContext db, Subnet subnet, CancellationToken ct)
    {
        if (!db.StoredAddresses.TryGetValue(subnet.Id, out var stored))
        {
            stored = (await db.IpAllocations.Where(a => a.SubnetId == subnet.Id).Select(a => a.IpAddress).ToListAsync(ct))
                .Select(ip => IpMath.ToNumber(System.Net.IPAddress.Parse(ip)))
                .ToHashSet();
            db.StoredAddresses[subnet.Id] = stored;
        }
        // Those allocated since in this unit are tracked (saved or not): taken too. One freed in the unit stays taken until it ends.
        foreach (var entry in db.ChangeTracker.Entries<IpAllocation>())
        {
            if (entry.Entity.SubnetId == subnet.Id)
            {
                stored.Add(IpMath.ToNumber(System.Net.IPAddress.Parse(entry.Entity.IpAddress)));
            }
        }
        var gateway = subnet.GatewayIp is null ? (UInt128?)null : IpMath.ToNumber(System.Net.IPAddress.Parse(subnet.GatewayIp));
        foreach (var (start, end) in subnet.PoolRanges())
        {
            for (var candidate = start; ; candidate++)
            {
                if (!stored.Contains(candidate) && candidate != gateway)
                {
                    return IpMath.FromNumber(candidate, subnet.IpVersion).ToString();
                }
                if (candidate == end)
                {
                    break;
                }
            }
        }
        return null;
    }

    /// <summary>Checks that <paramref name="ip"/> may be given to a port on <paramref name="subnet"/>; returns it canonical.</summary>
    public static async Task<string> CheckRequestedAsync(NetworkDbContext db, Subnet subnet, string ip, bool mayTakeGateway, CancellationToken ct)
    {
        var address = IpMath.ParseAddress(ip, "fixed_ips");
        var prefix = subnet.Prefix;
        var value = IpMath.ToNumber(address);
        if (!prefix.Contains(address) || value == prefix.First || (prefix.IpVersion == 4 && value == prefix.Last))
        {
            throw new InvalidInputException($"IP address {ip} is not a valid IP for the specified subnet.", "InvalidIpForSubnet") { Attribute = "fixed_ips" };
        }
        var canonical = address.ToString();
        if (canonical == subnet.GatewayIp && !mayTakeGateway
            || await db.IpAllocations.AnyAsync(a => a.SubnetId == subnet.Id && a.IpAddress == canonical, ct))
        {
            throw new ConflictException("IpAddressAlreadyAllocated",
                $"IP address {canonical} already allocated in subnet {subnet.Id}");
        }
        return canonical;
    }

    public static ConflictException Exhausted(string networkId) =>
        new("IpAddressGenerationFailure", $"No more IP addresses available on network {networkId}.");
}
