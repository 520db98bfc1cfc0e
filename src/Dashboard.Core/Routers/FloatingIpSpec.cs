namespace Dashboard.Core.Routers;

/// <summary>
/// A floating IP to allocate on <see cref="FloatingNetworkId"/> (an external network): from
/// <see cref="SubnetId"/>'s pools, or exactly <see cref="FloatingIpAddress"/>; associated at once
/// when <see cref="PortId"/> is given.
/// </summary>
public sealed record FloatingIpSpec(string ProjectId, string FloatingNetworkId)
{
    public string? SubnetId { get; init; }
    public string? FloatingIpAddress { get; init; }
    public string? PortId { get; init; }
    public string? FixedIpAddress { get; init; }
    public string? Description { get; init; }
}

/// <summary>An update: <see cref="PortId"/> set associates (or re-associates), <see cref="Disassociate"/> clears it; null leaves it.</summary>
public sealed record FloatingIpChanges
{
    public string? PortId { get; init; }
    public string? FixedIpAddress { get; init; }
    public bool Disassociate { get; init; }
    public string? Description { get; init; }
}
