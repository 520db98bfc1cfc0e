using Dashboard.Core.Agents;
using Dashboard.Core.Common;
using Dashboard.Core.Errors;
using Dashboard.Core.Ipam;
using Dashboard.Core.Networking;
using Dashboard.Core.Persistence;
using Dashboard.Core.Quotas;
using Microsoft.EntityFrameworkCore;

namespace Dashboard.Core.Routers;

public sealed class RouterService(Transactions transactions, QuotaService quotas, PortService ports, AgentLiveness liveness)
{
    public Task<List<Router>> ListAsync(string? projectId = null, CancellationToken ct = default) =>
        transactions.ReadAsync(db => db.Routers.Where(r => projectId == null || r.ProjectId == projectId)
            .OrderBy(r => r.Name).ThenBy(r => r.Id).ToListAsync(ct), ct);

    public Task<Router> GetAsync(string id, CancellationToken ct = default) =>
        transactions.ReadAsync(db => FindAsync(db, id, ct), ct);

    /// <summary>The gateway port's fixed IPs (<c>external_gateway_info.external_fixed_ips</c>).</summary>
    public Task<List<IpAllocation>> GatewayIpsAsync(string routerId, CancellationToken ct = default) =>
        transactions.ReadAsync(db => db.Ports.Where(p => p.DeviceId == routerId && p.DeviceOwner == DeviceOwners.RouterGateway)
            .SelectMany(p => p.FixedIps).ToListAsync(ct), ct);

    public Task<List<RouterInterface>> InterfacesAsync(string routerId, CancellationToken ct = default) =>
        transactions.ReadAsync(db => InterfacesAsync(db, routerId, ct), ct);

    public Task<Router> CreateAsync(RouterSpec spec, CancellationToken ct = default) =>
        transactions.WriteAsync(async db =>
        {
            var hints = await AvailabilityZones.CheckHintsAsync(db, AvailabilityZone.Router, spec.AvailabilityZoneHints, ct);
            await quotas.CheckAsync(db, spec.ProjectId, QuotaResources.Router, ct: ct);
            var router = new Router
            {
                ProjectId = spec.ProjectId,
                Name = Names.Check(spec.Name, "name"),
                Description = Names.Check(spec.Description, "description"),
                AdminStateUp = spec.AdminStateUp,
                L3AgentHost = await L3Scheduler.ChooseAsync(db, liveness, hints, ct),
                AvailabilityZoneHints = hints,
            };
            db.Routers.Add(router);
            await db.SaveChangesAsync(ct);
            if (spec.ExternalGateway is not null)
            {
                await SetGatewayAsync(db, router, spec.ExternalGateway, ct);
            }
            return router;
        }, ct);

    public Task<Router> UpdateAsync(string id, RouterChanges changes, long? expectedRevision = null, CancellationToken ct = default) =>
        transactions.WriteAsync(async db =>
        {
            var router = await FindAsync(db, id, ct);
            Revisions.Check(router, expectedRevision);
            if (changes.Name is not null)
            {
                router.Name = Names.Check(changes.Name, "name");
            }
            if (changes.Description is not null)
            {
                router.Description = Names.Check(changes.Description, "description");
            }
            router.AdminStateUp = changes.AdminStateUp ?? router.AdminStateUp;
            if (changes.ClearGateway)
            {
                await ClearGatewayAsync(db, router, ct);
            }
            else if (changes.ExternalGateway is not null)
            {
                await SetGatewayAsync(db, router, changes.ExternalGateway, ct);
            }
            if (changes.Routes is not null)
            {
                router.Routes = await CheckRoutesAsync(db, router, changes.Routes, ct);
            }
            return router;
        }, ct);

    /// <summary>
    /// Neutron's <c>extraroute-atomic</c>: adds routes to the router's (those it has already are kept once) or removes
    /// them (those it lacks are ignored), in one transaction, so two clients changing routes never lose each other's.
    /// </summary>
    public Task<Router> ChangeRoutesAsync(string id, IReadOnlyList<HostRoute> routes, bool add, CancellationToken ct = default) =>
        transactions.WriteAsync(async db =>
        {
            var router = await FindAsync(db, id, ct);
            var wanted = await CheckRoutesAsync(db, router, routes.Distinct().ToList(), ct);
            router.Routes = add ? router.Routes.Union(wanted).ToList() : router.Routes.Except(wanted).ToList();
            return router;
        }, ct);

    public Task DeleteAsync(string id, long? expectedRevision = null, CancellationToken ct = default) =>
        transactions.WriteAsync(async db =>
        {
            var router = await FindAsync(db, id, ct);
            Revisions.Check(router, expectedRevision);
            if (await db.Ports.AnyAsync(p => p.DeviceId == id && p.DeviceOwner == DeviceOwners.RouterInterface, ct))
            {
                throw new InUseException("RouterInUse", $"Router {id} still has ports");
            }
            await ClearGatewayAsync(db, router, ct);
            db.Routers.Remove(router);
        }, ct);

    /// <summary>Joins a subnet to the router with a port holding the subnet's gateway IP (or <paramref name="ipAddress"/>).</summary>
    public Task<RouterInterface> AddInterfaceAsync(string routerId, string subnetId, string? ipAddress = null, CancellationToken ct = default) =>
        transactions.WriteAsync(async db =>
        {
            var router = await FindAsync(db, routerId, ct);
            var subnet = await SubnetService.FindAsync(db, subnetId, ct);
            var ip = ipAddress ?? subnet.GatewayIp
                ?? throw new InvalidInputException($"Bad router request: Subnet for router interface must have a gateway IP.", "BadRequest")
                {
                    Attribute = "subnet_id",
                    Reason = $"Subnet {Named(subnet)} has no gateway IP: give the interface an address.",
                };
            await CheckNewInterfaceAsync(db, router, subnet, ct);
            var port = await ports.CreatePortAsync(db, new PortSpec(subnet.NetworkId, router.ProjectId)
            {
                DeviceId = router.Id,
                DeviceOwner = DeviceOwners.RouterInterface,
                FixedIps = [new FixedIpRequest(subnet.Id, ip)],
                HostId = router.L3AgentHost,
            }, ct);
            return new RouterInterface(router.Id, port.Id, subnet.Id, subnet.NetworkId, port.FixedIps[0].IpAddress, router.ProjectId);
        }, ct);

    /// <summary>Joins an existing unused port (with one fixed IP) to the router.</summary>
    public Task<RouterInterface> AddInterfacePortAsync(string routerId, string portId, CancellationToken ct = default) =>
        transactions.WriteAsync(async db =>
        {
            var router = await FindAsync(db, routerId, ct);
            var port = await PortService.FindAsync(db, portId, ct);
            if (port.DeviceId != "" || port.DeviceOwner != "")
            {
                throw new InUseException("PortInUse", $"Unable to complete operation on port {portId} for network {port.NetworkId}. Port already has an attached device {port.DeviceId}.");
            }
            if (port.FixedIps.Count != 1)
            {
                throw new InvalidInputException("Bad router request: Router port must have exactly one fixed IP.", "BadRequest");
            }
            var subnet = await SubnetService.FindAsync(db, port.FixedIps[0].SubnetId, ct);
            await CheckNewInterfaceAsync(db, router, subnet, ct);
            port.DeviceId = router.Id;
            port.DeviceOwner = DeviceOwners.RouterInterface;
            port.SecurityGroups.Clear();
            await L3Scheduler.BindAsync(db, port, router.L3AgentHost, ct);
            return new RouterInterface(router.Id, port.Id, subnet.Id, subnet.NetworkId, port.FixedIps[0].IpAddress, router.ProjectId);
        }, ct);

    /// <summary>Removes the interface on <paramref name="subnetId"/> (or the port <paramref name="portId"/>), deleting its port.</summary>
    public Task<RouterInterface> RemoveInterfaceAsync(string routerId, string? subnetId, string? portId, CancellationToken ct = default) =>
        transactions.WriteAsync(async db =>
        {
            var router = await FindAsync(db, routerId, ct);
            var found = (await InterfacesAsync(db, router.Id, ct))
                .FirstOrDefault(i => (portId == null || i.PortId == portId) && (subnetId == null || i.SubnetId == subnetId));
            if (found is null)
            {
                throw portId is not null
                    ? new NotFoundException("RouterInterfaceNotFound", $"Router {routerId} does not have an interface with id {portId}")
                    : new NotFoundException("RouterInterfaceNotFoundForSubnet", $"Router {routerId} has no interface on subnet {subnetId}");
            }
            var remaining = (await InterfacesAsync(db, router.Id, ct)).Where(i => i.PortId != found.PortId).ToList();
            if (router.Routes.FirstOrDefault(r => !remaining.Any(i => SubnetHolds(db, i.SubnetId, r.Nexthop))) is { } route)
            {
                throw new InUseException("RouterInterfaceInUseByRoute",
                    $"Router interface for subnet {found.SubnetId} on router {routerId} cannot be deleted, as it is required by one or more routes.");
            }
            if (await db.FloatingIps.AnyAsync(f => f.RouterId == router.Id && f.FixedIpAddress != null
                    && db.IpAllocations.Any(a => a.PortId == f.PortId && a.IpAddress == f.FixedIpAddress && a.SubnetId == found.SubnetId), ct))
            {
                throw new InUseException("RouterInterfaceInUseByFloatingIP",
                    $"Router interface for subnet {found.SubnetId} on router {routerId} cannot be deleted, as it is required by one or more floating IPs.");
            }
            await PortService.DeletePortAsync(db, await PortService.FindAsync(db, found.PortId, ct), ct);
            return found;
        }, ct);

    private async Task SetGatewayAsync(NetworkDbContext db, Router router, GatewayInfo gateway, CancellationToken ct)
    {
        var network = await NetworkService.FindAsync(db, gateway.NetworkId, ct);
        if (!await RbacService.IsExternalForAsync(db, network, router.ProjectId, ct))
        {
            throw new InvalidInputException($"Bad router request: Network {network.Id} is not an external network.", "BadRequest") { Attribute = "external_gateway_info" };
        }
        if (router.GatewayNetworkId != network.Id)
        {
            await ClearGatewayAsync(db, router, ct);
            await ports.CreatePortAsync(db, new PortSpec(network.Id, "")
            {
                DeviceId = router.Id,
                DeviceOwner = DeviceOwners.RouterGateway,
                FixedIps = gateway.FixedIps,
                HostId = router.L3AgentHost,
            }, ct);
            router.GatewayNetworkId = network.Id;
        }
        else if (gateway.FixedIps is { } fixedIps)
        {
            var port = await PortService.WithDetails(db.Ports).FirstAsync(p => p.DeviceId == router.Id && p.DeviceOwner == DeviceOwners.RouterGateway, ct);
            var wanted = fixedIps.Select(f => (f.SubnetId, f.IpAddress is null ? null : IpMath.Canonical(f.IpAddress, "external_fixed_ips"))).ToList();
            var current = port.FixedIps.Select(a => ((string?)a.SubnetId, (string?)a.IpAddress)).ToList();
            if (!wanted.All(w => current.Any(c => (w.SubnetId == null || w.SubnetId == c.Item1) && (w.Item2 == null || w.Item2 == c.Item2))) || wanted.Count != current.Count)
            {
                db.IpAllocations.RemoveRange(port.FixedIps);
                port.FixedIps.Clear();
                await db.SaveChangesAsync(ct);
                await PortService.AllocateIpsAsync(db, port, fixedIps, ct);
            }
        }
        router.EnableSnat = gateway.EnableSnat ?? router.EnableSnat;
    }

    private static async Task ClearGatewayAsync(NetworkDbContext db, Router router, CancellationToken ct)
    {
        if (router.GatewayNetworkId is { } network && await db.FloatingIps.AnyAsync(f => f.RouterId == router.Id, ct))
        {
            throw new InUseException("RouterExternalGatewayInUseByFloatingIp",
                $"Gateway cannot be updated for router {router.Id}, since a gateway to external network {network} is required by one or more floating IPs.");
        }
        var gatewayPorts = await PortService.WithDetails(db.Ports)
            .Where(p => p.DeviceId == router.Id && p.DeviceOwner == DeviceOwners.RouterGateway).ToListAsync(ct);
        foreach (var port in gatewayPorts)
        {
            await PortService.DeletePortAsync(db, port, ct);
        }
        router.GatewayNetworkId = null;
        router.EnableSnat = true;
    }

    private static string Named(Subnet subnet) => subnet.Name.Length > 0 ? subnet.Name : subnet.Cidr;

    private static string Named(Router router) => router.Name.Length > 0 ? router.Name : router.Id[..8];

    private static async Task CheckNewInterfaceAsync(NetworkDbContext db, Router router, Subnet subnet, CancellationToken ct)
    {
        foreach (var existing in await InterfacesAsync(db, router.Id, ct))
        {
            var other = await SubnetService.FindAsync(db, existing.SubnetId, ct);
            if (other.Id == subnet.Id)
            {
                throw new InvalidInputException($"Bad router request: Router already has a port on subnet {subnet.Id}.", "BadRequest")
                {
                    Attribute = "subnet_id",
                    Reason = $"Router {Named(router)} already has an interface on subnet {Named(subnet)}.",
                };
            }
            if (other.Prefix.Overlaps(subnet.Prefix))
            {
                // The API says it in Neutron's words (with IDs); a form says it by name, beside the subnet it asked for.
                throw new InvalidInputException(
                    $"Bad router request: Cidr {subnet.Cidr} of subnet {subnet.Id} overlaps with cidr {other.Cidr} of subnet {other.Id}.", "BadRequest")
                {
                    Attribute = "subnet_id",
                    Reason = $"{subnet.Cidr} ({Named(subnet)}) overlaps {other.Cidr} ({Named(other)}), already on router {Named(router)}.",
                };
            }
        }
    }

    private static async Task<List<HostRoute>> CheckRoutesAsync(NetworkDbContext db, Router router, IReadOnlyList<HostRoute> routes, CancellationToken ct)
    {
        var interfaces = await InterfacesAsync(db, router.Id, ct);
        // A nexthop may also be on the gateway's subnet (an upstream router on the external network).
        var gatewayIps = await db.IpAllocations.Where(a => db.Ports.Any(p => p.Id == a.PortId && p.DeviceId == router.Id && p.DeviceOwner == DeviceOwners.RouterGateway)).ToListAsync(ct);
        var gatewaySubnetIds = gatewayIps.Select(a => a.SubnetId).ToList();
        await db.Subnets.Where(s => gatewaySubnetIds.Contains(s.Id)).LoadAsync(ct);
        interfaces = [.. interfaces, .. gatewayIps.Select(a => new RouterInterface(router.Id, a.PortId, a.SubnetId, a.NetworkId, a.IpAddress, router.ProjectId))];
        var checkedRoutes = new List<HostRoute>();
        foreach (var route in routes)
        {
            var destination = Cidr.Parse(route.Destination, "routes");
            var nexthop = IpMath.Canonical(route.Nexthop, "routes");
            if (!interfaces.Any(i => SubnetHolds(db, i.SubnetId, nexthop)))
            {
                throw new InvalidInputException($"Invalid format for routes: nexthop {nexthop} is not connected with router {router.Id}", "InvalidRoutes") { Attribute = "routes" };
            }
            if (interfaces.Any(i => i.IpAddress == nexthop))
            {
                throw new InvalidInputException($"Invalid format for routes: nexthop {nexthop} is used by router {router.Id}", "InvalidRoutes") { Attribute = "routes" };
            }
            checkedRoutes.Add(new HostRoute(destination.ToString(), nexthop));
        }
        if (checkedRoutes.Distinct().Count() != checkedRoutes.Count)
        {
            throw new InvalidInputException("Invalid format for routes: duplicate route", "InvalidRoutes") { Attribute = "routes" };
        }
        return checkedRoutes;
    }

    /// <summary>Whether the subnet (loaded into the context by <see cref="InterfacesAsync(NetworkDbContext, string, CancellationToken)"/>) contains the address.</summary>
    private static bool SubnetHolds(NetworkDbContext db, string subnetId, string ip) =>
        db.Subnets.Local.FirstOrDefault(s => s.Id == subnetId) is { } subnet
        && subnet.Prefix.Contains(IpMath.ParseAddress(ip, "routes"));

    private static async Task<List<RouterInterface>> InterfacesAsync(NetworkDbContext db, string routerId, CancellationToken ct)
    {
        var interfacePorts = await db.Ports.Include(p => p.FixedIps)
            .Where(p => p.DeviceId == routerId && p.DeviceOwner == DeviceOwners.RouterInterface).ToListAsync(ct);
        var subnetIds = interfacePorts.SelectMany(p => p.FixedIps).Select(a => a.SubnetId).ToList();
        await db.Subnets.Where(s => subnetIds.Contains(s.Id)).LoadAsync(ct);
        return interfacePorts.SelectMany(p => p.FixedIps.Select(a =>
            new RouterInterface(routerId, p.Id, a.SubnetId, p.NetworkId, a.IpAddress, p.ProjectId))).ToList();
    }

    private static async Task<Router> FindAsync(NetworkDbContext db, string id, CancellationToken ct) =>
        await db.Routers.FirstOrDefaultAsync(r => r.Id == id, ct) ?? throw NotFoundException.Of("router", id);
}
