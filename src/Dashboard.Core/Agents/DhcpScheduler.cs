using System.Security.Cryptography;
using System.Text;
using Dashboard.Core.Hosts;
using Dashboard.Core.Networking;
using Dashboard.Core.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Dashboard.Core.Agents;

/// <summary>
/// Neutron's <c>dhcp_agent_scheduler</c> with one agent per network: a network with a DHCP-enabled
/// subnet gets a DHCP agent (admin up, alive, fewest networks first) and, on that agent's host, the
/// DHCP port (<c>network:dhcp</c>, <c>device_id</c> <c>dhcp&lt;host uuid&gt;-&lt;network id&gt;</c>) with
/// one address from each DHCP-enabled subnet's pools. The port goes when no subnet needs it.
/// </summary>
public static class DhcpScheduler
{
    /// <summary>Makes the network's DHCP ports agree with its subnets after a subnet change.</summary>
    public static async Task SyncNetworkAsync(NetworkDbContext db, PortService ports, AgentLiveness liveness, string networkId, CancellationToken ct)
    {
        await db.SaveChangesAsync(ct);
        var dhcpSubnets = await db.Subnets.Where(s => s.NetworkId == networkId && s.EnableDhcp).OrderBy(s => s.CreatedAt).ThenBy(s => s.Id).ToListAsync(ct);
        var existing = await PortService.WithDetails(db.Ports).Where(p => p.NetworkId == networkId && p.DeviceOwner == DeviceOwners.Dhcp).ToListAsync(ct);
        if (dhcpSubnets.Count == 0)
        {
            foreach (var port in existing)
            {
                await PortService.DeletePortAsync(db, port, ct);
            }
            return;
        }
        if (existing.Count == 0)
        {
            var hints = await db.Networks.Where(n => n.Id == networkId).Select(n => n.AvailabilityZoneHints).FirstAsync(ct);
            if (await ChooseAsync(db, liveness, hints, ct) is { } host)
            {
                await AddAsync(db, ports, networkId, host, ct);
            }
            return;
        }
        foreach (var port in existing)
        {
            var wanted = dhcpSubnets.Select(s => s.Id).ToHashSet();
            var stale = port.FixedIps.Where(a => !wanted.Contains(a.SubnetId)).ToList();
            var missing = dhcpSubnets.Where(s => port.FixedIps.All(a => a.SubnetId != s.Id)).Select(s => new FixedIpRequest(s.Id)).ToList();
            if (stale.Count == 0 && missing.Count == 0)
            {
                continue;
            }
            db.IpAllocations.RemoveRange(stale);
            foreach (var allocation in stale)
            {
                port.FixedIps.Remove(allocation);
            }
            await db.SaveChangesAsync(ct);
            await PortService.AllocateIpsAsync(db, port, missing, ct);
        }
    }

    /// <summary>Schedules the network to the DHCP agent on <paramref name="host"/>: its DHCP port there.</summary>
    public static async Task<Port> AddAsync(NetworkDbContext db, PortService ports, string networkId, string host, CancellationToken ct)
    {
        var network = await NetworkService.FindAsync(db, networkId, ct);
        var subnets = await db.Subnets.Where(s => s.NetworkId == networkId && s.EnableDhcp).OrderBy(s => s.CreatedAt).ThenBy(s => s.Id).Select(s => s.Id).ToListAsync(ct);
        return await ports.CreatePortAsync(db, new PortSpec(network.Id, network.ProjectId)
        {
            DeviceOwner = DeviceOwners.Dhcp,
            DeviceId = DeviceId(host, network.Id),
            FixedIps = subnets.Select(s => new FixedIpRequest(s)).ToList(),
            HostId = host,
            CountsAgainstQuota = false,
        }, ct);
    }

    /// <summary>The hosts whose DHCP agents serve the network (where its DHCP ports are bound).</summary>
    public static Task<List<string>> HostsAsync(NetworkDbContext db, string networkId, CancellationToken ct) =>
        db.Ports.Where(p => p.NetworkId == networkId && p.DeviceOwner == DeviceOwners.Dhcp && p.BindingHostId != "")
            .Select(p => p.BindingHostId).Distinct().OrderBy(h => h).ToListAsync(ct);

    /// <summary>The DHCP port's <c>device_id</c>, as Neutron's DHCP agent names it: <c>dhcp</c> + a UUID of the host name + <c>-</c> + the network ID.</summary>
    public static string DeviceId(string host, string networkId) => $"dhcp{HostUuid(host)}-{networkId}";

    private static async Task<string?> ChooseAsync(NetworkDbContext db, AgentLiveness liveness, IReadOnlyCollection<string> hints, CancellationToken ct)
    {
        var candidates = await AvailabilityZones.InZonesAsync(db, await AgentScheduling.CandidatesAsync(db, liveness, AgentTypes.Dhcp, ct), hints, ct);
        var load = await db.Ports.Where(p => p.DeviceOwner == DeviceOwners.Dhcp && candidates.Contains(p.BindingHostId))
            .GroupBy(p => p.BindingHostId).Select(g => new { Host = g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Host, g => g.Count, ct);
        return AgentScheduling.LeastLoaded(candidates, load);
    }

    /// <summary>A name-based UUID of the host name (stable across restarts, as Neutron's DHCP agent derives it).</summary>
    private static Guid HostUuid(string host)
    {
        var hash = SHA1.HashData(Encoding.UTF8.GetBytes("dhcp-agent:" + host));
        var bytes = hash[..16];
        bytes[6] = (byte)((bytes[6] & 0x0F) | 0x50);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes, bigEndian: true);
    }
}
