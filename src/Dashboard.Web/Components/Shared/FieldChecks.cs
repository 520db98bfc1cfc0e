namespace Dashboard.Web.Components.Shared;

/// <summary>Checks shown beside form fields before anything reaches the domain (which checks again).</summary>
public static class FieldChecks
{
    public static string? Name(string? name) => (name ?? "").Length > 255 ? "A name can be at most 255 characters." : null;

    /// <summary>Empty (nothing to check yet) or one IPv4/IPv6 address.</summary>
    public static string? IpAddress(string? ip) =>
        string.IsNullOrWhiteSpace(ip) || Dashboard.Core.Extensions.IpValidator.IsIp(ip.Trim()) ? null : $"'{ip}' is not a valid IP address.";
}
