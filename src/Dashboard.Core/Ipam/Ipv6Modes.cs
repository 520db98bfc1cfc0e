using Dashboard.Core.Errors;

namespace Dashboard.Core.Ipam;

/// <summary>Neutron's IPv6 subnet modes: which combinations are valid, and the EUI-64 address a port makes itself.</summary>
public static class Ipv6Modes
{
    public const string Slaac = "slaac";
    public const string Stateful = "dhcpv6-stateful";
    public const string Stateless = "dhcpv6-stateless";

    public static bool IsAuto(string? mode) => mode is Slaac or Stateless;

    /// <summary>Neutron's checks of a new subnet's modes (<c>_validate_ipv6_attributes</c>), with its messages.</summary>
    public static void Check(Cidr prefix, string? raMode, string? addressMode, bool enableDhcp)
    {
        if (raMode is null && addressMode is null)
        {
            return;
        }
        if (prefix.IpVersion != 6)
        {
            throw new InvalidInputException("ipv6_ra_mode and ipv6_address_mode cannot be set on an IPv4 subnet.") { Attribute = raMode is null ? "ipv6_address_mode" : "ipv6_ra_mode" };
        }
        if (!enableDhcp)
        {
            throw new InvalidInputException("ipv6_ra_mode or ipv6_address_mode cannot be set when enable_dhcp is set to False.") { Attribute = "enable_dhcp" };
        }
        if (raMode is not null && addressMode is not null && raMode != addressMode)
        {
            throw new InvalidInputException($"ipv6_ra_mode set to '{raMode}' with ipv6_address_mode set to '{addressMode}' is not valid. "
                + "If both attributes are set, they must be the same value") { Attribute = "ipv6_address_mode" };
        }
        if ((IsAuto(addressMode) || (addressMode is null && IsAuto(raMode))) && prefix.PrefixLength != 64)
        {
            throw new InvalidInputException($"Invalid CIDR {prefix} for IPv6 address mode. OpenStack uses the EUI-64 address format, which requires the prefix to be /64") { Attribute = "cidr" };
        }
    }

    /// <summary>The address a port with <paramref name="mac"/> makes on a /64 (RFC 4291's modified EUI-64: FFFE in the middle, the U/L bit flipped).</summary>
    public static string Eui64(Cidr prefix, string mac)
    {
        var bytes = mac.Split(':').Select(b => Convert.ToByte(b, 16)).ToArray();
        var id = new byte[] { (byte)(bytes[0] ^ 0x02), bytes[1], bytes[2], 0xFF, 0xFE, bytes[3], bytes[4], bytes[5] };
        var address = System.Net.IPAddress.Parse(prefix.ToString().Split('/')[0]).GetAddressBytes();
        Array.Copy(id, 0, address, 8, 8);
        return new System.Net.IPAddress(address).ToString();
    }
}
