using Dashboard.Core.Common;

namespace Dashboard.Core.Identity;

/// <summary>A Keystone region: where endpoints are; regions may sit under a parent region.</summary>
public sealed class Region
{
    public required string Id { get; init; }
    public string Description { get; set; } = "";
    public string? ParentRegionId { get; set; }
}

/// <summary>A service of the catalog (Keystone's <c>service</c>): a type (<c>network</c>), a name (<c>neutron</c>), its endpoints.</summary>
public sealed class Service
{
    public string Id { get; init; } = NewId.Hex();
    public required string Type { get; set; }
    public string Name { get; set; } = "";
    public string Description { get; set; } = "";
    public bool Enabled { get; set; } = true;
}

/// <summary>
/// Where a service is reached: one URL per interface (public, internal, admin) and region. The URL may hold Keystone's
/// substitutions, <c>$(project_id)s</c> and this product's <c>$(base_url)s</c> (the address the request reached the
/// product at), filled in the token's catalog and shown as stored in the endpoint list.
/// </summary>
public sealed class ServiceEndpoint
{
    public static readonly IReadOnlyList<string> Interfaces = ["public", "internal", "admin"];

    public string Id { get; init; } = NewId.Hex();
    public required string ServiceId { get; set; }
    public required string Interface { get; set; }
    public string? RegionId { get; set; }
    public required string Url { get; set; }
    public bool Enabled { get; set; } = true;
}
