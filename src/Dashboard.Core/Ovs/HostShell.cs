using System.Diagnostics;

namespace Dashboard.Core.Ovs;

/// <summary>
/// Where a realised host's commands run: this machine's own network namespace (the one host of
/// <c>Agent:OvsHost</c>) or the host's own namespace <c>dash-host-&lt;name&gt;</c> (each host of
/// <c>Agent:OvsHosts</c>). Its links, Linux bridges, iptables and ipsets live there; named network
/// namespaces (the VMs', the wire's) are machine-wide and are made with <see cref="GlobalIpAsync"/>.
/// </summary>
public sealed record HostShell(string? Namespace)
{
    public const string HostNamespacePrefix = "dash-host-";

    /// <summary>This machine's own network namespace.</summary>
    public static readonly HostShell Root = new((string?)null);

    /// <summary>The namespace a host of <c>Agent:OvsHosts</c> lives in.</summary>
    public static HostShell Of(string host) => new(HostNamespacePrefix + host);

    /// <summary><c>ip</c> in this host's namespace (links, bridges, addresses).</summary>
    public Task<string> IpAsync(CancellationToken ct, params string[] args) =>
        Namespace is null ? OvsDaemons.RunAsync("ip", args, ct) : OvsDaemons.RunAsync("ip", ["-n", Namespace, .. args], ct);

    /// <summary>Several <c>ip</c> commands (without the <c>ip</c>) in this host's namespace, in one process (<c>ip -batch</c>); the first failing one ends it with its error.</summary>
    public Task<string> IpBatchAsync(CancellationToken ct, IReadOnlyList<string> commands) =>
        Namespace is null
            ? OvsDaemons.RunAsync("ip", ["-batch", "-"], ct, string.Join('\n', commands) + "\n")
            : OvsDaemons.RunAsync("ip", ["-n", Namespace, "-batch", "-"], ct, string.Join('\n', commands) + "\n");

    /// <summary>A best-effort <see cref="IpAsync"/> (removing what may not exist): its failure is expected and ignored; cancellation is not.</summary>
    public async Task TryIpAsync(CancellationToken ct, params string[] args)
    {
        try
        {
            await IpAsync(ct, args);
        }
        catch (HostCommandException)
        {
        }
    }

    /// <summary><c>ip</c> in this machine's namespace, for what is machine-wide: named namespaces (<c>netns add/del/list</c>) and <c>ip -n &lt;other&gt;</c>.</summary>
    public static Task<string> GlobalIpAsync(CancellationToken ct, params string[] args) => OvsDaemons.RunAsync("ip", args, ct);

    /// <summary>A program (iptables, ipset, sysctl...) in this host's namespace; returns its output.</summary>
    public Task<string> RunAsync(string file, IReadOnlyList<string> args, CancellationToken ct, string? input = null) =>
        Namespace is null ? OvsDaemons.RunAsync(file, args, ct, input) : OvsDaemons.RunAsync("ip", ["netns", "exec", Namespace, file, .. args], ct, input);

    /// <summary>The names of this namespace's links (a veth's <c>@peer</c> cut off).</summary>
    public async Task<HashSet<string>> LinksAsync(CancellationToken ct = default) =>
        (await IpAsync(ct, "-o", "link", "show")).Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => l.Split(':', 3)[1].Trim().Split('@')[0]).ToHashSet(StringComparer.Ordinal);

    /// <summary>Whether this host's namespace has a network interface of that name.</summary>
    public async Task<bool> HasInterfaceAsync(string name, CancellationToken ct = default)
    {
        if (name.Length == 0 || name.Contains('/'))
        {
            return false;
        }
        if (Namespace is null)
        {
            return Directory.Exists(Path.Combine("/sys/class/net", name));
        }
        try
        {
            await IpAsync(ct, "link", "show", "dev", name);
            return true;
        }
        catch (HostCommandException)
        {
            return false;
        }
    }

    /// <summary>
    /// How a daemon of this host starts: in its namespace, and in a session of its own (<c>setsid</c>),
    /// so that Ctrl+C or a SIGTERM to the product's process group does not reach it: the product
    /// stops it after it has cleaned up, not before.
    /// </summary>
    public ProcessStartInfo DaemonStartInfo(string file, IReadOnlyList<string> args)
    {
        IReadOnlyList<string> command = Namespace is null ? [file, .. args] : ["ip", "netns", "exec", Namespace, file, .. args];
        return new ProcessStartInfo("setsid", command) { RedirectStandardError = true, RedirectStandardOutput = true };
    }

    /// <summary>The named network namespaces of this machine.</summary>
    public static async Task<List<string>> NamespacesAsync(CancellationToken ct = default) =>
        (await GlobalIpAsync(ct, "netns", "list")).Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split(' ')[0]).ToList();

    /// <summary>Makes this host's namespace if it has none yet (with its loopback up); nothing for the machine's own.</summary>
    public async Task EnsureNamespaceAsync(CancellationToken ct = default)
    {
        if (Namespace is null || (await NamespacesAsync(ct)).Contains(Namespace))
        {
            return;
        }
        await GlobalIpAsync(ct, "netns", "add", Namespace);
        await IpAsync(ct, "link", "set", "lo", "up");
    }
}
