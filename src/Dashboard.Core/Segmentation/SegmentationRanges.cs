using Dashboard.Core.Errors;

namespace Dashboard.Core.Segmentation;

/// <summary>
/// The parsed ML2 configuration: which network types tenants get, in which order, and the
/// ranges each type allocates from. Parsing is O(number of ranges), never O(IDs in a range).
/// </summary>
public sealed class SegmentationRanges
{
    private static readonly IdRange FullVlan = new(1, 4094);

    public IReadOnlyList<string> TenantNetworkTypes { get; }
    public bool TenantNetworksDisabled { get; }

    /// <summary>Physnets in configuration order, each with its VLAN ranges.</summary>
    public IReadOnlyList<KeyValuePair<string, IReadOnlyList<IdRange>>> VlanRanges { get; }
    public IReadOnlyList<string> FlatNetworks { get; }
    public bool AnyFlatNetwork { get; }
    public IReadOnlyList<IdRange> GreRanges { get; }
    public IReadOnlyList<IdRange> VxlanRanges { get; }
    public int GlobalPhysnetMtu { get; }

    public SegmentationRanges(NeutronOptions options)
    {
        var types = SplitList(options.TenantNetworkTypes);
        TenantNetworksDisabled = types is ["none"];
        TenantNetworkTypes = TenantNetworksDisabled ? [] : types;
        foreach (var type in TenantNetworkTypes.Where(t => !NetworkTypes.All.Contains(t)))
        {
            throw new InvalidOperationException($"tenant_network_types: unknown network type '{type}'.");
        }

        var vlan = new List<KeyValuePair<string, List<IdRange>>>();
        foreach (var entry in SplitList(options.NetworkVlanRanges))
        {
            var parts = entry.Split(':');
            var physnet = parts[0];
            var ranges = vlan.FirstOrDefault(p => p.Key == physnet).Value;
            if (ranges is null)
            {
                ranges = [];
                vlan.Add(new(physnet, ranges));
            }
            ranges.Add(parts.Length switch
            {
                1 => FullVlan,
                3 => ParseRange($"{parts[1]}:{parts[2]}", "network_vlan_ranges", NetworkTypes.Vlan),
                _ => throw new InvalidOperationException($"network_vlan_ranges: '{entry}' is not physnet[:min:max]."),
            });
        }
        VlanRanges = vlan.Select(p => new KeyValuePair<string, IReadOnlyList<IdRange>>(p.Key, p.Value)).ToList();

        var flat = SplitList(options.FlatNetworks);
        AnyFlatNetwork = flat.Contains("*");
        FlatNetworks = flat.Where(f => f != "*").ToList();
        GreRanges = SplitList(options.TunnelIdRanges).Select(r => ParseRange(r, "tunnel_id_ranges", NetworkTypes.Gre)).ToList();
        VxlanRanges = SplitList(options.VniRanges).Select(r => ParseRange(r, "vni_ranges", NetworkTypes.Vxlan)).ToList();
        GlobalPhysnetMtu = options.GlobalPhysnetMtu;
    }

    public bool IsVlanPhysnet(string physnet) => VlanRanges.Any(p => p.Key == physnet);

    public bool IsFlatPhysnet(string physnet) => AnyFlatNetwork || FlatNetworks.Contains(physnet);

    public IReadOnlyList<IdRange> TunnelRanges(string type) =>
        type == NetworkTypes.Gre ? GreRanges : VxlanRanges;

    /// <summary>Neutron's MTU for a network of this type: the physnet MTU less the encapsulation overhead.</summary>
    public int MtuFor(string type) => type switch
    {
        NetworkTypes.Vxlan => GlobalPhysnetMtu - 50,
        NetworkTypes.Gre => GlobalPhysnetMtu - 42,
        _ => GlobalPhysnetMtu,
    };

    private static List<string> SplitList(string? value) =>
        (value ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();

    private static IdRange ParseRange(string text, string option, string type)
    {
        var parts = text.Split(':');
        if (parts.Length != 2 || !long.TryParse(parts[0], out var min) || !long.TryParse(parts[1], out var max)
            || min < 1 || max > NetworkTypes.MaxId(type) || min > max)
        {
            throw new InvalidOperationException(
                $"{option}: '{text}' is not a range min:max within 1:{NetworkTypes.MaxId(type)}.");
        }
        return new IdRange(min, max);
    }
}
