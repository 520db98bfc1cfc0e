using Dashboard.Core.Errors;

namespace Dashboard.Core.Hosts;

/// <summary>
/// One OVS agent <c>bridge_mappings</c> entry (<c>physnet1:br-eth1</c>) with the physical NIC
/// plugged into that bridge (<c>eth1</c>). Written as <c>physnet1:br-eth1:eth1</c> when stored.
/// </summary>
public sealed record BridgeMapping(string PhysicalNetwork, string Bridge, string Nic)
{
    /// <summary>The patch port on br-int towards this bridge: <c>int-br-eth1</c>.</summary>
    public string IntegrationPatch => $"int-{Bridge}";

    /// <summary>The patch port on this bridge towards br-int: <c>phy-br-eth1</c>.</summary>
    public string ProviderPatch => $"phy-{Bridge}";

    public override string ToString() => $"{PhysicalNetwork}:{Bridge}:{Nic}";

    /// <summary>Parses <c>physnet:bridge[:nic]</c>; without a NIC, <c>br-ethX</c> implies <c>ethX</c>.</summary>
    public static BridgeMapping Parse(string text)
    {
        var parts = text.Trim().Split(':');
        if (parts.Length is < 2 or > 3 || parts.Any(string.IsNullOrWhiteSpace))
        {
            throw new InvalidInputException($"'{text}' is not a bridge mapping physnet:bridge[:nic]") { Attribute = "bridge_mappings" };
        }
        var nic = parts.Length == 3 ? parts[2] : parts[1].StartsWith("br-", StringComparison.Ordinal) ? parts[1][3..] : $"{parts[1]}-nic";
        return new BridgeMapping(parts[0], parts[1], nic);
    }
}
