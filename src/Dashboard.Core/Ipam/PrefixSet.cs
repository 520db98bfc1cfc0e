namespace Dashboard.Core.Ipam;

/// <summary>
/// A set of addresses of one IP version as sorted, disjoint ranges, and back to the fewest CIDRs that cover it: what a
/// subnet pool's prefixes hold, what its subnets took, and what is left (netaddr's IPSet, as Neutron's subnet allocator uses it).
/// </summary>
public sealed class PrefixSet
{
    private readonly List<(UInt128 First, UInt128 Last)> _ranges;

    private PrefixSet(int ipVersion, List<(UInt128, UInt128)> ranges) => (IpVersion, _ranges) = (ipVersion, ranges);

    public int IpVersion { get; }

    public static PrefixSet Of(int ipVersion, IEnumerable<Cidr> cidrs)
    {
        var merged = new List<(UInt128 First, UInt128 Last)>();
        foreach (var (first, last) in cidrs.Where(c => c.IpVersion == ipVersion).Select(c => (c.First, c.Last)).OrderBy(r => r.First))
        {
            if (merged.Count > 0 && (merged[^1].Last == UInt128.MaxValue || first <= merged[^1].Last + 1))
            {
                merged[^1] = (merged[^1].First, UInt128.Max(merged[^1].Last, last));
            }
            else
            {
                merged.Add((first, last));
            }
        }
        return new PrefixSet(ipVersion, merged);
    }

    /// <summary>The addresses of this set that are not in <paramref name="other"/>.</summary>
    public PrefixSet Minus(PrefixSet other)
    {
        var left = new List<(UInt128, UInt128)>();
        foreach (var (first, last) in _ranges)
        {
            var from = first;
            var done = false;
            foreach (var (cutFirst, cutLast) in other._ranges.Where(c => c.Last >= first && c.First <= last))
            {
                if (cutFirst > from)
                {
                    left.Add((from, cutFirst - 1));
                }
                if (cutLast >= last)
                {
                    done = true;
                    break;
                }
                from = UInt128.Max(from, cutLast + 1);
            }
            if (!done)
            {
                left.Add((from, last));
            }
        }
        return new PrefixSet(IpVersion, left);
    }

    /// <summary>Whether every address of <paramref name="cidr"/> is in the set.</summary>
    public bool Covers(Cidr cidr) => cidr.IpVersion == IpVersion && _ranges.Any(r => r.First <= cidr.First && cidr.Last <= r.Last);

    /// <summary>Whether some address of <paramref name="cidr"/> is in the set.</summary>
    public bool Touches(Cidr cidr) => cidr.IpVersion == IpVersion && _ranges.Any(r => r.First <= cidr.Last && cidr.First <= r.Last);

    /// <summary>The fewest CIDRs covering the set, in address order (each range split into its largest aligned blocks).</summary>
    public IReadOnlyList<Cidr> Cidrs()
    {
        var bits = IpMath.Bits(IpVersion);
        var cidrs = new List<Cidr>();
        foreach (var (rangeFirst, last) in _ranges)
        {
            var first = rangeFirst;
            while (true)
            {
                var size = first == 0 ? bits : Math.Min(bits, (int)UInt128.TrailingZeroCount(first));
                while (size > 0 && first + Span(size) > last)
                {
                    size--;
                }
                cidrs.Add(new Cidr(IpVersion, first, bits - size));
                var end = first + Span(size);
                if (end >= last)
                {
                    break;
                }
                first = end + 1;
            }
        }
        return cidrs;
    }

    // The last offset of an aligned block of 2^size addresses.
    private static UInt128 Span(int size) => size >= 128 ? UInt128.MaxValue : (UInt128.One << size) - 1;
}
