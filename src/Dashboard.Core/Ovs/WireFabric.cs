using System.Security.Cryptography;
using System.Text;
using Dashboard.Core.Hosts;

namespace Dashboard.Core.Ovs;

/// <summary>
/// The wires between the hosts realised each in a namespace of their own (<c>Agent:OvsHosts</c>): one
/// network namespace, <c>dash-fabric</c>, holding a Linux bridge per physical network (the physnet's
/// L2 segment, a switch whose ports are trunks) and, for each host's bridge mapping, a veth pair whose
/// one end is the host's NIC (<c>eth1</c> in <c>dash-host-compute1</c>, plugged into its br-eth1 by the
/// agent) and whose other end is a port of that bridge. Frames leave one host's br-ethX tagged with the
/// segmentation ID and arrive at another's, as on the wire: <c>ip netns exec dash-fabric tcpdump -e -n -i physnet1</c> shows them.
/// Everything is made by name and found by name; removing the namespace removes all of it.
/// </summary>
public static class WireFabric
{
    public const string Namespace = "dash-fabric";
    private static readonly HostShell Fabric = new(Namespace);

    /// <summary>The bridge standing for a physical network: its name when it is a valid interface name, else a digest of it.</summary>
    public static string Segment(string physnet) =>
        physnet.Length is > 0 and <= 15 && physnet.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.') ? physnet : "pn-" + Digest(physnet);

    /// <summary>The fabric's end of a host's NIC (interface names have 15 characters: a digest of host and NIC, described by its alias <c>host:nic</c>).</summary>
    public static string WireEnd(string host, string nic) => "w" + Digest($"{host}/{nic}");

    /// <summary>Makes what is missing of the wires joining these hosts' NICs, each host's namespace being there already.</summary>
    public static async Task EnsureAsync(IEnumerable<(string Host, IReadOnlyList<BridgeMapping> Mappings)> hosts, CancellationToken ct = default)
    {
        await Fabric.EnsureNamespaceAsync(ct);
        var links = await Fabric.LinksAsync(ct);
        foreach (var (host, mappings) in hosts)
        {
            foreach (var mapping in mappings)
            {
                await PlugAsync(links, Segment(mapping.PhysicalNetwork), HostShell.Of(host), host, mapping.Nic, ct);
            }
        }
    }

    /// <summary>
    /// Plugs <paramref name="device"/> of <paramref name="into"/>'s namespace into the fabric's bridge <paramref name="segment"/>
    /// (made if missing): a veth pair whose fabric end (<see cref="WireEnd"/> of <paramref name="owner"/> and the device,
    /// described by its alias <c>owner:device</c>) is a port of the bridge. Nothing is done when that end exists
    /// (<paramref name="links"/>: the fabric's, kept up to date).
    /// </summary>
    private static async Task PlugAsync(HashSet<string> links, string segment, HostShell into, string owner, string device, CancellationToken ct)
    {
        if (links.Add(segment))
        {
            await Fabric.IpAsync(ct, "link", "add", segment, "type", "bridge");
            await Fabric.IpAsync(ct, "link", "set", segment, "up");
        }
        var end = WireEnd(owner, device);
        if (!links.Add(end))
        {
            return;
        }
        await into.TryIpAsync(ct, "link", "del", device); // half of an earlier pair: it goes with its peer
        await Fabric.IpAsync(ct, "link", "add", end, "type", "veth", "peer", "name", device, "netns", into.Namespace!);
        await Fabric.IpAsync(ct, "link", "set", end, "alias", $"{owner}:{device}");
        await Fabric.IpAsync(ct, "link", "set", end, "master", segment);
        await Fabric.IpAsync(ct, "link", "set", end, "up");
        await into.IpAsync(ct, "link", "set", device, "up");
    }

    /// <summary>The segment carrying the hosts' tunnel endpoints (VXLAN, GRE), a bridge of the fabric like a physnet's.</summary>
    public const string TunnelSegment = "tunnels";

    /// <summary>A host's NIC on the tunnel segment, plugged into its <see cref="TunnelBridge"/>.</summary>
    public const string TunnelNic = "eth-tun";

    /// <summary>
    /// The bridge holding a host's tunnel endpoint address, as a userspace (DPDK-style) deployment has it: Open
    /// vSwitch's own tunnelling sends VXLAN and GRE out of the bridge whose port holds the route to the remote
    /// endpoint, so <c>local_ip</c> sits on this bridge's own port and the tunnel NIC is plugged into it.
    /// Not a bridge of Neutron's model: marked as the wire's (<c>dashboard-owner=&lt;host&gt;/wire</c>), plain NORMAL switching.
    /// </summary>
    public const string TunnelBridge = "br-phy";

    /// <summary>
    /// Gives each host with a tunnel endpoint its <see cref="TunnelBridge"/> with the endpoint address and the
    /// <see cref="TunnelNic"/> on the fabric's <see cref="TunnelSegment"/>; what exists is left as it is.
    /// </summary>
    public static async Task EnsureTunnelEndpointsAsync(IEnumerable<(string Host, string TunnelIp, OvsDaemons Daemons)> hosts, CancellationToken ct = default)
    {
        var links = await Fabric.LinksAsync(ct);
        foreach (var (host, tunnelIp, daemons) in hosts)
        {
            var hostShell = HostShell.Of(host);
            await PlugAsync(links, TunnelSegment, hostShell, host, TunnelNic, ct);
            await daemons.VsctlAsync(["--may-exist", "add-br", TunnelBridge, "--", "set", "Bridge", TunnelBridge, "datapath_type=netdev",
                $"external_ids:{BridgeRealizer.OwnerKey}={host}/wire", "--", "--may-exist", "add-port", TunnelBridge, TunnelNic], ct);
            for (var i = 0; i < 100 && !await hostShell.HasInterfaceAsync(TunnelBridge, ct); i++)
            {
                await Task.Delay(20, ct); // ovs-vswitchd makes the bridge's own port
            }
            var address = $"{tunnelIp}/24";
            if (!(await hostShell.IpAsync(ct, "-o", "-4", "addr", "show", "dev", TunnelBridge)).Contains($" {address} ", StringComparison.Ordinal))
            {
                await hostShell.IpAsync(ct, "addr", "add", address, "dev", TunnelBridge);
            }
            await hostShell.IpAsync(ct, "link", "set", TunnelBridge, "up");
        }
    }

    /// <summary>The namespace standing for the world beyond the cloud's external networks (the internet).</summary>
    public const string Outside = "dash-outside";

    /// <summary>An external network's subnet as the outside sees it: on the physnet's wire, untagged (flat), holding the subnet's gateway address.</summary>
    public sealed record Uplink(string NetworkId, string PhysicalNetwork, string GatewayCidr);

    /// <summary>
    /// Puts the <see cref="Outside"/> namespace on each flat external network's wire with the external
    /// subnet's gateway address (<c>172.24.4.1/24</c>), as the upstream router of the cloud's routers' gateways.
    /// Its addresses follow the model; an uplink no longer wanted goes.
    /// </summary>
    public static async Task EnsureOutsideAsync(IReadOnlyList<Uplink> uplinks, CancellationToken ct = default)
    {
        var outside = new HostShell(Outside);
        if (uplinks.Count == 0)
        {
            await HostShell.Root.TryIpAsync(ct, "netns", "del", Outside);
            return;
        }
        await outside.EnsureNamespaceAsync(ct);
        var links = await Fabric.LinksAsync(ct);
        var wanted = new HashSet<string>(StringComparer.Ordinal);
        foreach (var uplink in uplinks)
        {
            var device = "o" + Digest(uplink.NetworkId);
            wanted.Add(device);
            if (!links.Contains(WireEnd(Outside, device)))
            {
                await PlugAsync(links, Segment(uplink.PhysicalNetwork), outside, Outside, device, ct);
                await outside.RunAsync("ethtool", ["-K", device, "tx", "off"], ct); // the kernel's replies need their checksums
            }
            var address = (await outside.IpAsync(ct, "-o", "-4", "addr", "show", "dev", device)).Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (!address.Contains(uplink.GatewayCidr))
            {
                await outside.IpAsync(ct, "addr", "flush", "dev", device);
                await outside.IpAsync(ct, "addr", "add", uplink.GatewayCidr, "dev", device);
            }
        }
        foreach (var name in await outside.LinksAsync(ct))
        {
            if (name.StartsWith('o') && name.Length == 9 && !wanted.Contains(name))
            {
                await outside.TryIpAsync(ct, "link", "del", name);
            }
        }
    }

    /// <summary>Removes the wires (the fabric's namespace, and with it every host's end of them) and the outside.</summary>
    public static async Task RemoveAsync(CancellationToken ct = default)
    {
        await HostShell.Root.TryIpAsync(ct, "netns", "del", Outside);
        await HostShell.Root.TryIpAsync(ct, "netns", "del", Namespace);
    }

    private static string Digest(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..8];
}
