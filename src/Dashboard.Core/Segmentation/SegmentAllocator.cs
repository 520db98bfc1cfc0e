using Dashboard.Core.Errors;
using Dashboard.Core.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Dashboard.Core.Segmentation;

/// <summary>
/// ML2's type drivers in one place: allocates tenant segments from the configured ranges,
/// reserves the exact segment asked for on provider networks, releases them on delete.
/// Works inside the caller's transaction and adds the allocation to its context: the caller saves
/// it together with the network it belongs to. The store's unique index is the last guard.
/// </summary>
public sealed class SegmentAllocator(SegmentationRanges ranges)
{
    public SegmentationRanges Ranges => ranges;

    /// <summary>A tenant network: the first configured tenant type that has a free ID.</summary>
    public async Task<Segment> AllocateTenantSegmentAsync(NetworkDbContext db, string networkId, CancellationToken ct = default)
    {
        if (ranges.TenantNetworksDisabled)
        {
            throw new TenantNetworksDisabledException();
        }
        foreach (var type in ranges.TenantNetworkTypes)
        {
            var segment = type switch
            {
                NetworkTypes.Local => new Segment(NetworkTypes.Local),
                NetworkTypes.Vlan => await AllocateVlanAsync(db, networkId, physnet: null, ct),
                NetworkTypes.Gre or NetworkTypes.Vxlan => await AllocateFromAsync(db, networkId, type, "", ranges.TunnelRanges(type), ct),
                _ => null, // flat networks are provider-only, as in ML2
            };
            if (segment is not null)
            {
                return segment;
            }
        }
        throw new NoNetworkAvailableException();
    }

    /// <summary>A provider network: validate the request, then reserve exactly what it names (or allocate the missing ID).</summary>
    public async Task<Segment> ReserveProviderSegmentAsync(NetworkDbContext db, string networkId, Segment requested, CancellationToken ct = default)
    {
        var type = requested.NetworkType;
        var physnet = string.IsNullOrEmpty(requested.PhysicalNetwork) ? null : requested.PhysicalNetwork;
        var id = requested.SegmentationId;
        switch (type)
        {
            case NetworkTypes.Local:
                Reject(physnet is not null, "provider:physical_network specified for local network", "provider:physical_network");
                Reject(id is not null, "provider:segmentation_id specified for local network", "provider:segmentation_id");
                return new Segment(type);

            case NetworkTypes.Flat:
                Reject(physnet is null, "provider:physical_network required for flat provider network", "provider:physical_network");
                Reject(id is not null, "provider:segmentation_id specified for flat network", "provider:segmentation_id");
                Reject(!ranges.IsFlatPhysnet(physnet!), $"physical_network '{physnet}' unknown for flat provider network", "provider:physical_network");
                await ClaimAsync(db, networkId, type, physnet!, 0, ct,
                    () => new InUseException("FlatNetworkInUse",
                        $"Unable to create the flat network. Physical network {physnet} is in use."));
                return new Segment(type, physnet);

            case NetworkTypes.Vlan:
                if (physnet is null)
                {
                    Reject(id is not null, "segmentation_id requires physical_network for VLAN provider network", "provider:physical_network");
                    return await AllocateVlanAsync(db, networkId, null, ct) ?? throw new NoNetworkAvailableException();
                }
                Reject(!ranges.IsVlanPhysnet(physnet), $"physical_network '{physnet}' unknown for VLAN provider network", "provider:physical_network");
                if (id is null)
                {
                    return await AllocateVlanAsync(db, networkId, physnet, ct) ?? throw new NoNetworkAvailableException();
                }
                Reject(id < 1 || id > NetworkTypes.MaxId(type), $"segmentation_id out of range (1 through {NetworkTypes.MaxId(type)})", "provider:segmentation_id");
                await ClaimAsync(db, networkId, type, physnet, id.Value, ct,
                    () => new InUseException("VlanIdInUse",
                        $"Unable to create the network. The VLAN {id} on physical network {physnet} is in use."));
                return new Segment(type, physnet, id);

            case NetworkTypes.Gre or NetworkTypes.Vxlan:
                Reject(physnet is not null, $"provider:physical_network specified for {type.ToUpperInvariant()} network", "provider:physical_network");
                if (id is null)
                {
                    return await AllocateFromAsync(db, networkId, type, "", ranges.TunnelRanges(type), ct)
                        ?? throw new NoNetworkAvailableException();
                }
                Reject(id < 1 || id > NetworkTypes.MaxId(type),
                    $"segmentation_id out of range (1 through {NetworkTypes.MaxId(type)})", "provider:segmentation_id");
                await ClaimAsync(db, networkId, type, "", id.Value, ct,
                    () => new InUseException("TunnelIdInUse",
                        $"Unable to create the network. The tunnel ID {id} is in use."));
                return new Segment(type, null, id);

            default:
                throw new InvalidInputException($"network_type value '{type}' not supported") { Attribute = "provider:network_type" };
        }
    }

    /// <summary>Frees the network's segment: inside a range it is free again, outside it is simply forgotten.</summary>
    public Task ReleaseAsync(NetworkDbContext db, string networkId, CancellationToken ct = default) =>
        db.SegmentAllocations.Where(a => a.NetworkId == networkId).ExecuteDeleteAsync(ct);

    private async Task<Segment?> AllocateVlanAsync(NetworkDbContext db, string networkId, string? physnet, CancellationToken ct)
    {
        foreach (var (name, physnetRanges) in ranges.VlanRanges)
        {
            if (physnet is not null && name != physnet)
            {
                continue;
            }
            var segment = await AllocateFromAsync(db, networkId, NetworkTypes.Vlan, name, physnetRanges, ct);
            if (segment is not null)
            {
                return segment;
            }
        }
        return null;
    }

    private static async Task<Segment?> AllocateFromAsync(NetworkDbContext db, string networkId, string type, string physnet,
        IReadOnlyList<IdRange> idRanges, CancellationToken ct)
    {
        foreach (var range in idRanges)
        {
            var free = await FindFreeAsync(db, type, physnet, range, ct);
            if (free is not null)
            {
                db.SegmentAllocations.Add(new SegmentAllocation
                {
                    NetworkType = type,
                    PhysicalNetwork = physnet,
                    SegmentationId = free.Value,
                    NetworkId = networkId,
                });
                return new Segment(type, physnet == "" ? null : physnet, free);
            }
        }
        return null;
    }

    internal static Task<long?> FindFreeAsync(NetworkDbContext db, string type, string physnet, IdRange range, CancellationToken ct) =>
        FreeIds.LowestAsync(
            db.SegmentAllocations.Where(a => a.NetworkType == type && a.PhysicalNetwork == physnet).Select(a => a.SegmentationId),
            range, ct);

    private static async Task ClaimAsync(NetworkDbContext db, string networkId, string type, string physnet, long id,
        CancellationToken ct, Func<ConflictException> inUse)
    {
        if (await db.SegmentAllocations.AnyAsync(a => a.NetworkType == type && a.PhysicalNetwork == physnet && a.SegmentationId == id, ct))
        {
            throw inUse();
        }
        db.SegmentAllocations.Add(new SegmentAllocation
        {
            NetworkType = type,
            PhysicalNetwork = physnet,
            SegmentationId = id,
            NetworkId = networkId,
        });
    }

    private static void Reject(bool condition, string message, string attribute)
    {
        if (condition)
        {
            throw new InvalidInputException(message) { Attribute = attribute };
        }
    }
}
