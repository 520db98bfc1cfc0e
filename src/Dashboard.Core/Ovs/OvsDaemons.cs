using System.Diagnostics;

namespace Dashboard.Core.Ovs;

/// <summary>A host command (ip, ovs-vsctl, ovs-ofctl, iptables...) exited with an error; the message carries its stderr.</summary>
public sealed class HostCommandException(string message) : Exception(message);

/// <summary>
/// Userspace Open vSwitch (ovsdb-server + ovs-vswitchd, <c>datapath_type=netdev</c>) in a run
/// directory of its own: used when it is already running there, started otherwise, and stopped on
/// dispose only if the product started it. Daemons started here leave a mark in the run directory
/// (<see cref="StartedMark"/>) with their pid files, so a product restarted after being killed knows
/// the switch still running there is its own, adopts it, and stops it when it shuts down.
/// </summary>
public sealed class OvsDaemons : IAsyncDisposable
{
    private const string Schema = "/usr/share/openvswitch/vswitch.ovsschema";
    private static readonly string[] Daemons = ["ovs-vswitchd", "ovsdb-server"];
    private readonly List<Process> _started = [];

    public string RunDirectory { get; }
    public string Socket => Path.Combine(RunDirectory, "db.sock");

    /// <summary>Whether the product started these daemons (now, or before a restart): they are stopped on dispose.</summary>
    public bool StartedHere { get; private set; }

    /// <summary>Whether they were found running, left by an earlier product instance that did not shut down.</summary>
    public bool Adopted { get; private set; }

    private string StartedMark => Path.Combine(RunDirectory, "started-by-dashboard");

    private OvsDaemons(string runDirectory) => RunDirectory = runDirectory;

    /// <summary>Whether this machine has userspace Open vSwitch at all.</summary>
    public static bool Installed => File.Exists("/usr/sbin/ovsdb-server") && File.Exists("/usr/sbin/ovs-vswitchd") && File.Exists(Schema);

    /// <summary>The daemons running in <paramref name="runDirectory"/>, to look at (never started, never stopped by this handle); null when none answer.</summary>
    public static async Task<OvsDaemons?> AttachAsync(string runDirectory, CancellationToken ct = default)
    {
        var daemons = new OvsDaemons(runDirectory);
        return File.Exists(daemons.Socket) && await daemons.AnswersAsync(ct) ? daemons : null;
    }

    /// <summary>
    /// The daemons of <paramref name="runDirectory"/>: adopted when running (ours from an earlier run, or
    /// anyone's), started otherwise, in <paramref name="shell"/>'s network namespace (this machine's by default).
    /// </summary>
    public static async Task<OvsDaemons> EnsureAsync(string runDirectory, CancellationToken ct = default, HostShell? shell = null)
    {
        shell ??= HostShell.Root;
        var daemons = new OvsDaemons(runDirectory);
        var ours = File.Exists(daemons.StartedMark);
        if (File.Exists(daemons.Socket) && await daemons.AnswersAsync(ct) && (!ours || daemons.RunningProcess("ovs-vswitchd") is not null))
        {
            daemons.StartedHere = daemons.Adopted = ours;
            return daemons;
        }
        if (ours)
        {
            // What is left of the pair an earlier run started (one of them died or was killed) goes, so both start clean.
            foreach (var daemon in Daemons)
            {
                using var leftover = daemons.RunningProcess(daemon);
                if (leftover is not null)
                {
                    leftover.Kill();
                    await leftover.WaitForExitAsync(ct);
                }
            }
        }
        Directory.CreateDirectory(runDirectory);
        // Stale sockets would make the waits below return before the new daemons listen.
        foreach (var stale in new[] { daemons.Socket, daemons.VswitchdControl, Path.Combine(runDirectory, "ovsdb-server.ctl") })
        {
            File.Delete(stale);
        }
        await File.WriteAllTextAsync(daemons.StartedMark, "ovsdb-server and ovs-vswitchd of this directory were started by the Dashboard's OVS agent\n", ct);
        daemons.StartedHere = true;
        var db = Path.Combine(runDirectory, "conf.db");
        File.Delete(db);
        await RunAsync("ovsdb-tool", ["create", db, Schema], ct);
        daemons._started.Add(Start(shell, runDirectory, "/usr/sbin/ovsdb-server",
            [db, $"--remote=punix:{daemons.Socket}", $"--unixctl={Path.Combine(runDirectory, "ovsdb-server.ctl")}",
             $"--log-file={Path.Combine(runDirectory, "ovsdb-server.log")}", $"--pidfile={daemons.PidFile("ovsdb-server")}", "-vconsole:off", "--no-chdir"]));
        for (var i = 0; i < 200 && !File.Exists(daemons.Socket); i++)
        {
            await Task.Delay(25, ct);
        }
        await RunAsync("ovs-vsctl", [$"--db=unix:{daemons.Socket}", "--no-wait", "init"], ct);
        daemons._started.Add(Start(shell, runDirectory, "/usr/sbin/ovs-vswitchd",
            [$"unix:{daemons.Socket}", $"--unixctl={daemons.VswitchdControl}", $"--log-file={Path.Combine(runDirectory, "ovs-vswitchd.log")}", $"--pidfile={daemons.PidFile("ovs-vswitchd")}", "-vconsole:off", "--no-chdir"]));
        for (var i = 0; i < 200 && !File.Exists(daemons.VswitchdControl); i++)
        {
            await Task.Delay(25, ct);
        }
        return daemons;
    }

    private string PidFile(string daemon) => Path.Combine(RunDirectory, $"{daemon}.pid");

    /// <summary>ovs-vswitchd's control socket (for ovs-ofctl and ovs-appctl).</summary>
    public string VswitchdControl => Path.Combine(RunDirectory, "ovs-vswitchd.ctl");

    /// <summary>Runs <c>ovs-ofctl</c> against a bridge of this ovs-vswitchd; returns its output.</summary>
    public Task<string> OfctlAsync(IReadOnlyList<string> args, string? input = null, CancellationToken ct = default) =>
        RunAsync("ovs-ofctl", args, ct, input, new Dictionary<string, string> { ["OVS_RUNDIR"] = RunDirectory });

    /// <summary>Runs <c>ovs-appctl</c> against this ovs-vswitchd (e.g. <c>ofproto/trace</c>); returns its output.</summary>
    public Task<string> AppctlAsync(IReadOnlyList<string> args, CancellationToken ct = default) =>
        RunAsync("ovs-appctl", ["-t", VswitchdControl, .. args], ct);

    /// <summary>Runs <c>ovs-vsctl</c> against this ovsdb-server without waiting for ovs-vswitchd (e.g. <c>show</c>).</summary>
    public Task<string> VsctlAsync(IReadOnlyList<string> args, CancellationToken ct = default) =>
        RunAsync("ovs-vsctl", [$"--db=unix:{Socket}", "--no-wait", .. args], ct);

    private async Task<bool> AnswersAsync(CancellationToken ct)
    {
        try
        {
            await using var client = await OvsdbClient.ConnectAsync(Socket, ct);
            return (await client.ListDbsAsync(ct)).Contains("Open_vSwitch");
        }
        catch (Exception e) when (e is System.Net.Sockets.SocketException or OvsdbException or IOException)
        {
            return false;
        }
    }

    /// <summary>A daemon with its run directory (OVS_RUNDIR): its bridges' management sockets land there too.</summary>
    private static Process Start(HostShell shell, string runDirectory, string file, string[] args)
    {
        var info = shell.DaemonStartInfo(file, args);
        info.Environment["OVS_RUNDIR"] = runDirectory;
        return Process.Start(info) ?? throw new InvalidOperationException($"{file} did not start");
    }

    /// <summary>Host commands run so far and the time they took, by program (the one run inside <c>ip netns exec</c>): where a reconcile's time goes.</summary>
    public static IReadOnlyDictionary<string, (int Count, TimeSpan Time)> CommandsRun => Tally.ToDictionary(t => t.Key, t => t.Value);

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, (int Count, TimeSpan Time)> Tally = new(StringComparer.Ordinal);

    private static void Count(string file, IReadOnlyList<string> args, TimeSpan took)
    {
        var program = file == "ip" && args.Count > 3 && args[0] == "netns" && args[1] == "exec" ? args[3] : file;
        Tally.AddOrUpdate(program, (1, took), (_, t) => (t.Count + 1, t.Time + took));
    }

    internal static async Task<string> RunAsync(string file, IReadOnlyList<string> args, CancellationToken ct, string? input = null, IReadOnlyDictionary<string, string>? environment = null)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            return await RunOnceAsync(file, args, ct, input, environment);
        }
        finally
        {
            Count(file, args, Stopwatch.GetElapsedTime(started));
        }
    }

    private static async Task<string> RunOnceAsync(string file, IReadOnlyList<string> args, CancellationToken ct, string? input, IReadOnlyDictionary<string, string>? environment)
    {
        var info = new ProcessStartInfo(file, args) { RedirectStandardError = true, RedirectStandardOutput = true, RedirectStandardInput = input is not null };
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[key] = value;
        }
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"{file} did not start");
        // A host command that hangs must not hang the agent (and with it the product's shutdown): it is killed after a while.
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(ct);
        limit.CancelAfter(CommandTimeout);
        try
        {
            if (input is not null)
            {
                await process.StandardInput.WriteAsync(input.AsMemory(), limit.Token);
                process.StandardInput.Close();
            }
            var output = process.StandardOutput.ReadToEndAsync(limit.Token);
            var error = process.StandardError.ReadToEndAsync(limit.Token);
            await process.WaitForExitAsync(limit.Token);
            return process.ExitCode == 0 ? await output : throw new HostCommandException($"{file} {string.Join(' ', args)}: {(await error).Trim()}");
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            Kill(process);
            throw new HostCommandException($"{file} {string.Join(' ', args)}: did not finish within {CommandTimeout.TotalSeconds:F0} s (killed)");
        }
    }

    /// <summary>How long a host command may take before it is taken for hung.</summary>
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(60);

    private static void Kill(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // exited meanwhile
        }
    }

    /// <summary>
    /// Runs a program that detaches itself (dnsmasq, dhclient -nw): only the launcher's exit is awaited, its
    /// output is not read, since the detached daemon may keep the launcher's pipes open for its whole life.
    /// A non-zero exit is an error; <paramref name="log"/> (a file the daemon writes) says why.
    /// </summary>
    internal static async Task RunDetachedAsync(string file, IReadOnlyList<string> args, CancellationToken ct, string? log = null)
    {
        var info = new ProcessStartInfo(file, args) { RedirectStandardError = true, RedirectStandardOutput = true, RedirectStandardInput = true };
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"{file} did not start");
        process.StandardInput.Close();
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(ct);
        limit.CancelAfter(CommandTimeout);
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            Kill(process);
            throw new HostCommandException($"{file} {string.Join(' ', args)}: did not detach within {CommandTimeout.TotalSeconds:F0} s (killed)");
        }
        if (process.ExitCode != 0)
        {
            // The launcher failed, so no daemon holds its pipes: what it said is there to read (briefly waited for, in case one does).
            using var brief = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            var stderr = await process.StandardError.ReadToEndAsync(brief.Token).ContinueWith(t => t.IsCompletedSuccessfully ? t.Result.Trim() : "", TaskScheduler.Default);
            var said = log is not null && File.Exists(log) ? string.Join(" | ", File.ReadLines(log).TakeLast(3)) : "";
            throw new HostCommandException($"{file} {string.Join(' ', args)}: exit code {process.ExitCode}{(stderr.Length > 0 ? $": {stderr}" : "")}{(said.Length > 0 ? $" (its log: {said})" : "")}");
        }
    }

    /// <summary>
    /// Stops the daemons if the product started them: ovs-vswitchd with <c>exit --cleanup</c> (it
    /// removes its datapath and the interfaces it made), then ovsdb-server; a daemon that does not
    /// exit in time is killed. Daemons found running and not started by the product are left alone.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        if (!StartedHere)
        {
            return;
        }
        foreach (var daemon in Daemons)
        {
            var process = RunningProcess(daemon);
            if (process is null)
            {
                continue;
            }
            using (process)
            {
                try
                {
                    var control = Path.Combine(RunDirectory, $"{daemon}.ctl");
                    await RunAsync("ovs-appctl", daemon == "ovs-vswitchd" ? ["-t", control, "exit", "--cleanup"] : ["-t", control, "exit"], CancellationToken.None);
                    using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                    await process.WaitForExitAsync(timeout.Token);
                }
                catch (Exception e) when (e is HostCommandException or OperationCanceledException or System.ComponentModel.Win32Exception)
                {
                    if (!process.HasExited)
                    {
                        process.Kill();
                        await process.WaitForExitAsync();
                    }
                }
            }
        }
        foreach (var process in _started)
        {
            process.Dispose();
        }
        _started.Clear();
        File.Delete(StartedMark);
        StartedHere = false;
    }

    /// <summary>Whether this directory's ovs-vswitchd runs (its pid file names a live ovs-vswitchd).</summary>
    public bool VswitchdRunning
    {
        get
        {
            using var process = RunningProcess("ovs-vswitchd");
            return process is not null;
        }
    }

    /// <summary>The daemon's process, from the one started here or its pid file; null when it is not running.</summary>
    private Process? RunningProcess(string daemon)
    {
        try
        {
            return RunningPid(PidFile(daemon), daemon) is { } pid ? Process.GetProcessById(pid) : null;
        }
        catch (ArgumentException)
        {
            return null; // gone meanwhile
        }
    }

    /// <summary>
    /// The pid written in <paramref name="pidFile"/> when it names a running <paramref name="program"/> (by its
    /// <c>/proc/&lt;pid&gt;/comm</c>); null when there is no such file, the process is gone (or a zombie), or the pid is another program's now.
    /// </summary>
    internal static int? RunningPid(string pidFile, string program)
    {
        try
        {
            var pid = int.Parse(File.ReadAllText(pidFile).Trim(), System.Globalization.CultureInfo.InvariantCulture);
            var stat = File.ReadAllText($"/proc/{pid}/stat"); // "pid (comm) state ...": a zombie (Z) has exited
            return File.ReadAllText($"/proc/{pid}/comm").Trim() == program && stat[(stat.LastIndexOf(')') + 2)..].StartsWith('Z') is false ? pid : null;
        }
        catch (Exception e) when (e is IOException or FormatException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>Asks the <paramref name="program"/> of <paramref name="pidFile"/> to stop (SIGTERM), if it runs; one gone meanwhile is fine.</summary>
    internal static async Task TerminateAsync(string pidFile, string program, CancellationToken ct)
    {
        if (RunningPid(pidFile, program) is not { } pid)
        {
            return;
        }
        try
        {
            await RunAsync("kill", [pid.ToString(System.Globalization.CultureInfo.InvariantCulture)], ct);
        }
        catch (HostCommandException)
        {
            // gone meanwhile
        }
    }
}
