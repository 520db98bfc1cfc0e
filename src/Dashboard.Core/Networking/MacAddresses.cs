using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Dashboard.Core.Errors;

namespace Dashboard.Core.Networking;

/// <summary>Port MACs: OpenStack's <c>fa:16:3e</c> base with three random octets, or a valid unicast MAC the caller gives.</summary>
public static partial class MacAddresses
{
    public const string OpenStackPrefix = "fa:16:3e";

    public static string Random()
    {
        Span<byte> tail = stackalloc byte[3];
        RandomNumberGenerator.Fill(tail);
        return $"{OpenStackPrefix}:{tail[0]:x2}:{tail[1]:x2}:{tail[2]:x2}";
    }

    public static string Normalise(string mac)
    {
        if (!Pattern().IsMatch(mac))
        {
            throw new InvalidInputException($"'{mac}' is not a valid MAC address") { Attribute = "mac_address" };
        }
        var normal = mac.Replace('-', ':').ToLowerInvariant();
        if ((Convert.ToByte(normal[..2], 16) & 1) == 1 || normal == "00:00:00:00:00:00")
        {
            throw new InvalidInputException($"'{mac}' is not a valid unicast MAC address") { Attribute = "mac_address" };
        }
        return normal;
    }

    [GeneratedRegex("^[0-9a-fA-F]{2}([:-][0-9a-fA-F]{2}){5}$")]
    private static partial Regex Pattern();
}
