using Dashboard.Core.Common;
using Dashboard.Core.Errors;
using Dashboard.Core.Persistence;
using Dashboard.Core.Quotas;
using Dashboard.Core.SecurityGroups;
using Dashboard.Core.Segmentation;
using Microsoft.EntityFrameworkCore;

namespace Dashboard.Core.Networking;

public enum NetworkSort { Name, Status, Project }

public sealed class NetworkService(Transactions transactions, SegmentAllocator allocator, QuotaService quotas)
{
    public Task<List<Network>> ListAsync(string? projectId = null, CancellationToken ct = default) =>
        transactions.ReadAsync(db => VisibleTo(db, db.Networks.Include(n => n.Subnets), projectId)
            .OrderBy(n => n.Name).ThenBy(n => n.Id).ToListAsync(ct), ct);

    /// <summary>Every network's name by id, read without the networks themselves: what a page needs to label ports, routers and agents.</summary>
    public Task<Dictionary<string, string>> NamesAsync(CancellationToken ct = default) =>
        transactions.ReadAsync(db => db.Networks.Select(n => new { n.Id, n.Name }).ToDictionaryAsync(n => n.Id, n => n.Name, ct), ct);

    /// <summary>
    /// The networks <paramref name="project"/> sees (every one when null): its own, those shared with or external for
    /// every project, and those an RBAC policy shares with it or makes external for it.
    /// </summary>
    internal static IQueryable<Network> VisibleTo(NetworkDbContext db, IQueryable<Network> networks, string? project) =>
        project is null ? networks
            : networks.Where(n => n.ProjectId == project || n.Shared || n.External || db.RbacPolicies.Any(r => r.ObjectId == n.Id && r.TargetProject == project));

    /// <summary>
    /// One page in id order, filtered and cut in the database, with each network's subnet IDs (only
    /// the IDs are read). Whether another page follows is not asked: Neutron's links do not depend on it.
    /// </summary>
    public Task<(List<Network> Page, ILookup<string, string> SubnetIds)> ListPageAsync(NetworkQuery q, CancellationToken ct = default) =>
        transactions.ReadAsync(async db =>
        {
            var networks = VisibleTo(db, db.Networks, q.VisibleTo);
            networks = q.Ids is { } ids ? networks.Where(n => ids.Contains(n.Id)) : networks;
            networks = q.Names is { } names ? networks.Where(n => names.Contains(n.Name)) : networks;
            networks = q.ProjectIds is { } projects ? networks.Where(n => projects.Contains(n.ProjectId)) : networks;
            networks = q.Statuses is { } statuses ? networks.Where(n => statuses.Contains(n.Status)) : networks;
            networks = q.NetworkTypes is { } types ? networks.Where(n => types.Contains(n.NetworkType)) : networks;
            networks = q.PhysicalNetworks is { } physnets ? networks.Where(n => n.PhysicalNetwork != null && physnets.Contains(n.PhysicalNetwork)) : networks;
            var grants = q.GrantsOf ?? "";
            networks = q.Shared is { } shared
                ? networks.Where(n => (n.Shared || db.RbacPolicies.Any(r => r.ObjectId == n.Id && r.Action == RbacPolicy.AccessAsShared && r.TargetProject == grants)) == shared) : networks;
            networks = q.External is { } external
                ? networks.Where(n => (n.External || db.RbacPolicies.Any(r => r.ObjectId == n.Id && r.Action == RbacPolicy.AccessAsExternal && r.TargetProject == grants)) == external) : networks;
            networks = q.AdminStateUp is { } up ? networks.Where(n => n.AdminStateUp == up) : networks;
            var window = await networks.PageAsync(db.Networks, q.Marker, q.Reverse, q.Limit, ct);
            var page = await window.ToListAsync(ct);
            if (q.Reverse)
            {
                page.Reverse();
            }
            var subnets = await db.Subnets.Where(s => window.Select(n => n.Id).Contains(s.NetworkId))
                .OrderBy(s => s.CreatedAt).ThenBy(s => s.Id).Select(s => new { s.NetworkId, s.Id }).ToListAsync(ct);
            return (page, subnets.ToLookup(s => s.NetworkId, s => s.Id));
        }, ct);

    /// <summary>
    /// A page for a table: networks visible to <paramref name="visibleTo"/> (own, shared, external;
    /// all when null) whose name contains <paramref name="nameFilter"/>, sorted by a column, with the total count.
    /// </summary>
    public Task<(List<Network> Items, int Total)> SearchAsync(string? visibleTo, string? nameFilter, NetworkSort sort, bool descending, int skip, int take, CancellationToken ct = default) =>
        transactions.ReadAsync(async db =>
        {
            var networks = VisibleTo(db, db.Networks, visibleTo);
            if (!string.IsNullOrWhiteSpace(nameFilter))
            {
                // Case-insensitive on every provider (PostgreSQL's LIKE is not), and the text is taken literally.
                var text = nameFilter.Trim().ToLowerInvariant();
                networks = networks.Where(n => n.Name.ToLower().Contains(text));
            }
            var total = await networks.CountAsync(ct);
            networks = (sort, descending) switch
            {
                (NetworkSort.Status, false) => networks.OrderBy(n => n.Status).ThenBy(n => n.Name),
                (NetworkSort.Status, true) => networks.OrderByDescending(n => n.Status).ThenBy(n => n.Name),
                (NetworkSort.Project, false) => networks.OrderBy(n => n.ProjectId).ThenBy(n => n.Name),
                (NetworkSort.Project, true) => networks.OrderByDescending(n => n.ProjectId).ThenBy(n => n.Name),
                (_, true) => networks.OrderByDescending(n => n.Name).ThenBy(n => n.Id),
                _ => networks.OrderBy(n => n.Name).ThenBy(n => n.Id),
            };
            var items = await networks.Skip(skip).Take(take).Include(n => n.Subnets).AsSplitQuery().ToListAsync(ct);
            return (items, total);
        }, ct);

    public Task<Network> GetAsync(string id, CancellationToken ct = default) =>
        transactions.ReadAsync(db => FindAsync(db, id, ct), ct);

    /// <summary>A network and how it looks to <paramref name="projectId"/>, read at once.</summary>
    public Task<(Network Network, NetworkLook Look)> GetAsSeenByAsync(string id, string projectId, CancellationToken ct = default) =>
        transactions.ReadAsync(async db =>
        {
            var network = await FindAsync(db, id, ct);
            return (network, await NetworkLook.ReadAsync(db, projectId, [id], ct));
        }, ct);

    /// <summary>How <paramref name="networkIds"/> look to <paramref name="projectId"/> ("" for none): RBAC grants and address scopes.</summary>
    public Task<NetworkLook> LookAsync(string projectId, IReadOnlyCollection<string> networkIds, CancellationToken ct = default) =>
        transactions.ReadAsync(db => NetworkLook.ReadAsync(db, projectId, networkIds, ct), ct);

    public Task<Network> CreateAsync(NetworkSpec spec, CancellationToken ct = default) =>
        transactions.WriteAsync(db => CreateAsync(db, spec, ct), ct);

    /// <summary>Neutron's bulk create: every network or none.</summary>
    public Task<List<Network>> CreateManyAsync(IReadOnlyList<NetworkSpec> specs, CancellationToken ct = default) =>
        transactions.WriteAsync(async _ =>
        {
            var created = new List<Network>();
            foreach (var spec in specs)
            {
                created.Add(await CreateAsync(spec, ct));
            }
            return created;
        }, ct);

    internal async Task<Network> CreateAsync(NetworkDbContext db, NetworkSpec spec, CancellationToken ct)
    {
        var name = Names.Check(spec.Name, "name");
        var description = Names.Check(spec.Description, "description");
        var hints = await Agents.AvailabilityZones.CheckHintsAsync(db, Agents.AvailabilityZone.Network, spec.AvailabilityZoneHints, ct);
        await quotas.CheckAsync(db, spec.ProjectId, QuotaResources.Network, ct: ct);
        // As Neutron's create_network: the project's default security group exists from its first network on.
        await SecurityGroupService.EnsureDefaultIdAsync(db, spec.ProjectId, ct);

        var id = NewId.Uuid();
        var segment = spec.Provider is null
            ? await allocator.AllocateTenantSegmentAsync(db, id, ct)
            : await allocator.ReserveProviderSegmentAsync(db, id, spec.Provider, ct);
        var network = new Network
        {
            Id = id,
            ProjectId = spec.ProjectId,
            Name = name,
            Description = description,
            AdminStateUp = spec.AdminStateUp,
            Shared = spec.Shared,
            External = spec.External,
            PortSecurityEnabled = spec.PortSecurityEnabled,
            NetworkType = segment.NetworkType,
            PhysicalNetwork = segment.PhysicalNetwork,
            SegmentationId = segment.SegmentationId,
            Mtu = CheckMtu(spec.Mtu, segment.NetworkType),
            AvailabilityZoneHints = hints,
        };
        db.Networks.Add(network);
        await db.SaveChangesAsync(ct);
        return network;
    }

    public Task<Network> UpdateAsync(string id, NetworkChanges changes, long? expectedRevision = null, CancellationToken ct = default) =>
        transactions.WriteAsync(async db =>
        {
            var network = await FindAsync(db, id, ct);
            Revisions.Check(network, expectedRevision);
            if (changes.Name is not null)
            {
                network.Name = Names.Check(changes.Name, "name");
            }
            if (changes.Description is not null)
            {
                network.Description = Names.Check(changes.Description, "description");
            }
            if (changes.AdminStateUp is { } up)
            {
                network.AdminStateUp = up;
            }
            if (changes.Shared == false && network.Shared
                && await RbacService.StrandedUserAsync(db, network, RbacPolicy.AccessAsShared, RbacPolicy.Everyone, null, ct) is not null)
            {
                throw new InUseException("InvalidSharedSetting",
                    $"Unable to reconfigure sharing settings for network {id}. Multiple tenants are using it.");
            }
            network.Shared = changes.Shared ?? network.Shared;
            if (changes.External == false && network.External
                && await db.Routers.AnyAsync(r => r.GatewayNetworkId == id && !db.RbacPolicies.Any(p => p.ObjectId == id && p.Action == RbacPolicy.AccessAsExternal && p.TargetProject == r.ProjectId), ct))
            {
                throw new InUseException("ExternalNetworkInUse",
                    $"External network {id} cannot be updated to be made non-external, since it has existing gateway ports.");
            }
            network.External = changes.External ?? network.External;
            network.PortSecurityEnabled = changes.PortSecurityEnabled ?? network.PortSecurityEnabled;
            if (changes.Mtu is not null)
            {
                network.Mtu = CheckMtu(changes.Mtu, network.NetworkType);
            }
            return network;
        }, ct);

    /// <summary>
    /// Deletes the network, its subnets, its DHCP ports and (an external network) its unassociated
    /// floating IPs, and releases its segment; any other port blocks it, an associated floating IP's too.
    /// </summary>
    public Task DeleteAsync(string id, long? expectedRevision = null, CancellationToken ct = default) =>
        transactions.WriteAsync(async db =>
        {
            var network = await FindAsync(db, id, ct);
            Revisions.Check(network, expectedRevision);
            var networkPorts = await db.Ports.Include(p => p.FixedIps).Where(p => p.NetworkId == id).ToListAsync(ct);
            // As Neutron's L3 plugin does, floating IPs held but not associated go with their network.
            var idle = await db.FloatingIps.Where(f => f.FloatingNetworkId == id && f.PortId == null).ToListAsync(ct);
            var idlePorts = idle.Select(f => f.FloatingPortId).ToHashSet();
            if (networkPorts.Any(p => !DeviceOwners.IsAutoDeleted(p.DeviceOwner) && !idlePorts.Contains(p.Id)))
            {
                throw new InUseException("NetworkInUse",
                    $"Unable to complete operation on network {id}. There are one or more ports still in use on the network.");
            }
            db.FloatingIps.RemoveRange(idle);
            await db.SaveChangesAsync(ct);
            foreach (var port in networkPorts)
            {
                await PortService.DeletePortAsync(db, port, ct);
            }
            db.Subnets.RemoveRange(network.Subnets);
            await allocator.ReleaseAsync(db, id, ct);
            await RbacService.RemoveOnAsync(db, id, ct);
            db.Networks.Remove(network);
        }, ct);

    internal static async Task<Network> FindAsync(NetworkDbContext db, string id, CancellationToken ct) =>
        await db.Networks.Include(n => n.Subnets).FirstOrDefaultAsync(n => n.Id == id, ct)
        ?? throw NotFoundException.Of("network", id);

    private int CheckMtu(int? requested, string type)
    {
        var max = allocator.Ranges.MtuFor(type);
        if (requested is null)
        {
            return max;
        }
        if (requested < 68 || requested > max)
        {
            throw new InvalidInputException($"Requested MTU {requested} is not valid for a {type} network: 68 to {max}.") { Attribute = "mtu" };
        }
        return requested.Value;
    }
}
