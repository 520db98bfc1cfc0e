using Dashboard.Core.Networking;

namespace Dashboard.Core.Extensions.Neutron;

/// <summary>
/// Neutron's <c>extra_dhcp_opt</c> extension: DHCP options for one port (PXE boot's <c>bootfile-name</c>,
/// <c>tftp-server</c>, <c>server-ip-address</c>; an MTU), which the DHCP agent writes to its dnsmasq's opts file,
/// tagged for that port alone. Each is a name (at most 64 characters, one line), a value (at most 255; null removes
/// the option on update; empty only for <c>router</c> and <c>classless-static-route</c>) and an IP version (4 or 6,
/// 4 when left out).
/// </summary>
public static class ExtraDhcpOptExtension
{
    private static Validator Option(Validator name, Validator value) => new DictValidator(new Dictionary<string, Validator>
    {
        ["opt_name"] = name,
        ["opt_value"] = value,
        ["ip_version"] = new ValuesValidator("4", "6"),
    }, "opt_name", "opt_value");

    internal static readonly Validator Options = new ListValidator(new AnyOfValidator(
        Option(new ValuesValidator([.. ExtraDhcpOptions.Blankable]), new StringValidator(255) { Nullable = true }),
        Option(new OnelineStringValidator(64), new OnelineStringValidator(255) { Nullable = true })))
    { Nullable = true };

    public static ExtensionDescriptor Descriptor { get; } = new("Neutron Extra DHCP options", "extra_dhcp_opt",
        "Extra options configuration for DHCP. For example PXE boot options to DHCP clients can be specified (e.g. tftp-server, server-ip-address, bootfile-name)",
        "2013-03-17T12:00:00-00:00")
    {
        ExtendedAttributes = new Dictionary<string, IReadOnlyList<AttributeSpec>>
        {
            ["ports"] = [new AttributeSpec("extra_dhcp_opts") { AllowPost = true, AllowPut = true, Validate = Options }.Optional()],
        },
    };
}
