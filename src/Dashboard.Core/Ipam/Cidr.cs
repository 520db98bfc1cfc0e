using System.Net;
using Dashboard.Core.Errors;

namespace Dashboard.Core.Ipam;

/// <summary>A normalised network prefix, e.g. <c>10.0.0.0/24</c> or <c>fd00::/64</c>.</summary>
public readonly record struct Cidr(int IpVersion, UInt128 Network, int PrefixLength)
{
    public int Bits => IpMath.Bits(IpVersion);

    public UInt128 Size => PrefixLength == 0 && IpVersion == 6 ? UInt128.MaxValue : UInt128.One << (Bits - PrefixLength);

    public UInt128 First => Network;

    public UInt128 Last => Network + (Size - 1);

    public bool Contains(UInt128 address) => address >= First && address <= Last;

    public bool Contains(IPAddress address) => IpMath.VersionOf(address) == IpVersion && Contains(IpMath.ToNumber(address));

    public bool Overlaps(Cidr other) => IpVersion == other.IpVersion && First <= other.Last && other.First <= Last;

    public IPAddress Address(UInt128 value) => IpMath.FromNumber(value, IpVersion);

    public override string ToString() => $"{Address(Network)}/{PrefixLength}";

    /// <summary>Parses and normalises (host bits cleared), as Neutron stores a subnet's CIDR.</summary>
    public static Cidr Parse(string? text, string attribute = "cidr")
    {
        var slash = text?.IndexOf('/') ?? -1;
        if (text is null || slash < 0)
        {
            throw Invalid(text, attribute);
        }
        IPAddress address;
        try
        {
            address = IpMath.ParseAddress(text[..slash], attribute);
        }
        catch (InvalidInputException)
        {
            throw Invalid(text, attribute);
        }
        var version = IpMath.VersionOf(address);
        if (!int.TryParse(text[(slash + 1)..], out var prefix) || prefix < 0 || prefix > IpMath.Bits(version)
            || text[(slash + 1)..].Any(c => !char.IsAsciiDigit(c)))
        {
            throw Invalid(text, attribute);
        }
        var hostBits = IpMath.Bits(version) - prefix;
        var mask = hostBits == 128 ? UInt128.Zero : ~((UInt128.One << hostBits) - 1);
        if (version == 4)
        {
            mask &= uint.MaxValue;
        }
        return new Cidr(version, IpMath.ToNumber(address) & mask, prefix);
    }

    /// <summary>Whether a valid CIDR's address has bits set beyond its prefix (<c>10.40.0.5/24</c>), which <see cref="Parse"/> clears.</summary>
    public static bool HasHostBits(string text) =>
        IpMath.ToNumber(IpMath.ParseAddress(text[..text.IndexOf('/')], "cidr")) != Parse(text).Network;

    public static bool TryParse(string? text, out Cidr cidr)
    {
        try
        {
            cidr = Parse(text);
            return true;
        }
        catch (InvalidInputException)
        {
            cidr = default;
            return false;
        }
    }

    private static InvalidInputException Invalid(string? text, string attribute) =>
        new($"'{text}' is not a valid IP subnet") { Attribute = attribute };
}
