using System.Diagnostics;

namespace Dashboard.Core.Ovs;

/// <summary>A host command (ip, ovs-vsctl, ovs-ofctl, iptables...) exited with an error; the message carries its stderr.</summary>
public sealed class HostCommandException(string message) : Exception(message);

/// <summary>
/// Userspace Open vSwitch (ovsdb-server + ovs-vswitchd, <c>datapath_type=netdev</c>) in a run
/// directory of its own: used when it is already running there, started otherwise, and stopped on
/// dispose only if this instance started it.
/// </summary>
public sealed class OvsDaemons : IAsyncDisposable
{
    private const string Schema = "/usr/share/openvswitch/vswitch.ovsschema";
    private readonly List<Process> _started = [];

    public string RunDirectory { get; }
    public string Socket => Path.Combine(RunDirectory, "db.sock");
    public bool StartedHere => _started.Count > 0;

    private OvsDaemons(string runDirectory) => RunDirectory = runDirectory;

    /// <summary>Whether this machine has userspace Open vSwitch at all.</summary>
    public static bool Installed => File.Exists("/usr/sbin/ovsdb-server") && File.Exists("/usr/sbin/ovs-vswitchd") && File.Exists(Schema);

    public static async Task<OvsDaemons> EnsureAsync(string runDirectory, CancellationToken ct = default)
    {
        var daemons = new OvsDaemons(runDirectory);
        if (File.Exists(daemons.Socket) && await daemons.AnswersAsync(ct))
        {
            return daemons;
        }
        Directory.CreateDirectory(runDirectory);
        var db = Path.Combine(runDirectory, "conf.db");
        File.Delete(db);
        await RunAsync("ovsdb-tool", ["create", db, Schema], ct);
        daemons._started.Add(Start(runDirectory, "/usr/sbin/ovsdb-server",
            [db, $"--remote=punix:{daemons.Socket}", $"--unixctl={Path.Combine(runDirectory, "ovsdb-server.ctl")}",
             $"--log-file={Path.Combine(runDirectory, "ovsdb-server.log")}", "-vconsole:off", "--no-chdir"]));
        for (var i = 0; i < 200 && !File.Exists(daemons.Socket); i++)
        {
            await Task.Delay(25, ct);
        }
        await RunAsync("ovs-vsctl", [$"--db=unix:{daemons.Socket}", "--no-wait", "init"], ct);
        daemons._started.Add(Start(runDirectory, "/usr/sbin/ovs-vswitchd",
            [$"unix:{daemons.Socket}", $"--unixctl={daemons.VswitchdControl}", $"--log-file={Path.Combine(runDirectory, "ovs-vswitchd.log")}", "-vconsole:off", "--no-chdir"]));
        for (var i = 0; i < 200 && !File.Exists(daemons.VswitchdControl); i++)
        {
            await Task.Delay(25, ct);
        }
        return daemons;
    }

    /// <summary>ovs-vswitchd's control socket (for ovs-ofctl and ovs-appctl).</summary>
    public string VswitchdControl => Path.Combine(RunDirectory, "ovs-vswitchd.ctl");

    /// <summary>Runs <c>ovs-ofctl</c> against a bridge of this ovs-vswitchd; returns its output.</summary>
    public Task<string> OfctlAsync(IReadOnlyList<string> args, string? input = null, CancellationToken ct = default) =>
        RunAsync("ovs-ofctl", args, ct, input, new Dictionary<string, string> { ["OVS_RUNDIR"] = RunDirectory });

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
    private static Process Start(string runDirectory, string file, string[] args)
    {
        var info = new ProcessStartInfo(file, args) { RedirectStandardError = true, RedirectStandardOutput = true };
        info.Environment["OVS_RUNDIR"] = runDirectory;
        return Process.Start(info) ?? throw new InvalidOperationException($"{file} did not start");
    }

    internal static async Task<string> RunAsync(string file, IReadOnlyList<string> args, CancellationToken ct, string? input = null, IReadOnlyDictionary<string, string>? environment = null)
    {
        var info = new ProcessStartInfo(file, args) { RedirectStandardError = true, RedirectStandardOutput = true, RedirectStandardInput = input is not null };
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[key] = value;
        }
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"{file} did not start");
        if (input is not null)
        {
            await process.StandardInput.WriteAsync(input);
            process.StandardInput.Close();
        }
        var output = process.StandardOutput.ReadToEndAsync(ct);
        var error = process.StandardError.ReadToEndAsync(ct);
        await process.WaitForExitAsync(ct);
        return process.ExitCode == 0 ? await output : throw new HostCommandException($"{file} {string.Join(' ', args)}: {(await error).Trim()}");
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var process in Enumerable.Reverse(_started))
        {
            if (!process.HasExited)
            {
                process.Kill();
                await process.WaitForExitAsync();
            }
            process.Dispose();
        }
        _started.Clear();
    }
}
