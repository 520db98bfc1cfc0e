namespace Dashboard.Core.Common;

/// <summary>
/// Neutron's standard attributes: every resource has them. <see cref="RevisionNumber"/> is bumped
/// on each saved change and doubles as the optimistic concurrency token.
/// </summary>
public abstract class StandardResource
{
    public string Id { get; init; } = NewId.Uuid();
    public string Description { get; set; } = "";
    public DateTime CreatedAt { get; internal set; }
    public DateTime UpdatedAt { get; internal set; }
    public long RevisionNumber { get; internal set; }
    public List<string> Tags { get; set; } = [];

    /// <summary>Neutron's resource name for messages and events (network, subnet, port...).</summary>
    public abstract string ResourceName { get; }
}

/// <summary>A standard resource that belongs to a project (tenant).</summary>
public abstract class ProjectResource : StandardResource
{
    public required string ProjectId { get; init; }
}
