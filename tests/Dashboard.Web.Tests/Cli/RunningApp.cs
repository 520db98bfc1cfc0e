using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Microsoft.Data.Sqlite;

namespace Dashboard.Web.Tests.Cli;

/// <summary>The product as an operator runs it: its own process on a free loopback port, a fresh database, a known admin password.</summary>
public sealed partial class RunningApp : IAsyncLifetime
{
    public const string AdminPassword = "cli-admin-pw";
    public const string DemoPassword = "cli-demo-pw";

    private Process? _process;
    private readonly string _database;
    private readonly IReadOnlyDictionary<string, string> _settings;

    public RunningApp() : this(Path.Combine(Path.GetTempPath(), "dashboard-cli-tests", $"{Guid.NewGuid():N}.db"), new Dictionary<string, string>())
    {
    }

    /// <summary>On a given database file (a drill puts it on a small file system), with extra settings (<c>Agent__ReportIntervalSeconds</c>...).</summary>
    internal RunningApp(string database, IReadOnlyDictionary<string, string> settings) => (_database, _settings) = (database, settings);

    public string BaseUrl { get; private set; } = "";

    /// <summary>Given the address in <c>ASPNETCORE_URLS</c>, as a service manager would, instead of <c>--urls</c>.</summary>
    public bool UrlsFromEnvironment { get; init; }

    public string DatabasePath => _database;

    /// <summary>
    /// Started as a terminal starts a command: the leader of a process group of its own (<c>setsid</c>), so that
    /// <see cref="InterruptGroupAsync"/> can do what Ctrl+C does, a signal to the whole group at once.
    /// </summary>
    public bool OwnProcessGroup { get; init; }

    /// <summary>Resident memory of the product process now (VmRSS), in MB.</summary>
    public double ResidentMegabytes()
    {
        var line = File.ReadLines($"/proc/{_process!.Id}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) / 1024.0;
    }

    /// <summary>What the product printed (stdout and stderr) since it was last started, line by line.</summary>
    public System.Collections.Concurrent.ConcurrentQueue<string> Output { get; } = new();

    /// <summary>
    /// Kills the process outright (SIGKILL): no shutdown, no flush, as a crash would. With
    /// <paramref name="entireProcessTree"/> false, what it started (Open vSwitch) lives on, as after a real crash.
    /// </summary>
    public void KillHard(bool entireProcessTree = true)
    {
        _process?.Kill(entireProcessTree);
        _process?.WaitForExit(10_000);
    }

    public bool IsRunning => _process is { HasExited: false };

    /// <summary>Stops the product as an operator does (SIGTERM): it shuts down in order. Returns its exit code.</summary>
    public async Task<int> StopAsync(TimeSpan timeout)
    {
        using (var kill = Process.Start("kill", ["-TERM", _process!.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }
        using var wait = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(wait.Token);
        return _process.ExitCode;
    }

    /// <summary>Ctrl+C in a terminal: SIGINT to the product's whole process group at once (<see cref="OwnProcessGroup"/>). Returns its exit code.</summary>
    public async Task<int> InterruptGroupAsync(TimeSpan timeout)
    {
        if (!OwnProcessGroup)
        {
            throw new InvalidOperationException("the product was not started as the leader of its own process group");
        }
        using (var kill = Process.Start("kill", ["-INT", "--", $"-{_process!.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)}"]))
        {
            await kill.WaitForExitAsync();
        }
        // The product's own exit, not the end of its output: WaitForExitAsync would also wait for every process
        // that may hold its pipes (what the product leaves running is the caller's to check, by name).
        using var wait = new CancellationTokenSource(timeout);
        while (!_process.HasExited)
        {
            await Task.Delay(100, wait.Token);
        }
        return _process.ExitCode;
    }

    /// <summary>Starts the product again on the same database file.</summary>
    public Task RestartAsync() => InitializeAsync();

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(_database)!);
        Output.Clear(); // this run's output only
        var port = FreePort();
        BaseUrl = $"http://127.0.0.1:{port}";
        string[] command = UrlsFromEnvironment
            ? ["dotnet", WebAssembly(), "--contentRoot", DashboardFactory.RepositoryRoot]
            : ["dotnet", WebAssembly(), "--urls", BaseUrl, "--contentRoot", DashboardFactory.RepositoryRoot];
        // As a terminal starts it: Ctrl+C not ignored (a test run in the background inherits SIGINT ignored, and .NET
        // keeps an inherited SIG_IGN), a session and process group of its own; exec in place, so the process is the product's.
        string[] group = ["python3", "-c", "import os, signal, sys; signal.signal(signal.SIGINT, signal.SIG_DFL); os.setsid(); os.execvp(sys.argv[1], sys.argv[1:])"];
        var info = new ProcessStartInfo(OwnProcessGroup ? group[0] : command[0], OwnProcessGroup ? [.. group[1..], .. command] : command[1..])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = DashboardFactory.RepositoryRoot,
        };
        info.Environment["ConnectionStrings__Dashboard"] = $"Data Source={_database}";
        info.Environment["Bootstrap__AdminPassword"] = AdminPassword;
        info.Environment["Demo__Seed"] = "true";
        info.Environment["Demo__UserPassword"] = DemoPassword;
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        if (UrlsFromEnvironment)
        {
            info.Environment["ASPNETCORE_URLS"] = BaseUrl;
        }
        foreach (var (key, value) in _settings)
        {
            info.Environment[key] = value;
        }
        _process = Process.Start(info)!;
        _process.OutputDataReceived += (_, line) => { if (line.Data is not null) { Output.Enqueue(line.Data); } };
        _process.ErrorDataReceived += (_, line) => { if (line.Data is not null) { Output.Enqueue(line.Data); } };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();

        using var http = new HttpClient();
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"Dashboard.Web exited with code {_process.ExitCode} before answering.");
            }
            try
            {
                var response = await http.GetAsync($"{BaseUrl}/networking/");
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }
            await Task.Delay(200);
        }
        throw new TimeoutException("Dashboard.Web did not answer within 60 s.");
    }

    public Task DisposeAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(10_000);
        }
        _process?.Dispose();
        SqliteConnection.ClearAllPools();
        foreach (var file in new[] { _database, _database + "-wal", _database + "-shm" })
        {
            File.Delete(file);
        }
        return Task.CompletedTask;
    }

    /// <summary>A resource's ID as <paramref name="user"/> sees it through the API (GET ?name=).</summary>
    public async Task<string> IdAsync(string user, string password, string project, string collection, string name)
    {
        using var http = new HttpClient { BaseAddress = new Uri(BaseUrl) };
        var session = await Dashboard.Web.Tests.Api.ApiSession.LoginAsync(http, user, password, project);
        return await session.IdOfAsync(collection, name);
    }

    /// <summary>Creates a network with one subnet through the API, as <paramref name="user"/>.</summary>
    public async Task CreateNetworkAsync(string user, string password, string project, string name, string cidr)
    {
        using var http = new HttpClient { BaseAddress = new Uri(BaseUrl) };
        var session = await Dashboard.Web.Tests.Api.ApiSession.LoginAsync(http, user, password, project);
        var (_, network) = await session.PostAsync("/networking/v2.0/networks", new System.Text.Json.Nodes.JsonObject { ["network"] = new System.Text.Json.Nodes.JsonObject { ["name"] = name } });
        var (status, _) = await session.PostAsync("/networking/v2.0/subnets", new System.Text.Json.Nodes.JsonObject
        {
            ["subnet"] = new System.Text.Json.Nodes.JsonObject { ["network_id"] = network!["network"]!["id"]!.GetValue<string>(), ["cidr"] = cidr, ["ip_version"] = 4, ["name"] = $"{name}-subnet" },
        });
        Assert.Equal(HttpStatusCode.Created, status);
    }

    /// <summary>A page as a signed-in admin gets it from the server (prerendered HTML), through the login form.</summary>
    public async Task<string> AdminPageAsync(string path)
    {
        using var http = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer() }) { BaseAddress = new Uri(BaseUrl) };
        await SignInAsync(http, "admin", AdminPassword);
        var response = await http.GetAsync(path);
        Assert.Equal(path, response.RequestMessage!.RequestUri!.AbsolutePath);
        return await response.Content.ReadAsStringAsync();
    }

    /// <summary>Signs in through the login form, as a browser does: the sign-in cookie lands in <paramref name="http"/>'s cookie container.</summary>
    public static async Task SignInAsync(HttpClient http, string user, string password)
    {
        var login = await http.GetStringAsync("/login");
        var fields = HiddenInput().Matches(login).ToDictionary(m => WebUtility.HtmlDecode(m.Groups["name"].Value), m => WebUtility.HtmlDecode(m.Groups["value"].Value));
        fields["Input.UserName"] = user;
        fields["Input.Password"] = password;
        (await http.PostAsync("/login", new FormUrlEncodedContent(fields))).EnsureSuccessStatusCode();
    }

    [System.Text.RegularExpressions.GeneratedRegex("<input[^>]*type=\"hidden\"[^>]*name=\"(?<name>[^\"]+)\"[^>]*value=\"(?<value>[^\"]*)\"", System.Text.RegularExpressions.RegexOptions.IgnoreCase)]
    private static partial System.Text.RegularExpressions.Regex HiddenInput();

    /// <summary>The web app built in the same configuration as these tests.</summary>
    private static string WebAssembly()
    {
        var framework = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var configuration = framework.Parent!.Name;
        var path = Path.Combine(DashboardFactory.RepositoryRoot, "src", "Dashboard.Web", "bin", configuration, framework.Name, "Dashboard.Web.dll");
        return File.Exists(path) ? path : throw new FileNotFoundException("Build the solution first: the web app is not built.", path);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
