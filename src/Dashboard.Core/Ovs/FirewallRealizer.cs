using Dashboard.Core.Dataplane;

namespace Dashboard.Core.Ovs;

/// <summary>
/// Applies the hybrid firewall the model derives (<see cref="HybridFirewall"/>) to the host's real
/// iptables and ipsets: its own <c>neutron-openvswi-*</c> chains are replaced as a whole
/// (<c>iptables-restore --noflush</c> flushes only the chains it names), the jumps from FORWARD
/// and INPUT are added once, stale port chains are dropped; ipsets <c>NIPv4…</c> are rewritten, and those no rule needs any more destroyed.
/// Nothing else in the filter table is touched. Matching on the qbr's ports needs br_netfilter
/// (<c>net.bridge.bridge-nf-call-iptables = 1</c>), which it turns on as Neutron's agent does.
/// </summary>
public sealed class FirewallRealizer(HostShell? shell = null, HostReads? reads = null)
{
    private readonly HostShell _shell = shell ?? HostShell.Root;

    private static readonly string[] BuiltIns = ["FORWARD", "INPUT"];

    private const string BridgeNf = "net.bridge.bridge-nf-call-iptables";

    /// <summary>Starts the reads a pass of this realiser makes on <paramref name="shell"/>'s host whatever it finds, to be taken by it.</summary>
    public static void StartReads(HostReads reads, HostShell shell, CancellationToken ct)
    {
        if (File.Exists("/proc/sys/net/bridge/bridge-nf-call-iptables"))
        {
            reads.Start(BridgeNf, () => ReadBridgeNfAsync(shell, ct));
        }
        reads.Start("iptables-save", () => ReadFilterAsync(shell, ct));
        reads.Start("ipset save", () => ReadSetsAsync(shell, ct));
    }

    private static Task<string> ReadBridgeNfAsync(HostShell shell, CancellationToken ct) => shell.RunAsync("sysctl", ["-n", BridgeNf], ct);

    private static Task<string> ReadFilterAsync(HostShell shell, CancellationToken ct) => shell.RunAsync("iptables-save", ["-t", "filter"], ct);

    private static Task<string> ReadSetsAsync(HostShell shell, CancellationToken ct) => shell.RunAsync("ipset", ["save"], ct);

    public async Task ApplyAsync(HostDataplane plane, CancellationToken ct = default)
    {
        // Per network namespace: the host's own when it has one.
        if (File.Exists("/proc/sys/net/bridge/bridge-nf-call-iptables") && (await HostReads.TakeAsync(reads, BridgeNf, () => ReadBridgeNfAsync(_shell, ct))).Trim() != "1")
        {
            await _shell.RunAsync("sysctl", ["-q", "-w", $"{BridgeNf}=1"], ct);
        }

        // What is there already: when it is the model's, nothing is rewritten (the restore of a host's chains is most of a resync).
        var wanted = plane.IptablesSave().Split('\n', StringSplitOptions.RemoveEmptyEntries).ToList();
        var setsSaved = plane.IpsetSave();
        if (await InPlaceAsync(wanted, setsSaved, ct))
        {
            return;
        }

        // Sets first: the rules refer to them.
        var sets = new List<string>();
        foreach (var line in setsSaved.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            sets.Add(line);
            if (line.StartsWith("create ", StringComparison.Ordinal))
            {
                sets.Add($"flush {line.Split(' ')[1]}");
            }
        }
        if (sets.Count > 0)
        {
            await _shell.RunAsync("ipset", ["restore", "-exist"], ct, string.Join('\n', sets) + "\n");
        }

        var body = wanted.Where(l => !BuiltIns.Any(b => l.StartsWith($"-A {b} ", StringComparison.Ordinal))).ToList();
        await _shell.RunAsync("iptables-restore", ["--noflush"], ct, string.Join('\n', body) + "\n");
        foreach (var builtIn in BuiltIns)
        {
            var jump = new[] { builtIn, "-j", $"{HybridFirewall.Prefix}-{builtIn}" };
            if (!await SucceedsAsync(["-C", .. jump], ct))
            {
                await _shell.RunAsync("iptables", ["-I", .. jump], ct);
            }
        }

        // Port chains of ports that are gone: nothing refers to them any more after the restore above.
        var declared = wanted.Where(l => l.StartsWith(':')).Select(l => l[1..l.IndexOf(' ')]).ToHashSet(StringComparer.Ordinal);
        foreach (var stale in (await OwnChainsAsync(ct, _shell)).Where(c => !declared.Contains(c)))
        {
            await _shell.RunAsync("iptables", ["-F", stale], ct);
            await _shell.RunAsync("iptables", ["-X", stale], ct);
        }

        // Sets of groups no rule here refers to any more (their last port went): no rule uses them now.
        var wantedSets = setsSaved.Split('\n').Where(l => l.StartsWith("create ", StringComparison.Ordinal)).Select(l => l.Split(' ')[1]).ToHashSet(StringComparer.Ordinal);
        foreach (var stale in (await OwnSetsAsync(ct, _shell)).Where(s => !wantedSets.Contains(s)))
        {
            await _shell.RunAsync("ipset", ["destroy", stale], ct);
        }
    }

    /// <summary>
    /// Whether the host's firewall is the model's already: the same chains of ours with the same rules in
    /// the same order, both jumps from the built-in chains, and the same sets with the same members.
    /// Two reads (<c>iptables-save</c>, <c>ipset save</c>) instead of a restore of every chain.
    /// </summary>
    private async Task<bool> InPlaceAsync(IReadOnlyList<string> wanted, string wantedSets, CancellationToken ct)
    {
        var saved = (await HostReads.TakeAsync(reads, "iptables-save", () => ReadFilterAsync(_shell, ct))).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var ours = $"{HybridFirewall.Prefix}-";
        static string ChainOf(string rule) => rule.Split(' ', 3)[1];
        var realChains = saved.Where(l => l.StartsWith($":{ours}", StringComparison.Ordinal)).Select(l => l[1..l.IndexOf(' ')]).Order(StringComparer.Ordinal);
        var wantedChains = wanted.Where(l => l.StartsWith(':')).Select(l => l[1..l.IndexOf(' ')]).Order(StringComparer.Ordinal);
        if (!realChains.SequenceEqual(wantedChains, StringComparer.Ordinal)
            || BuiltIns.Any(b => !saved.Contains($"-A {b} -j {ours}{b}", StringComparer.Ordinal)))
        {
            return false;
        }
        var realRules = saved.Where(l => l.StartsWith($"-A {ours}", StringComparison.Ordinal)).GroupBy(ChainOf).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        var wantedRules = wanted.Where(l => l.StartsWith($"-A {ours}", StringComparison.Ordinal)).Select(AsSaved).GroupBy(ChainOf).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        if (realRules.Count != wantedRules.Count || wantedRules.Any(w => !realRules.TryGetValue(w.Key, out var real) || !real.SequenceEqual(w.Value, StringComparer.Ordinal)))
        {
            return false;
        }
        // Sets: names and members (ipset save adds its own creation options, so the create lines are compared by name only).
        static IEnumerable<string> Members(IEnumerable<string> lines) => lines
            .Where(l => l.StartsWith("add NIPv4", StringComparison.Ordinal) || l.StartsWith("create NIPv4", StringComparison.Ordinal))
            .Select(l => l.StartsWith("create ", StringComparison.Ordinal) ? "create " + l.Split(' ')[1] : l.Trim()).Order(StringComparer.Ordinal);
        var realSets = (await HostReads.TakeAsync(reads, "ipset save", () => ReadSetsAsync(_shell, ct))).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        return Members(realSets).SequenceEqual(Members(wantedSets.Split('\n', StringSplitOptions.RemoveEmptyEntries)), StringComparer.Ordinal);
    }

    /// <summary>
    /// A rule as <c>iptables-save</c> prints it: a protocol's match module named once (Neutron writes
    /// <c>-m udp --sport 67 -m udp --dport 68</c>, iptables keeps one <c>-m udp</c>) and MAC addresses in
    /// lower case (Neutron writes them upper case).
    /// </summary>
    public static string AsSaved(string rule)
    {
        var tokens = rule.Split(' ');
        var kept = new List<string>(tokens.Length);
        var modules = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < tokens.Length; i++)
        {
            if (tokens[i] == "-m" && i + 1 < tokens.Length && tokens[i + 1] is "udp" or "tcp" && !modules.Add(tokens[i + 1]))
            {
                i++; // the module again: iptables merged it into the first
                continue;
            }
            kept.Add(i > 0 && tokens[i - 1] == "--mac-source" ? tokens[i].ToLowerInvariant() : tokens[i]);
        }
        return string.Join(' ', kept);
    }

    /// <summary>The ipsets of the hybrid firewall (remote groups' members).</summary>
    public static async Task<List<string>> OwnSetsAsync(CancellationToken ct = default, HostShell? shell = null) =>
        (await (shell ?? HostShell.Root).RunAsync("ipset", ["list", "-n"], ct)).Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Where(s => s.StartsWith("NIPv4", StringComparison.Ordinal)).ToList();

    /// <summary>Removes every chain, jump and ipset of the hybrid firewall this product made.</summary>
    public async Task RemoveAllAsync(CancellationToken ct = default)
    {
        foreach (var builtIn in BuiltIns)
        {
            while (await SucceedsAsync(["-D", builtIn, "-j", $"{HybridFirewall.Prefix}-{builtIn}"], ct))
            {
            }
        }
        var chains = await OwnChainsAsync(ct, _shell);
        foreach (var chain in chains)
        {
            await _shell.RunAsync("iptables", ["-F", chain], ct);
        }
        foreach (var chain in chains)
        {
            await _shell.RunAsync("iptables", ["-X", chain], ct);
        }
        foreach (var set in await OwnSetsAsync(ct, _shell))
        {
            await _shell.RunAsync("ipset", ["destroy", set], ct);
        }
    }

    /// <summary>The filter table's chains that belong to the hybrid firewall.</summary>
    public static async Task<List<string>> OwnChainsAsync(CancellationToken ct = default, HostShell? shell = null) =>
        (await (shell ?? HostShell.Root).RunAsync("iptables", ["-S"], ct)).Split('\n')
            .Where(l => l.StartsWith($"-N {HybridFirewall.Prefix}-", StringComparison.Ordinal)).Select(l => l[3..].Trim()).ToList();

    private async Task<bool> SucceedsAsync(string[] args, CancellationToken ct)
    {
        try
        {
            await _shell.RunAsync("iptables", args, ct);
            return true;
        }
        catch (HostCommandException)
        {
            return false;
        }
    }
}
