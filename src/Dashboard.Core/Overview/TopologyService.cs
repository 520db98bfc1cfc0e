using Dashboard.Core.Networking;
using Dashboard.Core.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Dashboard.Core.Overview;

public sealed record TopologyNetwork(string Id, string Name, string ProjectId, bool External, bool Shared, bool AdminStateUp, string Status, DateTime CreatedAt, IReadOnlyList<string> Cidrs);

public sealed record TopologyPort(string Id, string NetworkId, string DeviceId, string DeviceOwner, string Status, bool AdminStateUp, string MacAddress, IReadOnlyList<string> Ips)
{
    /// <summary>The floating IPs associated with the port (an instance's addresses as seen from outside).</summary>
    public IReadOnlyList<string> FloatingIps { get; init; } = [];
}

public sealed record TopologyDevice(string Id, string Kind, string Name, string ProjectId, string Status, bool AdminStateUp, DateTime CreatedAt, string? Host, IReadOnlyList<TopologyPort> Ports)
{
    public const string Router = "router";
    public const string Instance = "instance";
}

/// <summary>What the logical topology draws: the networks in view, and the routers and instances attached to them.</summary>
public sealed record TopologySnapshot(IReadOnlyList<TopologyNetwork> Networks, IReadOnlyList<TopologyDevice> Devices);

/// <summary>
/// Reads the logical topology of one project (its networks plus shared and external ones, its routers
/// and instances) or of the whole cloud, in a handful of queries whatever its size.
/// </summary>
public sealed class TopologyService(Transactions transactions)
{
    /// <param name="projectId">The project to show; null for every project (admins).</param>
    public Task<TopologySnapshot> SnapshotAsync(string? projectId, CancellationToken ct = default) =>
        transactions.ReadAsync(async db =>
        {
            var networks = await Networking.NetworkService.VisibleTo(db, db.Networks.AsNoTracking(), projectId)
                .Select(n => new { n.Id, n.Name, n.ProjectId, n.External, n.Shared, n.AdminStateUp, n.Status, n.CreatedAt })
                .ToListAsync(ct);
            var cidrs = (await db.Subnets.AsNoTracking().Select(s => new { s.NetworkId, s.Cidr, s.CreatedAt }).ToListAsync(ct))
                .GroupBy(s => s.NetworkId).ToDictionary(g => g.Key, g => g.OrderBy(s => s.CreatedAt).Select(s => s.Cidr).ToList());
            var routers = await db.Routers.AsNoTracking().Where(r => projectId == null || r.ProjectId == projectId)
                .Select(r => new { r.Id, r.Name, r.ProjectId, r.Status, r.AdminStateUp, r.CreatedAt }).ToListAsync(ct);
            var instances = await db.Instances.AsNoTracking().Where(i => projectId == null || i.ProjectId == projectId)
                .Select(i => new { i.Id, i.Name, i.ProjectId, i.Status, i.CreatedAt, i.HostName }).ToListAsync(ct);
            var devicePorts = db.Ports.AsNoTracking()
                .Where(p => (p.DeviceOwner == DeviceOwners.Compute || p.DeviceOwner == DeviceOwners.RouterInterface || p.DeviceOwner == DeviceOwners.RouterGateway)
                            && (projectId == null || p.ProjectId == projectId || p.DeviceOwner == DeviceOwners.RouterGateway));
            var ports = await devicePorts.Select(p => new { p.Id, p.NetworkId, p.DeviceId, p.DeviceOwner, p.Status, p.AdminStateUp, p.MacAddress }).ToListAsync(ct);
            // Only the addresses of those ports, joined in the database (not every allocation of the cloud).
            var ips = (await db.IpAllocations.AsNoTracking().Join(devicePorts, a => a.PortId, p => p.Id, (a, p) => new { a.PortId, a.IpAddress }).ToListAsync(ct))
                .ToLookup(a => a.PortId, a => a.IpAddress);
            var floating = (await db.FloatingIps.AsNoTracking().Where(f => f.PortId != null).Join(devicePorts, f => f.PortId, p => p.Id, (f, p) => new { f.PortId, f.FloatingIpAddress }).ToListAsync(ct))
                .ToLookup(f => f.PortId!, f => f.FloatingIpAddress);
            var visible = networks.Select(n => n.Id).ToHashSet();
            var byDevice = ports.Where(p => visible.Contains(p.NetworkId))
                .Select(p => new TopologyPort(p.Id, p.NetworkId, p.DeviceId, p.DeviceOwner, p.Status, p.AdminStateUp, p.MacAddress, ips[p.Id].ToList()) { FloatingIps = floating[p.Id].Order().ToList() })
                .ToLookup(p => p.DeviceId);

            var devices = routers.Select(r => new TopologyDevice(r.Id, TopologyDevice.Router, r.Name, r.ProjectId, r.Status, r.AdminStateUp, r.CreatedAt, null, byDevice[r.Id].ToList()))
                .Concat(instances.Select(i => new TopologyDevice(i.Id, TopologyDevice.Instance, i.Name, i.ProjectId, i.Status, true, i.CreatedAt, i.HostName, byDevice[i.Id].ToList())))
                .ToList();
            return new TopologySnapshot(
                networks.Select(n => new TopologyNetwork(n.Id, n.Name, n.ProjectId, n.External, n.Shared, n.AdminStateUp, n.Status, n.CreatedAt, cidrs.GetValueOrDefault(n.Id, []))).ToList(),
                devices);
        }, ct);
}
