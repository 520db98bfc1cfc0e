using System.Net.Sockets;
using Dashboard.Core.Common;
using Dashboard.Core.Errors;
using Dashboard.Core.Ipam;
using Dashboard.Core.Networking;
using Dashboard.Core.Persistence;
using Dashboard.Core.Quotas;
using Microsoft.EntityFrameworkCore;

namespace Dashboard.Core.Routers;

/// <summary>
/// Neutron's floating IPs (the <c>router</c> extension's <c>floatingips</c>): allocated from an
/// external network's pools on a port of their own, associated with a port's fixed IPv4 address
/// through the router that joins the external network to that address's subnet.
/// </summary>
public sealed class FloatingIpService(Transactions transactions, QuotaService quotas, PortService ports)
{
    public Task<List<FloatingIp>> ListAsync(string? projectId = null, CancellationToken ct = default) =>
        transactions.ReadAsync(db => db.FloatingIps.Where(f => projectId == null || f.ProjectId == projectId)
            .OrderBy(f => f.FloatingIpAddress).ThenBy(f => f.Id).ToListAsync(ct), ct);

    public Task<FloatingIp> GetAsync(string id, CancellationToken ct = default) =>
        transactions.ReadAsync(db => FindAsync(db, id, ct), ct);

    public Task<FloatingIp> CreateAsync(FloatingIpSpec spec, CancellationToken ct = default) =>
        transactions.WriteAsync(async db =>
        {
            var network = await db.Networks.FirstOrDefaultAsync(n => n.Id == spec.FloatingNetworkId, ct)
                ?? throw NotFoundException.Of("network", spec.FloatingNetworkId);
            if (!await Networking.RbacService.IsExternalForAsync(db, network, spec.ProjectId, ct))
            {
                throw new InvalidInputException($"Bad floatingip request: Network {network.Id} is not a valid external network.", "BadRequest") { Attribute = "floating_network_id" };
            }
            await quotas.CheckAsync(db, spec.ProjectId, QuotaResources.FloatingIp, ct: ct);
            if (spec.SubnetId is { } subnetId && !await db.Subnets.AnyAsync(s => s.Id == subnetId && s.NetworkId == network.Id, ct))
            {
                throw new InvalidInputException($"Bad floatingip request: Subnet {subnetId} does not belong to network {network.Id}.", "BadRequest") { Attribute = "subnet_id" };
            }
            var id = NewId.Uuid();
            var request = spec.FloatingIpAddress is null && spec.SubnetId is null
                ? await FirstIpv4SubnetAsync(db, network.Id, ct)
                : new FixedIpRequest(spec.SubnetId, spec.FloatingIpAddress);
            var port = await ports.CreatePortAsync(db, new PortSpec(network.Id, "")
            {
                DeviceOwner = DeviceOwners.FloatingIp,
                DeviceId = id,
                FixedIps = [request],
                CountsAgainstQuota = false,
            }, ct);
            var address = port.FixedIps.Select(a => a.IpAddress).FirstOrDefault(IsV4)
                ?? throw new InvalidInputException($"Bad floatingip request: Network {network.Id} has no IPv4 subnet.", "BadRequest") { Attribute = "floating_network_id" };
            var floatingIp = new FloatingIp
            {
                Id = id,
                ProjectId = spec.ProjectId,
                FloatingNetworkId = network.Id,
                FloatingIpAddress = address,
                FloatingPortId = port.Id,
                Description = Names.Check(spec.Description, "description"),
            };
            db.FloatingIps.Add(floatingIp);
            if (spec.PortId is not null)
            {
                await AssociateAsync(db, floatingIp, spec.PortId, spec.FixedIpAddress, ct);
            }
            return floatingIp;
        }, ct);

    public Task<FloatingIp> UpdateAsync(string id, FloatingIpChanges changes, long? expectedRevision = null, CancellationToken ct = default) =>
        transactions.WriteAsync(async db =>
        {
            var floatingIp = await FindAsync(db, id, ct);
            Revisions.Check(floatingIp, expectedRevision);
            if (changes.Description is not null)
            {
                floatingIp.Description = Names.Check(changes.Description, "description");
            }
            if (changes.Disassociate)
            {
                floatingIp.Disassociate();
            }
            else if (changes.PortId is not null)
            {
                await AssociateAsync(db, floatingIp, changes.PortId, changes.FixedIpAddress, ct);
            }
            else if (changes.FixedIpAddress is not null)
            {
                throw new InvalidInputException("Bad floatingip request: fixed_ip_address cannot be specified without a port_id.", "BadRequest") { Attribute = "fixed_ip_address" };
            }
            return floatingIp;
        }, ct);

    /// <summary>Releases the address: the floating IP and its port go, the address returns to the external subnet's pool.</summary>
    public Task DeleteAsync(string id, long? expectedRevision = null, CancellationToken ct = default) =>
        transactions.WriteAsync(async db =>
        {
            var floatingIp = await FindAsync(db, id, ct);
            Revisions.Check(floatingIp, expectedRevision);
            var port = await PortService.WithDetails(db.Ports).FirstOrDefaultAsync(p => p.Id == floatingIp.FloatingPortId, ct);
            db.FloatingIps.Remove(floatingIp);
            await db.SaveChangesAsync(ct);
            if (port is not null)
            {
                await PortService.DeletePortAsync(db, port, ct);
            }
        }, ct);

    /// <summary>
    /// The L3 agents' report: an associated floating IP is ACTIVE while the agent hosting its router
    /// serves it (<paramref name="serving"/>, by host) and the router is admin up, DOWN otherwise
    /// (its router hosted nowhere included). Only the ones whose status moves are written.
    /// </summary>
    public Task<int> ReportStatusAsync(Func<string, bool> serving, CancellationToken ct = default) =>
        transactions.WriteAsync(async db =>
        {
            var rows = await db.FloatingIps.Where(f => f.RouterId != null)
                .Join(db.Routers, f => f.RouterId, r => r.Id, (f, r) => new { FloatingIp = f, r.AdminStateUp, r.L3AgentHost })
                .ToListAsync(ct);
            var moved = 0;
            foreach (var row in rows)
            {
                var status = row.L3AgentHost is { } host && serving(host) && row.AdminStateUp ? FloatingIpStatus.Active : FloatingIpStatus.Down;
                if (row.FloatingIp.Status != status)
                {
                    row.FloatingIp.Status = status;
                    moved++;
                }
            }
            return moved;
        }, ct);

    /// <summary>
    /// Associates with <paramref name="portId"/>'s fixed IPv4 address (<paramref name="fixedIp"/>, or its
    /// only one), through the router whose gateway is on the floating network and which has an
    /// interface on that address's subnet.
    /// </summary>
    private static async Task AssociateAsync(NetworkDbContext db, FloatingIp floatingIp, string portId, string? fixedIp, CancellationToken ct)
    {
        var port = await PortService.FindAsync(db, portId, ct);
        if (DeviceOwners.IsL3(port.DeviceOwner))
        {
            throw new InvalidInputException($"Bad floatingip request: Port {port.Id} is a {port.DeviceOwner} port and cannot have a floating IP.", "BadRequest") { Attribute = "port_id" };
        }
        var v4 = port.FixedIps.Where(a => IsV4(a.IpAddress)).ToList();
        IpAllocation allocation;
        if (fixedIp is not null)
        {
            var canonical = IpMath.Canonical(fixedIp, "fixed_ip_address");
            allocation = v4.FirstOrDefault(a => a.IpAddress == canonical)
                ?? throw new InvalidInputException($"Bad floatingip request: Port {port.Id} does not have fixed ip {canonical}.", "BadRequest") { Attribute = "fixed_ip_address" };
        }
        else
        {
            allocation = v4.Count switch
            {
                0 => throw new InvalidInputException($"Bad floatingip request: Cannot add floating IP to port {port.Id} that has no fixed IPv4 addresses.", "BadRequest") { Attribute = "port_id" },
                1 => v4[0],
                _ => throw new InvalidInputException(
                    $"Bad floatingip request: Port {port.Id} has multiple fixed IPv4 addresses. Must provide a specific IPv4 address when assigning a floating IP.", "BadRequest") { Attribute = "fixed_ip_address" },
            };
        }
        var routerId = await db.Routers.Where(r => r.GatewayNetworkId == floatingIp.FloatingNetworkId)
            .Where(r => db.Ports.Any(p => p.DeviceId == r.Id && p.DeviceOwner == DeviceOwners.RouterInterface && p.FixedIps.Any(a => a.SubnetId == allocation.SubnetId)))
            .OrderBy(r => r.CreatedAt).Select(r => r.Id).FirstOrDefaultAsync(ct)
            ?? throw new NotFoundException("ExternalGatewayForFloatingIPNotFound",
                $"External network {floatingIp.FloatingNetworkId} is not reachable from subnet {allocation.SubnetId}.  Therefore, cannot associate Port {port.Id} with a Floating IP.");
        if (await db.FloatingIps.AnyAsync(f => f.Id != floatingIp.Id && f.PortId == port.Id && f.FixedIpAddress == allocation.IpAddress
                && f.FloatingNetworkId == floatingIp.FloatingNetworkId, ct))
        {
            throw new ConflictException("FloatingIPPortAlreadyAssociated",
                $"Cannot associate floating IP {floatingIp.FloatingIpAddress} ({floatingIp.Id}) with port {port.Id} using fixed IP {allocation.IpAddress}, as that fixed IP already has a floating IP on external network {floatingIp.FloatingNetworkId}.");
        }
        if (floatingIp.RouterId != routerId || floatingIp.PortId != port.Id || floatingIp.FixedIpAddress != allocation.IpAddress)
        {
            // The L3 agent sets the new NAT up and reports it ACTIVE.
            floatingIp.Associate(port.Id, allocation.IpAddress, routerId);
        }
    }

    /// <summary>The first IPv4 subnet of the network with a free address in its pools.</summary>
    private static async Task<FixedIpRequest> FirstIpv4SubnetAsync(NetworkDbContext db, string networkId, CancellationToken ct)
    {
        var subnets = await db.Subnets.Where(s => s.NetworkId == networkId && s.IpVersion == 4).OrderBy(s => s.CreatedAt).ThenBy(s => s.Id).ToListAsync(ct);
        foreach (var subnet in subnets)
        {
            if (await IpAllocator.NextFreeAsync(db, subnet, ct) is not null)
            {
                return new FixedIpRequest(subnet.Id);
            }
        }
        throw subnets.Count == 0
            ? new InvalidInputException($"Bad floatingip request: Network {networkId} has no IPv4 subnet.", "BadRequest") { Attribute = "floating_network_id" }
            : IpAllocator.Exhausted(networkId);
    }

    private static bool IsV4(string ip) => System.Net.IPAddress.TryParse(ip, out var a) && a.AddressFamily == AddressFamily.InterNetwork;

    internal static async Task<FloatingIp> FindAsync(NetworkDbContext db, string id, CancellationToken ct) =>
        await db.FloatingIps.FirstOrDefaultAsync(f => f.Id == id, ct) ?? throw NotFoundException.Of("floating IP", id);
}
