namespace Dashboard.Core.Segmentation;

/// <summary>A network's provider attributes: <c>provider:network_type</c>, <c>physical_network</c>, <c>segmentation_id</c>.</summary>
public sealed record Segment(string NetworkType, string? PhysicalNetwork = null, long? SegmentationId = null);
