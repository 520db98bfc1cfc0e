using Dashboard.Core.Common;

namespace Dashboard.Core.Identity;

/// <summary>A Keystone project (Neutron's tenant), always in the <c>Default</c> domain.</summary>
public sealed class Project
{
    public string Id { get; init; } = NewId.Hex();
    public required string Name { get; set; }
    public string Description { get; set; } = "";
    public bool Enabled { get; set; } = true;
    public string DomainId { get; init; } = Domains.DefaultId;
}

public static class Domains
{
    public const string DefaultId = "default";
    public const string DefaultName = "Default";
}
