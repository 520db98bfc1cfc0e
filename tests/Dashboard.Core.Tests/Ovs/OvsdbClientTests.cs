using System.Diagnostics;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using Dashboard.Core.Ovs;

namespace Dashboard.Core.Tests.Ovs;

/// <summary>
/// The OVSDB client against a real ovsdb-server (Debian's openvswitch-switch; ./test.sh installs it),
/// started here on a fresh database and a private socket; skipped, saying why, where it is missing.
/// </summary>
[Collection(RealOvs.Collection)]
public sealed class OvsdbClientTests : IAsyncLifetime
{
    private const string Schema = "/usr/share/openvswitch/vswitch.ovsschema";
    private readonly string _dir = Path.Combine(Path.GetTempPath(), $"ovsdb-test-{Guid.NewGuid():N}"[..24]);
    private Process? _server;

    private string Socket => Path.Combine(_dir, "db.sock");

    public async Task InitializeAsync()
    {
        if (!File.Exists("/usr/sbin/ovsdb-server") || !File.Exists(Schema))
        {
            return;
        }
        Directory.CreateDirectory(_dir);
        var create = Process.Start(new ProcessStartInfo("ovsdb-tool", ["create", Path.Combine(_dir, "conf.db"), Schema]) { RedirectStandardError = true })!;
        await create.WaitForExitAsync();
        _server = Process.Start(new ProcessStartInfo("/usr/sbin/ovsdb-server",
            [Path.Combine(_dir, "conf.db"), $"--remote=punix:{Socket}", $"--unixctl={Path.Combine(_dir, "ctl")}", $"--log-file={Path.Combine(_dir, "log")}", "-vconsole:off", "--no-chdir"])
        { RedirectStandardError = true, RedirectStandardOutput = true })!;
        for (var i = 0; i < 100 && !File.Exists(Socket); i++)
        {
            await Task.Delay(50);
        }
    }

    public Task DisposeAsync()
    {
        if (_server is { HasExited: false })
        {
            _server.Kill();
            _server.WaitForExit(5000);
        }
        if (Directory.Exists(_dir))
        {
            Directory.Delete(_dir, recursive: true);
        }
        return Task.CompletedTask;
    }

    private void RequireServer() => Skip.If(_server is null, $"Open vSwitch is not installed ({Schema} or /usr/sbin/ovsdb-server missing): ./test.sh installs openvswitch-switch");

    [SkippableFact]
    public async Task Lists_the_databases_and_answers_echo()
    {
        RequireServer();
        await using var client = await OvsdbClient.ConnectAsync(Socket);

        Assert.Contains("Open_vSwitch", await client.ListDbsAsync());
        Assert.Equal("ping", (await client.EchoAsync())[0]!.GetValue<string>());
    }

    [SkippableFact]
    public async Task Transact_adds_a_bridge_tagged_as_ours_and_a_monitor_sees_it_come_and_go()
    {
        RequireServer();
        await using var client = await OvsdbClient.ConnectAsync(Socket);
        var updates = new System.Collections.Concurrent.BlockingCollection<JsonObject>();
        var initial = await client.MonitorAsync("Open_vSwitch", "bridges", new JsonObject
        {
            ["Bridge"] = new JsonObject { ["columns"] = new JsonArray("name", "external_ids") },
        }, updates.Add);
        Assert.Empty(initial);

        var results = await client.TransactAsync("Open_vSwitch",
        [
            new JsonObject { ["op"] = "insert", ["table"] = "Open_vSwitch", ["row"] = new JsonObject() },
            new JsonObject
            {
                ["op"] = "insert", ["table"] = "Bridge", ["uuid-name"] = "brtest",
                ["row"] = new JsonObject { ["name"] = "br-test", ["external_ids"] = new JsonArray("map", new JsonArray(new JsonArray("dashboard-owner", "agent"))) },
            },
            new JsonObject
            {
                ["op"] = "mutate", ["table"] = "Open_vSwitch", ["where"] = new JsonArray(),
                ["mutations"] = new JsonArray(new JsonArray("bridges", "insert", new JsonArray("set", new JsonArray(new JsonArray("named-uuid", "brtest"))))),
            },
        ]);
        var bridge = results[1]!["uuid"]![1]!.GetValue<string>();

        Assert.True(updates.TryTake(out var added, TimeSpan.FromSeconds(30)), "no update after the insert");
        var row = added["Bridge"]![bridge]!["new"]!;
        Assert.Equal("br-test", row["name"]!.GetValue<string>());
        Assert.Contains("dashboard-owner", row["external_ids"]!.ToJsonString());
        var selected = await client.TransactAsync("Open_vSwitch",
        [
            new JsonObject { ["op"] = "select", ["table"] = "Bridge", ["where"] = new JsonArray(new JsonArray("name", "==", "br-test")), ["columns"] = new JsonArray("external_ids") },
        ]);
        Assert.Contains("agent", selected[0]!["rows"]![0]!.ToJsonString());

        await client.TransactAsync("Open_vSwitch",
        [
            new JsonObject
            {
                ["op"] = "mutate", ["table"] = "Open_vSwitch", ["where"] = new JsonArray(),
                ["mutations"] = new JsonArray(new JsonArray("bridges", "delete", new JsonArray("uuid", bridge))),
            },
        ]);
        Assert.True(updates.TryTake(out var removed, TimeSpan.FromSeconds(30)), "no update after the delete");
        Assert.NotNull(removed["Bridge"]![bridge]!["old"]);
        Assert.Null(removed["Bridge"]![bridge]!["new"]);
    }

    [SkippableFact]
    public async Task A_failed_operation_throws_with_the_servers_reason()
    {
        RequireServer();
        await using var client = await OvsdbClient.ConnectAsync(Socket);

        var error = await Assert.ThrowsAsync<OvsdbException>(() => client.TransactAsync("Open_vSwitch",
            [new JsonObject { ["op"] = "insert", ["table"] = "Bridge", ["row"] = new JsonObject { ["no_such_column"] = 1 } }]));

        Assert.Contains("no_such_column", error.Message);
    }

    [Fact]
    public async Task The_servers_echo_requests_are_answered_with_their_own_id_and_params()
    {
        // Plays ovsdb-server's side of a socket: sends an echo request, reads the client's answer.
        var path = Path.Combine(Path.GetTempPath(), $"fake-ovsdb-{Guid.NewGuid():N}.sock");
        using var listener = new System.Net.Sockets.Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        listener.Bind(new UnixDomainSocketEndPoint(path));
        listener.Listen();
        try
        {
            var accepting = listener.AcceptAsync();
            await using var client = await OvsdbClient.ConnectAsync(path);
            using var server = await accepting;

            // Two messages in one write, the second split across writes: the client must frame them itself.
            await server.SendAsync(Encoding.UTF8.GetBytes("""{"method":"echo","params":["a"],"id":"echo"}{"method":"echo","par"""));
            await Task.Delay(50);
            await server.SendAsync(Encoding.UTF8.GetBytes("""ams":["b"],"id":7}"""));

            var received = new StringBuilder();
            var buffer = new byte[4096];
            var watch = Stopwatch.StartNew();
            while (!(received.ToString().Contains("\"b\"") && received.ToString().Contains("\"a\"")) && watch.Elapsed < TimeSpan.FromSeconds(30))
            {
                var n = await server.ReceiveAsync(buffer);
                received.Append(Encoding.UTF8.GetString(buffer, 0, n));
            }
            Assert.Contains("""{"result":["a"],"error":null,"id":"echo"}""", received.ToString());
            Assert.Contains("""{"result":["b"],"error":null,"id":7}""", received.ToString());
            Assert.Equal(2, client.EchoesAnswered);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
