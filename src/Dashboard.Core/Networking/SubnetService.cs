using Dashboard.Core.Common;
using Dashboard.Core.Errors;
using Dashboard.Core.Ipam;
using Dashboard.Core.Persistence;
using Dashboard.Core.Quotas;
using Microsoft.EntityFrameworkCore;

namespace Dashboard.Core.Networking;

public sealed class SubnetService(Transactions transactions, QuotaService quotas, PortService ports, Agents.AgentLiveness liveness)
{
    public Task<List<Subnet>> ListAsync(string? networkId = null, CancellationToken ct = default) =>
        transactions.ReadAsync(db => db.Subnets.Where(s => networkId == null || s.NetworkId == networkId)
            .OrderBy(s => s.Name).ThenBy(s => s.Id).ToListAsync(ct), ct);

    public Task<Subnet> GetAsync(string id, CancellationToken ct = default) =>
        transactions.ReadAsync(db => FindAsync(db, id, ct), ct);

    public Task<Subnet> CreateAsync(SubnetSpec spec, CancellationToken ct = default) =>
        transactions.WriteAsync(db => CreateAsync(db, spec, ct), ct);

    internal async Task<Subnet> CreateAsync(NetworkDbContext db, SubnetSpec spec, CancellationToken ct)
    {
        var network = await NetworkService.FindAsync(db, spec.NetworkId, ct);
        var projectId = spec.ProjectId ?? network.ProjectId;
        var pool = await SubnetPoolService.ChooseAsync(db, spec.SubnetPoolId, spec.UseDefaultSubnetPool, spec.IpVersion, ct);
        Cidr prefix;
        if (pool is null)
        {
            prefix = spec.Cidr is null
                ? throw new InvalidInputException("Bad subnets request: A cidr must be specified in the absence of a subnet pool.", "HTTPBadRequest") { Attribute = "cidr" }
                : Cidr.Parse(spec.Cidr);
        }
        else
        {
            if ((spec.IpVersion ?? pool.IpVersion) != pool.IpVersion)
            {
                throw new InvalidInputException($"Bad subnets request: Cannot allocate IPv{spec.IpVersion} subnet from IPv{pool.IpVersion} subnet pool.", "HTTPBadRequest")
                { Attribute = "ip_version" };
            }
            prefix = await SubnetPoolService.AllocateAsync(db, pool, projectId, spec.Cidr is null ? null : Cidr.Parse(spec.Cidr), spec.PrefixLength, ct);
        }
        if (spec.IpVersion is { } version && version != prefix.IpVersion)
        {
            throw new InvalidInputException($"Cidr {prefix} does not match ip_version {version}") { Attribute = "ip_version" };
        }
        if (network.Subnets.Any(s => s.IpVersion == prefix.IpVersion && s.SubnetPoolId != pool?.Id))
        {
            throw new InvalidInputException("Bad subnets request: Subnets hosted on the same network must be allocated from the same subnet pool.", "HTTPBadRequest")
            { Attribute = "subnetpool_id" };
        }
        if (prefix.IpVersion == 4 && prefix.PrefixLength > 30 || prefix.IpVersion == 6 && prefix.PrefixLength > 126)
        {
            throw new InvalidInputException($"Subnet {prefix} is too small: it leaves no address to allocate") { Attribute = "cidr" };
        }
        if (network.Subnets.FirstOrDefault(s => s.Prefix.Overlaps(prefix)) is { } clash)
        {
            throw new InvalidInputException(
                $"Requested subnet with cidr: {prefix} for network: {network.Id} overlaps with another subnet ({clash.Cidr}).")
            { Attribute = "cidr" };
        }
        Ipv6Modes.Check(prefix, spec.Ipv6RaMode, spec.Ipv6AddressMode, spec.EnableDhcp);
        await quotas.CheckAsync(db, projectId, QuotaResources.Subnet, ct: ct);

        var subnet = new Subnet
        {
            ProjectId = projectId,
            NetworkId = network.Id,
            Name = Names.Check(spec.Name, "name"),
            Description = Names.Check(spec.Description, "description"),
            IpVersion = prefix.IpVersion,
            Cidr = prefix.ToString(),
            SubnetPoolId = pool?.Id,
            EnableDhcp = spec.EnableDhcp,
            Ipv6RaMode = spec.Ipv6RaMode,
            Ipv6AddressMode = spec.Ipv6AddressMode,
        };
        var gateway = spec.GatewayIp is null ? null : IpMath.Canonical(spec.GatewayIp, "gateway_ip");
        var (defaultGateway, defaultPools) = Subnet.DefaultAddressing(prefix, !spec.NoGateway, gateway);
        subnet.SetAddressing(defaultGateway, spec.AllocationPools ?? defaultPools);
        subnet.SetDnsNameservers(spec.DnsNameservers);
        subnet.SetHostRoutes(spec.HostRoutes);
        db.Subnets.Add(subnet);
        await db.SaveChangesAsync(ct);
        if (subnet.IsAutoAddress)
        {
            // As Neutron does, a new SLAAC or stateless DHCPv6 subnet gives every port already on the network but a
            // router's its EUI-64 address there (a router's interface is added to the subnet on its own).
            var existing = await db.Ports.Include(p => p.FixedIps).Where(p => p.NetworkId == network.Id && p.DeviceOwner != DeviceOwners.RouterInterface).ToListAsync(ct);
            foreach (var port in existing)
            {
                port.FixedIps.Add(new IpAllocation { PortId = port.Id, SubnetId = subnet.Id, NetworkId = port.NetworkId, IpAddress = Ipv6Modes.Eui64(prefix, port.MacAddress) });
            }
            await db.SaveChangesAsync(ct);
        }
        await Agents.DhcpScheduler.SyncNetworkAsync(db, ports, liveness, network.Id, ct);
        return subnet;
    }

    public Task<Subnet> UpdateAsync(string id, SubnetChanges changes, long? expectedRevision = null, CancellationToken ct = default) =>
        transactions.WriteAsync(async db =>
        {
            var subnet = await FindAsync(db, id, ct);
            Revisions.Check(subnet, expectedRevision);
            if (changes.Name is not null)
            {
                subnet.Name = Names.Check(changes.Name, "name");
            }
            if (changes.Description is not null)
            {
                subnet.Description = Names.Check(changes.Description, "description");
            }
            if (changes.EnableDhcp is { } dhcp)
            {
                subnet.EnableDhcp = dhcp;
            }
            var gateway = changes.ClearGateway ? null : changes.GatewayIp is null ? subnet.GatewayIp : IpMath.Canonical(changes.GatewayIp, "gateway_ip");
            if (gateway != subnet.GatewayIp && subnet.GatewayIp is { } old
                && await db.IpAllocations.AnyAsync(a => a.SubnetId == id && a.IpAddress == old, ct))
            {
                throw new InUseException("GatewayIpInUse", $"Current gateway ip {old} already in use by a port. Unable to update.");
            }
            if (gateway != subnet.GatewayIp || changes.AllocationPools is not null)
            {
                subnet.SetAddressing(gateway, changes.AllocationPools ?? subnet.AllocationPools);
            }
            if (changes.DnsNameservers is not null)
            {
                subnet.SetDnsNameservers(changes.DnsNameservers);
            }
            if (changes.HostRoutes is not null)
            {
                subnet.SetHostRoutes(changes.HostRoutes);
            }
            if (changes.EnableDhcp is not null)
            {
                await Agents.DhcpScheduler.SyncNetworkAsync(db, ports, liveness, subnet.NetworkId, ct);
            }
            return subnet;
        }, ct);

    /// <summary>Deletes the subnet; IPs of DHCP ports go with it, any other port's IP on it blocks it.</summary>
    public Task DeleteAsync(string id, long? expectedRevision = null, CancellationToken ct = default) =>
        transactions.WriteAsync(async db =>
        {
            var subnet = await FindAsync(db, id, ct);
            Revisions.Check(subnet, expectedRevision);
            var users = await db.IpAllocations.Where(a => a.SubnetId == id)
                .Join(db.Ports, a => a.PortId, p => p.Id, (a, p) => new { Allocation = a, p.DeviceOwner })
                .ToListAsync(ct);
            // An address a port made itself on a SLAAC or stateless subnet goes with the subnet, as in Neutron; a router's does not.
            if (users.Any(u => !DeviceOwners.IsAutoDeleted(u.DeviceOwner) && !(subnet.IsAutoAddress && u.DeviceOwner != DeviceOwners.RouterInterface)))
            {
                throw new InUseException("SubnetInUse",
                    $"Unable to complete operation on subnet {id}: One or more ports have an IP allocation from this subnet.");
            }
            db.IpAllocations.RemoveRange(users.Select(u => u.Allocation));
            db.Subnets.Remove(subnet);
            await Agents.DhcpScheduler.SyncNetworkAsync(db, ports, liveness, subnet.NetworkId, ct);
        }, ct);

    internal static async Task<Subnet> FindAsync(NetworkDbContext db, string id, CancellationToken ct) =>
        await db.Subnets.FirstOrDefaultAsync(s => s.Id == id, ct) ?? throw NotFoundException.Of("subnet", id);
}
