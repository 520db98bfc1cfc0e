using Dashboard.Core.Segmentation;

namespace Dashboard.Core.Networking;

/// <summary>What a network create asks for. <see cref="Provider"/> null: a tenant network, segment allocated from the ranges.</summary>
public sealed record NetworkSpec(string ProjectId, string Name = "")
{
    public string? Description { get; init; }
    public bool AdminStateUp { get; init; } = true;
    public bool Shared { get; init; }
    public bool External { get; init; }
    public int? Mtu { get; init; }
    public bool PortSecurityEnabled { get; init; } = true;
    public Segment? Provider { get; init; }

    /// <summary>The availability zones its DHCP agents are to be chosen in (<c>availability_zone_hints</c>).</summary>
    public IReadOnlyList<string>? AvailabilityZoneHints { get; init; }
}

/// <summary>A network update: null leaves the attribute as it is.</summary>
public sealed record NetworkChanges
{
    public string? Name { get; init; }
    public string? Description { get; init; }
    public bool? AdminStateUp { get; init; }
    public bool? Shared { get; init; }
    public bool? External { get; init; }
    public int? Mtu { get; init; }
    public bool? PortSecurityEnabled { get; init; }
}
