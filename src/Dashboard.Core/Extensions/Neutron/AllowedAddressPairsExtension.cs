using System.Text.Json.Nodes;

namespace Dashboard.Core.Extensions.Neutron;

/// <summary>
/// Neutron's <c>allowed-address-pairs</c> extension: addresses (or CIDRs) and MACs a port may send from besides its own
/// (a VIP moving between instances, a VRRP pair). A pair's MAC is the port's when left out; the port's anti-spoofing
/// chain lets them out; a port without port security may have none.
/// </summary>
public static class AllowedAddressPairsExtension
{
    internal static readonly Validator Pairs = new ListValidator(new DictValidator(new Dictionary<string, Validator>
    {
        ["ip_address"] = new IpOrCidrValidator(),
        ["mac_address"] = new MacValidator(),
    }, "ip_address"));

    public static ExtensionDescriptor Descriptor { get; } = new("Allowed Address Pairs", "allowed-address-pairs", "Provides allowed address pairs", "2013-07-23T10:00:00-00:00")
    {
        ExtendedAttributes = new Dictionary<string, IReadOnlyList<AttributeSpec>>
        {
            ["ports"] = [new AttributeSpec("allowed_address_pairs") { AllowPost = true, AllowPut = true, Validate = Pairs, ConvertTo = Converter.NoneToEmptyList }.WithDefault(new JsonArray())],
        },
    };
}
