namespace Dashboard.Core.Quotas;

/// <summary>A per-project override of one resource's limit (-1: unlimited). Absent: the configured default.</summary>
public sealed class Quota
{
    public required string ProjectId { get; init; }
    public required string Resource { get; init; }
    public long Limit { get; set; }
}
