using Dashboard.Core.Ovs;

namespace Dashboard.Core.Tests.Ovs;

/// <summary>How the agent finds the daemons it started (pid files) and starts the ones that detach themselves.</summary>
public sealed class HostCommandTests
{
    [Fact]
    public void A_pid_file_names_a_running_program_only_while_that_program_runs_under_that_pid()
    {
        var file = Path.Combine(Path.GetTempPath(), $"pid-{Guid.NewGuid():N}");
        try
        {
            var self = Environment.ProcessId;
            var comm = File.ReadAllText($"/proc/{self}/comm").Trim();
            File.WriteAllText(file, $"{self}\n");
            Assert.Equal(self, OvsDaemons.RunningPid(file, comm));
            Assert.Null(OvsDaemons.RunningPid(file, "dnsmasq")); // the pid is another program's now
            File.WriteAllText(file, "not a pid");
            Assert.Null(OvsDaemons.RunningPid(file, comm));
            File.Delete(file);
            Assert.Null(OvsDaemons.RunningPid(file, comm));
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task A_detaching_program_that_fails_says_why_from_its_log()
    {
        var log = Path.Combine(Path.GetTempPath(), $"log-{Guid.NewGuid():N}");
        await File.WriteAllLinesAsync(log, ["started", "dnsmasq: failed to bind DHCP server socket: Address in use"]);
        try
        {
            var error = await Assert.ThrowsAsync<HostCommandException>(() => OvsDaemons.RunDetachedAsync("sh", ["-c", "exit 3"], default, log));
            Assert.Contains("Address in use", error.Message);
            // The launcher's exit is enough, whoever keeps its pipes open (here a child for ten minutes; reading them to the end would wait for it).
            using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await OvsDaemons.RunDetachedAsync("sh", ["-c", "(sleep 599.25 &) ; exit 0"], limit.Token);
        }
        finally
        {
            File.Delete(log);
            using var kill = System.Diagnostics.Process.Start("pkill", ["-f", "sleep 599.25"]);
            await kill.WaitForExitAsync();
        }
    }
}
