using Dashboard.Core.Hosts;
using Dashboard.Core.Ipam;

namespace Dashboard.Core.Ovs;

/// <summary>
/// Realises a network node's namespaces as Neutron's L3 and DHCP agents do, with their
/// <c>ovs_use_veth</c> plug (the userspace datapath cannot hand its internal ports to another
/// namespace): each port a veth pair whose bridge end, named as the port's device (<c>qr-…</c>,
/// <c>qg-…</c>, <c>tap…</c>), is on br-int with the local VLAN tag and Neutron's <c>external_ids</c>, and
/// whose other end of the same name is in the namespace.
/// <list type="bullet">
/// <item><c>qrouter-&lt;router id&gt;</c>: qr-/qg- with their addresses (the floating IPs as /32 on qg-, so
/// the router answers ARP for them), forwarding on, the static and default routes, and the
/// <c>neutron-l3-agent-*</c> NAT chains of the model (<see cref="L3AgentRouter"/>). An admin-down router is not realised.</item>
/// <item><c>qdhcp-&lt;network id&gt;</c>: the tap with the DHCP port's addresses and Debian's dnsmasq serving
/// the model's host and opts files (<see cref="DnsmasqFiles"/>), sent SIGHUP when they change.</item>
/// </list>
/// The namespaces are machine-wide names; their ports carry the host's owner mark.
/// </summary>
public sealed class NamespaceRealizer(OvsdbClient ovsdb, string host, HostShell shell, string runDirectory)
{
    public const string RouterPrefix = "qrouter-";
    public const string DhcpPrefix = "qdhcp-";

    /// <summary>The namespaces the layout's routers and DHCP servers live in (admin-down routers have none).</summary>
    public static IEnumerable<string> Namespaces(HostLayout layout) =>
        layout.Routers.Where(r => r.AdminStateUp).Select(r => r.Namespace).Concat(layout.DhcpServers.Select(d => d.Namespace));

    /// <summary>Whether this machine has Debian's dnsmasq (<c>dnsmasq-base</c>): without it no DHCP server is realised.</summary>
    public static bool DnsmasqInstalled => File.Exists("/usr/sbin/dnsmasq");

    public static bool IsOurs(string name) => name.StartsWith(RouterPrefix, StringComparison.Ordinal) || name.StartsWith(DhcpPrefix, StringComparison.Ordinal);

    /// <summary>Makes the layout's routers and DHCP servers real; returns how many ports it changed on the switch.</summary>
    public async Task<int> ReconcileAsync(HostLayout layout, CancellationToken ct = default)
    {
        var changes = 0;
        var plugged = await PluggedAsync(ct);
        var existing = (await HostShell.NamespacesAsync(ct)).ToHashSet(StringComparer.Ordinal);
        var wanted = new HashSet<string>(StringComparer.Ordinal);
        // One namespace failing does not hold up the others; the pass still fails (and is retried) when one did.
        var failures = new List<string>();
        foreach (var router in layout.Routers.Where(r => r.AdminStateUp))
        {
            wanted.UnionWith(router.Ports.Select(p => p.Name));
            try
            {
                var ns = new HostShell(router.Namespace);
                await EnsureAsync(ns, existing, ct);
                await ns.RunAsync("sysctl", ["-q", "-w", "net.ipv4.ip_forward=1"], ct);
                foreach (var port in router.Ports)
                {
                    changes += await PlugAsync(ns, port, plugged, ct) ? 1 : 0;
                }
                foreach (var port in router.Interfaces)
                {
                    await AddressesAsync(ns, port.Name, port.Cidrs, ct);
                }
                if (router.Gateway is { } gateway)
                {
                    await AddressesAsync(ns, gateway.Name, [.. gateway.Cidrs, .. router.FloatingIps.Select(f => $"{f.FloatingIp}/32")], ct);
                }
                await RoutesAsync(ns, router.Routes.Where(r => r.Via is not null).ToList(), ct);
                await NatAsync(ns, router.NatRules, ct);
                await ScopeFilterAsync(ns, router.FilterRules, ct);
            }
            catch (HostCommandException e)
            {
                failures.Add($"{router.Namespace}: {e.Message}");
            }
        }
        foreach (var dhcp in layout.DhcpServers)
        {
            wanted.Add(dhcp.Tap.Name);
            try
            {
                var ns = new HostShell(dhcp.Namespace);
                await EnsureAsync(ns, existing, ct);
                changes += await PlugAsync(ns, dhcp.Tap, plugged, ct) ? 1 : 0;
                await AddressesAsync(ns, dhcp.Tap.Name, dhcp.Tap.Cidrs, ct);
                await DnsmasqAsync(ns, dhcp, ct);
            }
            catch (HostCommandException e)
            {
                failures.Add($"{dhcp.Namespace}: {e.Message}");
            }
        }
        foreach (var (stale, _) in plugged.Where(p => !wanted.Contains(p.Key)))
        {
            await UnplugAsync(stale, ct);
            changes++;
        }
        return failures.Count == 0 ? changes : throw new HostCommandException(string.Join("; ", failures));
    }

    /// <summary>
    /// Removes the namespaces this product made (each host's run directory keeps a mark per namespace it
    /// made, <c>netns/&lt;name&gt;</c>, which outlives a SIGKILL) that no realised host wants any more
    /// (<paramref name="wanted"/>): a DHCP server's dnsmasq is stopped first. Goes by names only. A
    /// <c>qrouter-</c> or <c>qdhcp-</c> namespace without our mark (a real Neutron's L3 or DHCP agent on this
    /// machine, another instance of the product) is never touched.
    /// </summary>
    public static async Task RemoveStaleAsync(IReadOnlySet<string> wanted, IEnumerable<string> runDirectories, CancellationToken ct = default)
    {
        foreach (var run in runDirectories)
        {
            var marks = Path.Combine(run, MarksDirectory);
            foreach (var ns in Directory.Exists(marks) ? Directory.GetFiles(marks).Select(Path.GetFileName).OfType<string>().Where(n => IsOurs(n) && !wanted.Contains(n)).ToList() : [])
            {
                if (ns.StartsWith(DhcpPrefix, StringComparison.Ordinal))
                {
                    await StopDnsmasqAsync(Path.Combine(run, "dhcp", ns[DhcpPrefix.Length..]), ct);
                }
                await HostShell.Root.TryIpAsync(ct, "netns", "del", ns);
                File.Delete(Path.Combine(marks, ns));
            }
        }
    }

    /// <summary>Where a host's run directory marks the namespaces the product made for it.</summary>
    private const string MarksDirectory = "netns";

    private async Task EnsureAsync(HostShell ns, HashSet<string> existing, CancellationToken ct)
    {
        var marks = Path.Combine(runDirectory, MarksDirectory);
        Directory.CreateDirectory(marks);
        var mark = Path.Combine(marks, ns.Namespace!);
        if (!File.Exists(mark))
        {
            await File.WriteAllTextAsync(mark, "", ct); // before it is made: a namespace never exists unmarked
        }
        if (existing.Add(ns.Namespace!))
        {
            await ns.EnsureNamespaceAsync(ct);
        }
    }

    /// <summary>Plugs the port when its bridge end or its namespace end is missing; retags it when its local VLAN changed. Whether it changed the switch.</summary>
    private async Task<bool> PlugAsync(HostShell ns, NamespacePort port, IReadOnlyDictionary<string, int?> plugged, CancellationToken ct)
    {
        if (plugged.TryGetValue(port.Name, out var tag) && await ns.HasInterfaceAsync(port.Name, ct))
        {
            if (tag == port.LocalVlan)
            {
                return false;
            }
            await PluggedPorts.RetagAsync(ovsdb, port.Name, port.LocalVlan, ct);
            return true;
        }
        await UnplugAsync(port.Name, ct);
        await shell.IpAsync(ct, "link", "add", port.Name, "type", "veth", "peer", "name", port.Name, "netns", ns.Namespace!);
        await ns.IpAsync(ct, "link", "set", port.Name, "address", port.MacAddress);
        await ns.IpAsync(ct, "link", "set", port.Name, "up");
        // The userspace datapath does not compute checksums for veths: TCP (and dnsmasq's UDP) need tx offload off.
        await TryAsync(ns.RunAsync("ethtool", ["-K", port.Name, "tx", "off"], ct));
        await shell.IpAsync(ct, "link", "set", port.Name, "up");
        await PluggedPorts.AddAsync(ovsdb, host, port.Name, port.PortId, port.MacAddress, port.LocalVlan, ct);
        return true;
    }

    private async Task UnplugAsync(string name, CancellationToken ct)
    {
        await PluggedPorts.RemoveAsync(ovsdb, name, ct);
        await shell.TryIpAsync(ct, "link", "del", name); // its namespace end goes with it
    }

    /// <summary>Our namespace ports on br-int (the owner mark, a device name of the L3 or DHCP agent) and their tags.</summary>
    private Task<Dictionary<string, int?>> PluggedAsync(CancellationToken ct) =>
        PluggedPorts.TagsAsync(ovsdb, host, n => n.StartsWith("qr-", StringComparison.Ordinal) || n.StartsWith("qg-", StringComparison.Ordinal) || (n.StartsWith("tap", StringComparison.Ordinal) && n.Length == 14), ct);

    /// <summary>Makes the device's global addresses exactly <paramref name="cidrs"/>.</summary>
    private static async Task AddressesAsync(HostShell ns, string device, IEnumerable<string> cidrs, CancellationToken ct)
    {
        var wanted = cidrs.Select(Canonical).ToHashSet(StringComparer.Ordinal);
        var real = (await ns.IpAsync(ct, "-o", "addr", "show", "dev", device, "scope", "global")).Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)).Where(f => f.Length > 3 && f[2] is "inet" or "inet6").Select(f => Canonical(f[3]))
            .ToHashSet(StringComparer.Ordinal);
        foreach (var add in wanted.Except(real))
        {
            await ns.IpAsync(ct, "addr", "add", add, "dev", device);
        }
        foreach (var remove in real.Except(wanted))
        {
            await ns.IpAsync(ct, "addr", "del", remove, "dev", device);
        }
    }

    private static string Canonical(string cidr) => System.Net.IPAddress.Parse(cidr[..cidr.IndexOf('/')]) + cidr[cidr.IndexOf('/')..];

    /// <summary>Makes the namespace's gateway routes (static and default; the connected ones are the kernel's) the model's.</summary>
    private static async Task RoutesAsync(HostShell ns, IReadOnlyList<NamespaceRoute> routes, CancellationToken ct)
    {
        var real = (await ns.IpAsync(ct, "-4", "route", "show")).Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Where(l => l.Contains(" via ", StringComparison.Ordinal)).Select(l => l.Trim()).ToList();
        var wanted = routes.Where(r => !r.Via!.Contains(':')).ToList();
        foreach (var route in wanted.Where(w => !real.Any(r => r.StartsWith($"{w.Destination} via {w.Via} dev {w.Device}", StringComparison.Ordinal))))
        {
            await TryAsync(ns.IpAsync(ct, "route", "replace", route.Destination, "via", route.Via!, "dev", route.Device)); // a nexthop not yet reachable: next reconcile
        }
        foreach (var line in real.Where(r => !wanted.Any(w => r.StartsWith($"{w.Destination} via {w.Via} dev {w.Device}", StringComparison.Ordinal))))
        {
            await TryAsync(ns.IpAsync(ct, ["route", "del", .. line.Split(' ', StringSplitOptions.RemoveEmptyEntries).TakeWhile(f => f != "proto")]));
        }
    }

    private static readonly string[] NatChains = ["PREROUTING", "OUTPUT", "POSTROUTING", "snat", "float-snat"];

    /// <summary>The namespace's nat table: the L3 agent's chains with the model's rules.</summary>
    private static Task NatAsync(HostShell ns, IReadOnlyList<string> rules, CancellationToken ct) =>
        TableAsync(ns, "nat", ["PREROUTING", "INPUT", "OUTPUT", "POSTROUTING"], [.. NatChains.Select(c => $"neutron-l3-agent-{c}")],
            ["-A PREROUTING -j neutron-l3-agent-PREROUTING", "-A OUTPUT -j neutron-l3-agent-OUTPUT", "-A POSTROUTING -j neutron-l3-agent-POSTROUTING",
             "-A POSTROUTING -j neutron-l3-agent-snat", "-A neutron-l3-agent-snat -j neutron-l3-agent-float-snat", .. rules], ct);

    /// <summary>The namespace's filter table: the router's address-scope chain.</summary>
    private static Task ScopeFilterAsync(HostShell ns, IReadOnlyList<string> rules, CancellationToken ct) =>
        TableAsync(ns, "filter", ["INPUT", "FORWARD", "OUTPUT"], ["neutron-l3-agent-scope"], ["-A FORWARD -j neutron-l3-agent-scope", .. rules], ct);

    /// <summary>
    /// One iptables table of a router's namespace, which is the agent's alone: compared with <c>iptables -S</c> and
    /// restored whole (built-in chains, the agent's chains, its rules) only when it differs.
    /// </summary>
    private static async Task TableAsync(HostShell ns, string table, string[] builtIn, string[] chains, IReadOnlyList<string> rules, CancellationToken ct)
    {
        List<string> wanted = [.. chains.Select(c => $"-N {c}"), .. rules];
        var real = (await ns.RunAsync("iptables", ["-t", table, "-S"], ct)).Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => !l.StartsWith("-P ", StringComparison.Ordinal)).ToList();
        if (real.Order(StringComparer.Ordinal).SequenceEqual(wanted.Order(StringComparer.Ordinal)))
        {
            return;
        }
        var restore = new System.Text.StringBuilder($"*{table}\n");
        foreach (var chain in builtIn)
        {
            restore.Append($":{chain} ACCEPT [0:0]\n");
        }
        foreach (var chain in chains)
        {
            restore.Append($":{chain} - [0:0]\n");
        }
        foreach (var line in rules)
        {
            restore.Append(line).Append('\n');
        }
        restore.Append("COMMIT\n");
        await ns.RunAsync("iptables-restore", [], ct, restore.ToString());
    }

    /// <summary>Writes dnsmasq's files for the network and starts it, or has it re-read them (SIGHUP) when they changed.</summary>
    private async Task DnsmasqAsync(HostShell ns, DhcpNamespace dhcp, CancellationToken ct)
    {
        var directory = Path.Combine(runDirectory, "dhcp", dhcp.NetworkId);
        Directory.CreateDirectory(directory);
        var changed = await WriteIfChangedAsync(Path.Combine(directory, "host"), dhcp.HostsFile, ct) | await WriteIfChangedAsync(Path.Combine(directory, "opts"), dhcp.OptsFile, ct);
        var pid = DnsmasqInstalled ? RunningDnsmasq(directory) : null;
        var ranges = dhcp.Subnets.Where(s => s.IpVersion == 4).Select(s => (s.SubnetId, Cidr: Cidr.Parse(s.Cidr)))
            .Select(s => $"--dhcp-range=set:subnet-{s.SubnetId},{s.Cidr.Address(s.Cidr.Network)},static,{Netmask(s.Cidr.PrefixLength)},86400s").ToList();
        if (pid is null)
        {
            if (ranges.Count == 0 || !DnsmasqInstalled)
            {
                return;
            }
            await OvsDaemons.RunDetachedAsync("ip",
            [
                "netns", "exec", ns.Namespace!, "dnsmasq",
                "--no-hosts", "--no-resolv", "--port=0", "--strict-order", "--except-interface=lo", "--bind-interfaces", $"--interface={dhcp.Tap.Name}",
                $"--pid-file={Path.Combine(directory, "pid")}", $"--dhcp-hostsfile={Path.Combine(directory, "host")}", $"--dhcp-optsfile={Path.Combine(directory, "opts")}",
                "--leasefile-ro", "--dhcp-authoritative", $"--domain={DnsmasqFiles.Domain}", $"--log-facility={Path.Combine(directory, "log")}", .. ranges,
            ], ct, Path.Combine(directory, "log"));
        }
        else if (changed)
        {
            await OvsDaemons.RunAsync("kill", ["-HUP", pid.Value.ToString(System.Globalization.CultureInfo.InvariantCulture)], ct);
        }
    }

    private static string Netmask(int prefix) => new System.Net.IPAddress(System.Buffers.Binary.BinaryPrimitives.ReverseEndianness(prefix == 0 ? 0u : uint.MaxValue << (32 - prefix))).ToString();

    private static async Task<bool> WriteIfChangedAsync(string path, IReadOnlyList<string> lines, CancellationToken ct)
    {
        var text = string.Concat(lines.Select(l => l + "\n"));
        if (File.Exists(path) && await File.ReadAllTextAsync(path, ct) == text)
        {
            return false;
        }
        await File.WriteAllTextAsync(path, text, ct);
        return true;
    }

    private static int? RunningDnsmasq(string directory) => OvsDaemons.RunningPid(Path.Combine(directory, "pid"), "dnsmasq");

    private static Task StopDnsmasqAsync(string directory, CancellationToken ct) => OvsDaemons.TerminateAsync(Path.Combine(directory, "pid"), "dnsmasq", ct);

    private static async Task TryAsync(Task task)
    {
        try
        {
            await task;
        }
        catch (HostCommandException)
        {
        }
    }
}
