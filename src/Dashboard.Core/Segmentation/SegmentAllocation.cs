namespace Dashboard.Core.Segmentation;

/// <summary>
/// One allocated segment: only IDs in use are stored (never one row per ID of a range), so
/// start-up and allocation cost grow with what is allocated, not with the configured ranges.
/// The unique index on (type, physnet, id) makes a double allocation impossible at the database.
/// </summary>
public sealed class SegmentAllocation
{
    public long Id { get; private init; }
    public required string NetworkType { get; init; }

    /// <summary>The physnet for vlan/flat; empty for tunnel types.</summary>
    public required string PhysicalNetwork { get; init; }

    /// <summary>The VLAN or tunnel ID; 0 for flat.</summary>
    public required long SegmentationId { get; init; }

    public required string NetworkId { get; init; }
}
