using Dashboard.Core.Common;

namespace Dashboard.Core.Hosts;

/// <summary>A server as Nova keeps it, as far as networking needs: its NICs are ports with device_owner compute:nova.</summary>
public sealed class Instance
{
    public string Id { get; init; } = NewId.Uuid();
    public required string Name { get; set; }
    public required string ProjectId { get; init; }
    public required string HostName { get; init; }
    public string Status { get; set; } = "ACTIVE";
    public DateTime CreatedAt { get; init; }
}
