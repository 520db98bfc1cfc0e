namespace Dashboard.Core.Ipam;

/// <summary>A fixed IP of a port. Unique per (subnet, address): one address is never handed out twice.</summary>
public sealed class IpAllocation
{
    public long Id { get; private init; }
    public required string PortId { get; init; }
    public required string SubnetId { get; init; }
    public required string NetworkId { get; init; }
    public required string IpAddress { get; init; }
}
