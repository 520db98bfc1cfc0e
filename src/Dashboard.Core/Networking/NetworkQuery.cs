namespace Dashboard.Core.Networking;

/// <summary>A page of networks in id order, filtered in the database. Null criteria match everything.</summary>
public sealed record NetworkQuery(int Limit)
{
    /// <summary>Only what this project may see (its own, shared, external); null for admins.</summary>
    public string? VisibleTo { get; init; }

    /// <summary>The project whose RBAC grants count for the <see cref="Shared"/> and <see cref="External"/> filters (the caller's: a network shared with it by a policy is shared, as it is shown).</summary>
    public string? GrantsOf { get; init; }
    public IReadOnlyList<string>? Ids { get; init; }
    public IReadOnlyList<string>? Names { get; init; }
    public IReadOnlyList<string>? ProjectIds { get; init; }
    public IReadOnlyList<string>? Statuses { get; init; }
    public IReadOnlyList<string>? NetworkTypes { get; init; }
    public IReadOnlyList<string>? PhysicalNetworks { get; init; }
    public bool? Shared { get; init; }
    public bool? External { get; init; }
    public bool? AdminStateUp { get; init; }
    public string? Marker { get; init; }
    public bool Reverse { get; init; }
}
