using Dashboard.Core.Errors;

namespace Dashboard.Core.SecurityGroups;

/// <summary>IP protocols as security group rules name them: by name or by number 0-255.</summary>
public static class Protocols
{
    private static readonly Dictionary<string, int> Numbers = new()
    {
        ["ah"] = 51,
        ["dccp"] = 33,
        ["egp"] = 8,
        ["esp"] = 50,
        ["gre"] = 47,
        ["icmp"] = 1,
        ["icmpv6"] = 58,
        ["igmp"] = 2,
        ["ipip"] = 4,
        ["ipv6-encap"] = 41,
        ["ipv6-frag"] = 44,
        ["ipv6-icmp"] = 58,
        ["ipv6-nonxt"] = 59,
        ["ipv6-opts"] = 60,
        ["ipv6-route"] = 43,
        ["ospf"] = 89,
        ["pgm"] = 113,
        ["rsvp"] = 46,
        ["sctp"] = 132,
        ["tcp"] = 6,
        ["udp"] = 17,
        ["udplite"] = 136,
        ["vrrp"] = 112,
    };

    public static IReadOnlyCollection<string> KnownNames => Numbers.Keys;

    /// <summary>Lower-cases names, keeps numbers; <c>any</c> or empty means every protocol (null).</summary>
    public static string? Normalise(string? protocol)
    {
        if (string.IsNullOrEmpty(protocol) || protocol.Equals("any", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }
        var name = protocol.ToLowerInvariant();
        if (Numbers.ContainsKey(name))
        {
            return name;
        }
        if (int.TryParse(protocol, out var number) && number is >= 0 and <= 255 && protocol.All(char.IsAsciiDigit))
        {
            return number.ToString();
        }
        throw new InvalidInputException(
            $"Security group rule protocol {protocol} not supported. Only protocol values [{string.Join(", ", Numbers.Keys.Order())}] and integer representations [0 to 255] are supported.",
            "SecurityGroupRuleInvalidProtocol")
        { Attribute = "protocol" };
    }

    public static int? Number(string? protocol) =>
        protocol is null ? null : Numbers.TryGetValue(protocol, out var n) ? n : int.Parse(protocol);

    public static bool IsIcmp(string protocol) => Number(protocol) is 1 or 58;

    public static bool HasPorts(string protocol) => Number(protocol) is 6 or 17 or 132 or 33 or 136;
}
