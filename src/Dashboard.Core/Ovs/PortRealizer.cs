using Dashboard.Core.Hosts;
using Dashboard.Core.Ipam;

namespace Dashboard.Core.Ovs;

/// <summary>
/// What a VM stand-in needs beyond the wiring: its address with prefix length and its gateway; or, with
/// <see cref="ByDhcp"/>, only that it asks its network's DHCP server for them, as a cloud image does.
/// </summary>
public sealed record VmAddress(string PortId, string IpAddress, int PrefixLength, string? Gateway)
{
    public bool ByDhcp { get; init; }
}

/// <summary>
/// Realises bound ports as Neutron's hybrid plug does, with a network namespace standing in for the
/// VM: <c>eth0</c> (the port's MAC and fixed IP, default route via the gateway) paired with the tap in
/// the port's Linux bridge <c>qbr</c>, and the <c>qvb</c>/<c>qvo</c> veth into br-int with the local
/// VLAN tag (4095 when admin-down) and Neutron's <c>external_ids</c> (iface-id, attached-mac,
/// iface-status). Namespaces are named <c>dash-vm-&lt;tap suffix&gt;</c>, so removal only ever takes ours.
/// Security groups are the <see cref="FirewallRealizer"/>'s; port status is read back by the <see cref="OvsAgent"/>.
/// </summary>
public sealed class PortRealizer(OvsdbClient? ovsdb, string host, HostShell? shell = null, string? runDirectory = null)
{
    private readonly HostShell _shell = shell ?? HostShell.Root;

    /// <summary>The host's OVSDB; null or closed when its Open vSwitch is gone (removal then goes by names only).</summary>
    private OvsdbClient Ovsdb => ovsdb is { IsClosed: false } ? ovsdb : throw new OvsdbException("the connection to ovsdb-server is closed");

    public const string NamespacePrefix = "dash-vm-";

    /// <summary>Whether this machine has Debian's dhclient (<c>isc-dhcp-client</c>): without it VMs get their address assigned.</summary>
    public static bool DhcpClientInstalled => File.Exists("/usr/sbin/dhclient");

    public static string Namespace(VifWiring vif) => NamespacePrefix + vif.Tap[3..];

    /// <summary>Plugs every VIF of the layout that is not plugged yet, and retags those whose local VLAN changed; returns how many it changed on the switch.</summary>
    public async Task<int> ReconcileAsync(HostLayout layout, IReadOnlyDictionary<string, VmAddress> addresses, CancellationToken ct = default)
    {
        var changes = 0;
        var ports = await QvoTagsAsync(ct);
        HashSet<string>? present = null; // what is there of ports not plugged yet (left by an interrupted plug): read once, when a plug is due
        foreach (var vif in layout.Vifs)
        {
            var address = addresses.GetValueOrDefault(vif.PortId);
            if (ports.ContainsKey(vif.Qvo) && runDirectory is not null && address is not null && address.ByDhcp != Directory.Exists(Path.Combine("/etc/netns", Namespace(vif))))
            {
                // Plugged with its address assigned before its network's DHCP server was realised here (or the other way round): plugged again.
                await UnplugAsync(vif.Qvo, ct);
                ports.Remove(vif.Qvo);
            }
            if (!ports.TryGetValue(vif.Qvo, out var tag))
            {
                present ??= await PresentAsync(ct);
                await PlugAsync(vif, address, present, ct);
                changes++;
            }
            else if (tag != vif.LocalVlan)
            {
                await PluggedPorts.RetagAsync(Ovsdb, vif.Qvo, vif.LocalVlan, ct);
                changes++;
            }
        }
        foreach (var stale in ports.Keys.Where(q => layout.Vifs.All(v => v.Qvo != q)))
        {
            await UnplugAsync(stale, ct);
            changes++;
        }
        return changes;
    }

    /// <summary>
    /// Removes every port this agent plugged, without needing Open vSwitch to answer: by name, every
    /// tap, qbr, qvb and qvo of the host's namespace with the VM namespace of its port (and its qvo port
    /// when OVSDB answers), so that a plug interrupted half-way goes too; with
    /// <paramref name="everyVmNamespace"/> (the host is the only one realised here) every namespace of ours.
    /// </summary>
    public async Task RemoveAllAsync(CancellationToken ct = default, bool everyVmNamespace = true)
    {
        var suffixes = new HashSet<string>(StringComparer.Ordinal);
        try
        {
            suffixes.UnionWith((await QvoTagsAsync(ct)).Keys.Select(q => q[3..]));
        }
        catch (Exception e) when (e is OvsdbException or IOException or InvalidOperationException or System.Net.Sockets.SocketException)
        {
            // Open vSwitch is gone: the names below still find everything
        }
        foreach (var name in await _shell.LinksAsync(ct))
        {
            if (name.Length == 14 && (name.StartsWith("tap", StringComparison.Ordinal) || name.StartsWith("qbr", StringComparison.Ordinal)
                                      || name.StartsWith("qvb", StringComparison.Ordinal) || name.StartsWith("qvo", StringComparison.Ordinal)))
            {
                suffixes.Add(name[3..]);
            }
        }
        if (everyVmNamespace)
        {
            suffixes.UnionWith((await HostShell.NamespacesAsync(ct)).Where(n => n.StartsWith(NamespacePrefix, StringComparison.Ordinal)).Select(n => n[NamespacePrefix.Length..]));
        }
        if (runDirectory is not null && Directory.Exists(Path.Combine(runDirectory, "dhclient")))
        {
            // A VM's DHCP client outlives its namespace if someone deleted that: its pid file still names it.
            suffixes.UnionWith(Directory.GetFiles(Path.Combine(runDirectory, "dhclient"), "*.pid").Select(Path.GetFileNameWithoutExtension).OfType<string>());
        }
        foreach (var suffix in suffixes)
        {
            await UnplugAsync("qvo" + suffix, ct);
        }
    }

    /// <summary>The host namespace's links and the machine's namespaces, by name.</summary>
    private async Task<HashSet<string>> PresentAsync(CancellationToken ct)
    {
        var names = await _shell.LinksAsync(ct);
        names.UnionWith(await HostShell.NamespacesAsync(ct));
        return names;
    }

    /// <summary>
    /// The hybrid plug in four processes: the VM's namespace; one <c>ip -batch</c> in the host's namespace
    /// (tap/veth into the VM's namespace, qbr, qvb/qvo, masters, links up); one in the VM's (eth0's name,
    /// MAC, address, route); ethtool. Then the qvo on br-int in one OVSDB transaction.
    /// </summary>
    private async Task PlugAsync(VifWiring vif, VmAddress? address, IReadOnlySet<string> present, CancellationToken ct)
    {
        var ns = Namespace(vif);
        var suffix = vif.Tap[3..];
        if (new[] { vif.Tap, vif.Qbr, vif.Qvb, vif.Qvo, ns }.Any(present.Contains))
        {
            await UnplugAsync(vif.Qvo, ct); // whatever an interrupted plug of this port left behind goes first, so the plug can start clean
        }
        await Global(ct, "netns", "add", ns);
        await _shell.IpBatchAsync(ct,
        [
            $"link add {vif.Tap} type veth peer name vm{suffix} netns {ns}",
            $"link add {vif.Qbr} type bridge",
            $"link add {vif.Qvb} type veth peer name {vif.Qvo}",
            $"link set {vif.Tap} master {vif.Qbr}",
            $"link set {vif.Qvb} master {vif.Qbr}",
            .. new[] { vif.Qbr, vif.Tap, vif.Qvb, vif.Qvo }.Select(d => $"link set {d} up"),
        ]);
        var dhcp = address is { ByDhcp: true } && runDirectory is not null;
        var inVm = new List<string> { $"link set vm{suffix} name eth0", $"link set eth0 address {vif.MacAddress}" };
        if (address is not null && !dhcp)
        {
            inVm.Add($"addr add {address.IpAddress}/{address.PrefixLength} dev eth0");
        }
        inVm.AddRange(["link set eth0 up", "link set lo up"]);
        if (address?.Gateway is { } gateway && !dhcp)
        {
            inVm.Add($"route add default via {gateway}");
        }
        await new HostShell(ns).IpBatchAsync(ct, inVm);
        // The userspace datapath does not compute checksums for veths: TCP needs tx offload off.
        await TryGlobal(ct, "netns", "exec", ns, "ethtool", "-K", "eth0", "tx", "off");
        await PluggedPorts.AddAsync(Ovsdb, host, vif.Qvo, vif.PortId, vif.MacAddress, vif.LocalVlan, ct);
        if (dhcp)
        {
            await StartDhcpClientAsync(ns, suffix, ct);
        }
    }

    /// <summary>
    /// Debian's dhclient in the VM's namespace, in the background (<c>-nw</c>: it keeps asking until the DHCP
    /// server answers, and renews). Its resolv.conf is the namespace's own (<c>/etc/netns/&lt;ns&gt;</c>, which
    /// <c>ip netns exec</c> puts in place of the machine's), its pid and lease files in the host's run directory.
    /// </summary>
    private async Task StartDhcpClientAsync(string ns, string suffix, CancellationToken ct)
    {
        var etc = Path.Combine("/etc/netns", ns);
        Directory.CreateDirectory(etc);
        await File.WriteAllTextAsync(Path.Combine(etc, "resolv.conf"), "", ct);
        var directory = Path.Combine(runDirectory!, "dhclient");
        Directory.CreateDirectory(directory);
        // As a cloud image's client, it keeps asking: no long back-off (dhclient's default grows to two minutes, and after
        // a minute without an offer it sleeps five), since the VM is often plugged before its DHCP server has started.
        var config = Path.Combine(directory, "dhclient.conf");
        if (!File.Exists(config))
        {
            await File.WriteAllTextAsync(config, """
                initial-interval 1;
                backoff-cutoff 4;
                timeout 3600;
                retry 5;
                request subnet-mask, broadcast-address, routers, domain-name, domain-name-servers, host-name, rfc3442-classless-static-routes, interface-mtu;

                """, ct);
        }
        await OvsDaemons.RunDetachedAsync("ip", ["netns", "exec", ns, "dhclient", "-nw", "-cf", config, "-pf", Path.Combine(directory, $"{suffix}.pid"), "-lf", Path.Combine(directory, $"{suffix}.leases"), "eth0"], ct);
    }

    private async Task StopDhcpClientAsync(string suffix, CancellationToken ct)
    {
        if (runDirectory is not null)
        {
            await OvsDaemons.TerminateAsync(Path.Combine(runDirectory, "dhclient", $"{suffix}.pid"), "dhclient", ct);
        }
        if (Directory.Exists(Path.Combine("/etc/netns", NamespacePrefix + suffix)))
        {
            Directory.Delete(Path.Combine("/etc/netns", NamespacePrefix + suffix), recursive: true);
        }
    }

    private async Task UnplugAsync(string qvo, CancellationToken ct)
    {
        var suffix = qvo[3..];
        await StopDhcpClientAsync(suffix, ct);
        try
        {
            await PluggedPorts.RemoveAsync(Ovsdb, qvo, ct);
        }
        catch (Exception e) when (e is OvsdbException or IOException or InvalidOperationException or System.Net.Sockets.SocketException)
        {
            // Open vSwitch is gone (a stop that reached it first): the links below go by name all the same
        }
        foreach (var device in new[] { "qvb" + suffix, "tap" + suffix, "qbr" + suffix, "qvo" + suffix })
        {
            await _shell.TryIpAsync(ct, "link", "del", device); // deleting one veth end takes its peer; absent ones are fine
        }
        await TryGlobal(ct, "netns", "del", NamespacePrefix + suffix);
    }

    /// <summary>The qvo ports this host's agent plugged (its mark in external_ids) and their tags.</summary>
    private Task<Dictionary<string, int?>> QvoTagsAsync(CancellationToken ct) =>
        PluggedPorts.TagsAsync(Ovsdb, host, n => n.StartsWith("qvo", StringComparison.Ordinal), ct);

    private static Task<string> Global(CancellationToken ct, params string[] args) => HostShell.GlobalIpAsync(ct, args);

    private static Task TryGlobal(CancellationToken ct, params string[] args) => HostShell.Root.TryIpAsync(ct, args);

    /// <summary>A port's address as the VM stand-in carries it.</summary>
    public static VmAddress AddressOf(string portId, string ip, Cidr subnet, string? gateway) => new(portId, ip, subnet.PrefixLength, gateway);
}
