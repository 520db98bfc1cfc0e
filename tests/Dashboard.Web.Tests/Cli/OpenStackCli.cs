using System.Diagnostics;
using System.Text.Json.Nodes;

namespace Dashboard.Web.Tests.Cli;

/// <summary>Debian's real <c>openstack</c> command line (python3-openstackclient), password auth against /identity/v3.</summary>
public sealed class OpenStackCli(string baseUrl, string user, string password, string project)
{
    public const string Executable = "/usr/bin/openstack";

    public sealed record Result(int ExitCode, string Out, string Error)
    {
        public JsonNode Json => JsonNode.Parse(Out) ?? throw new InvalidOperationException("no JSON output");

        public string Value(string field) => Json[field]?.ToString() ?? "";
    }

    public static void RequireInstalled()
    {
        if (!File.Exists(Executable))
        {
            Assert.Fail($"{Executable} is missing: install Debian's python3-openstackclient (./test.sh does it).");
        }
    }

    /// <summary>The legacy <c>neutron</c> client (python3-neutronclient, a dependency of python3-openstackclient).</summary>
    public const string LegacyNeutron = "/usr/bin/neutron";

    public Task<Result> RunAsync(params string[] args) => RunAsync(Executable, args);

    public async Task<Result> RunAsync(string executable, string[] args)
    {
        var info = new ProcessStartInfo(executable, args) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var key in info.Environment.Keys.Where(k => k.StartsWith("OS_", StringComparison.Ordinal)).ToList())
        {
            info.Environment.Remove(key);
        }
        info.Environment["OS_AUTH_URL"] = $"{baseUrl}/identity/v3";
        info.Environment["OS_IDENTITY_API_VERSION"] = "3";
        info.Environment["OS_USERNAME"] = user;
        info.Environment["OS_PASSWORD"] = password;
        info.Environment["OS_PROJECT_NAME"] = project;
        info.Environment["OS_USER_DOMAIN_NAME"] = "Default";
        info.Environment["OS_PROJECT_DOMAIN_NAME"] = "Default";
        info.Environment["OS_INTERFACE"] = "public";
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        await process.WaitForExitAsync(timeout.Token);
        return new Result(process.ExitCode, await output, await error);
    }

    /// <summary>Runs and requires success; returns the result for its JSON.</summary>
    public async Task<Result> OkAsync(params string[] args)
    {
        var result = await RunAsync(args);
        Assert.True(result.ExitCode == 0, $"openstack {string.Join(' ', args)} failed ({result.ExitCode}): {result.Error}{result.Out}");
        return result;
    }

    /// <summary>Runs and requires failure; returns what the user reads.</summary>
    public async Task<string> FailsAsync(params string[] args)
    {
        var result = await RunAsync(args);
        Assert.True(result.ExitCode != 0, $"openstack {string.Join(' ', args)} should have failed: {result.Out}");
        return result.Error + result.Out;
    }
}
