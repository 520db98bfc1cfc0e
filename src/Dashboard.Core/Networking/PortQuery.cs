namespace Dashboard.Core.Networking;

/// <summary>A page of ports in id order, filtered in the database. Null criteria match everything.</summary>
public sealed record PortQuery(int Limit)
{
    /// <summary>Only this project's ports; null for admins.</summary>
    public string? VisibleTo { get; init; }
    public IReadOnlyList<string>? Ids { get; init; }
    public IReadOnlyList<string>? Names { get; init; }
    public IReadOnlyList<string>? NetworkIds { get; init; }
    public IReadOnlyList<string>? ProjectIds { get; init; }
    public IReadOnlyList<string>? DeviceIds { get; init; }
    public IReadOnlyList<string>? DeviceOwners { get; init; }
    public IReadOnlyList<string>? Statuses { get; init; }
    public IReadOnlyList<string>? MacAddresses { get; init; }
    public bool? AdminStateUp { get; init; }
    public string? Marker { get; init; }
    public bool Reverse { get; init; }
}
