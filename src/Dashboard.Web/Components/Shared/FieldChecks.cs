using System.Text.Json.Nodes;
using Dashboard.Core.Extensions;

namespace Dashboard.Web.Components.Shared;

/// <summary>
/// Field checks for forms no Neutron attribute map covers (Keystone's names and descriptions, an
/// instance's name, a trace's addresses), by the same validators the maps use; the domain checks again.
/// </summary>
public static class FieldChecks
{
    private static readonly Validator Text = new StringValidator(Dashboard.Core.Common.Names.MaxLength);
    private static readonly Validator Ip = new IpValidator();

    public static string? Name(string? name) => Text.Check(JsonValue.Create(name ?? ""));

    public static string? Description(string? description) => Name(description);

    /// <summary>Empty (nothing to check yet) or one IPv4/IPv6 address.</summary>
    public static string? IpAddress(string? ip) => string.IsNullOrWhiteSpace(ip) ? null : Ip.Check(JsonValue.Create(ip.Trim()));
}
