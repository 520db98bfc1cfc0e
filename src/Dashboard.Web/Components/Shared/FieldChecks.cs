namespace Dashboard.Web.Components.Shared;

/// <summary>Checks shown beside form fields before anything reaches the domain (which checks again).</summary>
public static class FieldChecks
{
    /// <summary>Keystone's names and descriptions and an instance's name (no Neutron attribute map covers them): the domain's limit.</summary>
    public static string? Name(string? name) => (name ?? "").Length > Dashboard.Core.Common.Names.MaxLength ? $"A name can be at most {Dashboard.Core.Common.Names.MaxLength} characters." : null;

    public static string? Description(string? description) =>
        (description ?? "").Length > Dashboard.Core.Common.Names.MaxLength ? $"A description can be at most {Dashboard.Core.Common.Names.MaxLength} characters." : null;

    /// <summary>Empty (nothing to check yet) or one IPv4/IPv6 address.</summary>
    public static string? IpAddress(string? ip) =>
        string.IsNullOrWhiteSpace(ip) || Dashboard.Core.Extensions.IpValidator.IsIp(ip.Trim()) ? null : $"'{ip}' is not a valid IP address.";
}
