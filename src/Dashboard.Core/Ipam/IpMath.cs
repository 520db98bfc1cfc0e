using System.Net;
using System.Net.Sockets;
using Dashboard.Core.Errors;

namespace Dashboard.Core.Ipam;

/// <summary>IPv4 and IPv6 addresses as unsigned integers, so ranges and pools are plain arithmetic.</summary>
public static class IpMath
{
    public static int Bits(int ipVersion) => ipVersion == 4 ? 32 : 128;

    public static int VersionOf(IPAddress address) => address.AddressFamily == AddressFamily.InterNetwork ? 4 : 6;

    public static UInt128 ToNumber(IPAddress address)
    {
        UInt128 value = 0;
        foreach (var b in address.GetAddressBytes())
        {
            value = (value << 8) | b;
        }
        return value;
    }

    public static IPAddress FromNumber(UInt128 value, int ipVersion)
    {
        var bytes = new byte[ipVersion == 4 ? 4 : 16];
        for (var i = bytes.Length - 1; i >= 0; i--)
        {
            bytes[i] = (byte)(value & 0xff);
            value >>= 8;
        }
        return new IPAddress(bytes);
    }

    /// <summary>Parses an address, rejecting anything that is not a plain IPv4 or IPv6 address.</summary>
    public static IPAddress ParseAddress(string? text, string attribute)
    {
        if (string.IsNullOrWhiteSpace(text) || text.Contains('/') || text.Contains('%')
            || !IPAddress.TryParse(text, out var address)
            || address.AddressFamily is not (AddressFamily.InterNetwork or AddressFamily.InterNetworkV6)
            || (address.AddressFamily == AddressFamily.InterNetwork && text.Count(c => c == '.') != 3))
        {
            throw new InvalidInputException($"'{text}' is not a valid IP address") { Attribute = attribute };
        }
        return address;
    }

    public static string Canonical(string text, string attribute) => ParseAddress(text, attribute).ToString();
}
