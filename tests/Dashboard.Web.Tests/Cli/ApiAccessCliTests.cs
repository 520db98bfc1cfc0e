using System.Diagnostics;
using System.Net;

namespace Dashboard.Web.Tests.Cli;

/// <summary>
/// API Access's downloads work as they do from Horizon: the real openstack CLI, given only the downloaded clouds.yaml or
/// the sourced RC file and the password, reaches the product as the signed-in user and project.
/// </summary>
public class ApiAccessCliTests(RunningApp app) : IClassFixture<RunningApp>
{
    [Fact]
    public async Task The_downloaded_clouds_yaml_and_rc_file_drive_the_real_cli_as_the_user_and_project()
    {
        OpenStackCli.RequireInstalled();
        using var http = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer() }) { BaseAddress = new Uri(app.BaseUrl) };
        Assert.EndsWith("/login", (await http.GetAsync("/project/api-access/openrc")).RequestMessage!.RequestUri!.AbsolutePath); // not without signing in
        await RunningApp.SignInAsync(http, "demo", RunningApp.DemoPassword);
        var directory = Directory.CreateTempSubdirectory("api-access-");
        try
        {
            var clouds = await http.GetAsync("/project/api-access/clouds.yaml");
            var rc = await http.GetAsync("/project/api-access/openrc");
            Assert.Equal(("clouds.yaml", "demo-openrc.sh"), (clouds.Content.Headers.ContentDisposition?.FileNameStar ?? clouds.Content.Headers.ContentDisposition?.FileName,
                rc.Content.Headers.ContentDisposition?.FileNameStar ?? rc.Content.Headers.ContentDisposition?.FileName));
            var cloudsPath = Path.Combine(directory.FullName, "clouds.yaml");
            var rcPath = Path.Combine(directory.FullName, "demo-openrc.sh");
            await File.WriteAllBytesAsync(cloudsPath, await clouds.Content.ReadAsByteArrayAsync());
            await File.WriteAllBytesAsync(rcPath, await rc.Content.ReadAsByteArrayAsync());
            Assert.DoesNotContain(RunningApp.DemoPassword, await File.ReadAllTextAsync(cloudsPath) + await File.ReadAllTextAsync(rcPath));

            var viaClouds = await RunAsync("/usr/bin/openstack", ["--os-cloud", "openstack", "--os-password", RunningApp.DemoPassword, "network", "list", "-f", "value", "-c", "Name"],
                new() { ["OS_CLIENT_CONFIG_FILE"] = cloudsPath });
            var viaRc = await RunAsync("/bin/bash", ["-c", $". '{rcPath}' > /dev/null && openstack network list -f value -c Name && openstack token issue -f value -c project_id"],
                new(), stdin: RunningApp.DemoPassword + "\n");

            Assert.True(viaClouds.Code == 0, viaClouds.Error);
            Assert.True(viaRc.Code == 0, viaRc.Error);
            foreach (var output in new[] { viaClouds.Out, viaRc.Out })
            {
                Assert.Contains("private", output); // the demo project's network
                Assert.DoesNotContain("alt_private", output);
            }
            using var api = new HttpClient { BaseAddress = new Uri(app.BaseUrl) };
            Assert.Contains((await Dashboard.Web.Tests.Api.ApiSession.LoginAsync(api, "demo", RunningApp.DemoPassword, "demo")).ProjectId, viaRc.Out);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    // The CLI with none of the test's OS_* settings: only what the downloaded file gives it.
    private static async Task<(int Code, string Out, string Error)> RunAsync(string executable, string[] args, Dictionary<string, string> environment, string? stdin = null)
    {
        var info = new ProcessStartInfo(executable, args) { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
        foreach (var key in info.Environment.Keys.Where(k => k.StartsWith("OS_", StringComparison.Ordinal)).ToList())
        {
            info.Environment.Remove(key);
        }
        foreach (var (key, value) in environment)
        {
            info.Environment[key] = value;
        }
        using var process = Process.Start(info)!;
        await process.StandardInput.WriteAsync(stdin ?? "");
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output, await error);
    }
}
