using System.Collections.Concurrent;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Dashboard.Core.Ovs;

/// <summary>An OVSDB error: the server's error object, or the first failed operation of a transaction.</summary>
public sealed class OvsdbException(string message) : Exception(message);

/// <summary>
/// A small OVSDB client (RFC 7047: JSON-RPC 1.0 over ovsdb-server's unix socket): <c>list_dbs</c>,
/// <c>transact</c>, <c>monitor</c> with its <c>update</c> notifications, <c>monitor_cancel</c>, and
/// <c>echo</c> both ways (the server's echo requests are answered, as a live client must).
/// Messages are JSON values written back to back on the stream, without framing.
/// </summary>
public sealed class OvsdbClient : IAsyncDisposable
{
    private readonly Stream _stream;
    private readonly SemaphoreSlim _write = new(1, 1);
    private readonly ConcurrentDictionary<long, TaskCompletionSource<JsonNode?>> _pending = new();
    private readonly ConcurrentDictionary<string, Action<JsonObject>> _monitors = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _reader;
    private long _nextId;
    private volatile bool _closed;
    private int _disposed;

    /// <summary>Completes when the connection to ovsdb-server is gone (closed by the server, or this client disposed).</summary>
    public Task Closed => _reader;

    /// <summary>Whether the connection is gone: every call then fails at once instead of waiting for an answer that cannot come.</summary>
    public bool IsClosed => _closed;

    private OvsdbClient(Stream stream)
    {
        _stream = stream;
        _reader = Task.Run(ReadLoopAsync);
    }

    /// <summary>Connects to <c>punix:</c> <paramref name="socketPath"/> (e.g. /var/run/openvswitch/db.sock).</summary>
    public static async Task<OvsdbClient> ConnectAsync(string socketPath, CancellationToken ct = default)
    {
        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            await socket.ConnectAsync(new UnixDomainSocketEndPoint(socketPath), ct);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
        return new OvsdbClient(new NetworkStream(socket, ownsSocket: true));
    }

    /// <summary>Over an already connected stream (tests speak the server's side of it).</summary>
    public static OvsdbClient Over(Stream stream) => new(stream);

    /// <summary>Answered server echo requests, for observation.</summary>
    public int EchoesAnswered => _echoes;

    private int _echoes;

    public async Task<IReadOnlyList<string>> ListDbsAsync(CancellationToken ct = default) =>
        (await CallAsync("list_dbs", [], ct))!.AsArray().Select(n => n!.GetValue<string>()).ToList();

    public async Task<JsonArray> EchoAsync(CancellationToken ct = default) => (await CallAsync("echo", [JsonValue.Create("ping")], ct))!.AsArray();

    /// <summary>Runs the operations atomically; throws when any of them (or the transaction) failed.</summary>
    public async Task<JsonArray> TransactAsync(string database, IEnumerable<JsonObject> operations, CancellationToken ct = default)
    {
        var args = new List<JsonNode?> { JsonValue.Create(database) };
        args.AddRange(operations);
        var results = (await CallAsync("transact", args, ct))!.AsArray();
        if (results.OfType<JsonObject>().FirstOrDefault(r => r["error"] is not null) is { } failed)
        {
            throw new OvsdbException($"{failed["error"]}: {failed["details"]}");
        }
        return results;
    }

    /// <summary>Starts a monitor: returns the initial rows; later changes arrive through <paramref name="onUpdate"/> (table → uuid → {old,new}).</summary>
    public async Task<JsonObject> MonitorAsync(string database, string monitorId, JsonObject requests, Action<JsonObject> onUpdate, CancellationToken ct = default)
    {
        _monitors[monitorId] = onUpdate;
        try
        {
            return (await CallAsync("monitor", [JsonValue.Create(database), JsonValue.Create(monitorId), requests], ct))!.AsObject();
        }
        catch
        {
            _monitors.TryRemove(monitorId, out _);
            throw;
        }
    }

    private async Task<JsonNode?> CallAsync(string method, List<JsonNode?> parameters, CancellationToken ct)
    {
        var id = Interlocked.Increment(ref _nextId);
        var reply = new TaskCompletionSource<JsonNode?>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[id] = reply;
        try
        {
            if (_closed)
            {
                throw new OvsdbException("the connection to ovsdb-server is closed");
            }
            await SendAsync(new JsonObject { ["method"] = method, ["params"] = new JsonArray([.. parameters]), ["id"] = id }, ct);
            using var registration = ct.Register(() => reply.TrySetCanceled(ct));
            return await reply.Task;
        }
        finally
        {
            _pending.TryRemove(id, out _);
        }
    }

    private async Task SendAsync(JsonObject message, CancellationToken ct)
    {
        var bytes = Encoding.UTF8.GetBytes(message.ToJsonString());
        await _write.WaitAsync(ct);
        try
        {
            await _stream.WriteAsync(bytes, ct);
            await _stream.FlushAsync(ct);
        }
        finally
        {
            _write.Release();
        }
    }

    private async Task ReadLoopAsync()
    {
        var buffer = new byte[64 * 1024];
        var filled = 0;
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                if (filled == buffer.Length)
                {
                    Array.Resize(ref buffer, buffer.Length * 2);
                }
                var read = await _stream.ReadAsync(buffer.AsMemory(filled), _stop.Token);
                if (read == 0)
                {
                    break;
                }
                filled += read;
                var consumed = 0;
                while (TryParse(buffer.AsSpan(consumed, filled - consumed), out var message, out var length))
                {
                    consumed += length;
                    await HandleAsync(message!);
                }
                Buffer.BlockCopy(buffer, consumed, buffer, 0, filled - consumed);
                filled -= consumed;
            }
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or ObjectDisposedException)
        {
        }
        finally
        {
            _closed = true; // before failing what waits: a call registered after this sees it and fails itself
            foreach (var pending in _pending.Values)
            {
                pending.TrySetException(new OvsdbException("the connection to ovsdb-server closed"));
            }
        }
    }

    /// <summary>One complete JSON value at the start of <paramref name="data"/>, if there is one yet.</summary>
    private static bool TryParse(ReadOnlySpan<byte> data, out JsonNode? message, out int length)
    {
        var start = 0;
        while (start < data.Length && data[start] is (byte)' ' or (byte)'\n' or (byte)'\r' or (byte)'\t')
        {
            start++;
        }
        (message, length) = (null, 0);
        if (start == data.Length)
        {
            return false;
        }
        var reader = new Utf8JsonReader(data[start..], isFinalBlock: false, state: default);
        if (!JsonDocument.TryParseValue(ref reader, out var document))
        {
            return false;
        }
        using (document)
        {
            message = JsonNode.Parse(document.RootElement.GetRawText());
        }
        length = start + (int)reader.BytesConsumed;
        return true;
    }

    private async Task HandleAsync(JsonNode message)
    {
        if (message["method"]?.GetValue<string>() is { } method)
        {
            switch (method)
            {
                case "echo":
                    Interlocked.Increment(ref _echoes);
                    await SendAsync(new JsonObject { ["result"] = message["params"]?.DeepClone(), ["error"] = null, ["id"] = message["id"]?.DeepClone() }, _stop.Token);
                    break;
                case "update" when message["params"] is JsonArray { Count: 2 } update
                                   && update[0]?.GetValue<string>() is { } monitor && _monitors.TryGetValue(monitor, out var handler):
                    handler(update[1]!.AsObject());
                    break;
            }
            return;
        }
        if (message["id"] is JsonValue idValue && idValue.TryGetValue<long>(out var id) && _pending.TryGetValue(id, out var reply))
        {
            if (message["error"] is { } error && error.GetValueKind() != JsonValueKind.Null)
            {
                reply.TrySetException(new OvsdbException(error.ToJsonString()));
            }
            else
            {
                reply.TrySetResult(message["result"]?.DeepClone());
            }
        }
    }

    /// <summary>
    /// As ovs-vsctl does after a change: bumps <c>next_cfg</c> and waits (up to 5 s) until ovs-vswitchd
    /// reports it in <c>cur_cfg</c>, so new bridges and ports have their OpenFlow numbers.
    /// </summary>
    public async Task SyncVswitchdAsync(CancellationToken ct = default)
    {
        JsonObject Select(string column) => new JsonObject { ["op"] = "select", ["table"] = "Open_vSwitch", ["where"] = new JsonArray(), ["columns"] = new JsonArray(column) };
        var result = await TransactAsync("Open_vSwitch",
        [
            new JsonObject { ["op"] = "mutate", ["table"] = "Open_vSwitch", ["where"] = new JsonArray(), ["mutations"] = new JsonArray(new JsonArray("next_cfg", "+=", 1)) },
            Select("next_cfg"),
        ], ct);
        var target = result[1]!["rows"]![0]!["next_cfg"]!.GetValue<long>();
        for (var i = 0; i < 250; i++)
        {
            if ((await TransactAsync("Open_vSwitch", [Select("cur_cfg")], ct))[0]!["rows"]![0]!["cur_cfg"]!.GetValue<long>() >= target)
            {
                return;
            }
            await Task.Delay(20, ct);
        }
    }

    /// <summary>A key's value in an OVSDB map column (<c>["map", [[key, value], ...]]</c>, e.g. external_ids); null when absent.</summary>
    public static string? MapValue(JsonNode mapColumn, string key) =>
        mapColumn[1]!.AsArray().Select(p => p!.AsArray()).FirstOrDefault(p => p[0]!.GetValue<string>() == key)?[1]!.GetValue<string>();

    /// <summary>The UUIDs of a set column: <c>["uuid", u]</c> alone or <c>["set", [["uuid", u], ...]]</c>.</summary>
    public static IEnumerable<string> Uuids(JsonNode setColumn) => setColumn[0]!.GetValue<string>() == "uuid"
        ? [setColumn[1]!.GetValue<string>()]
        : setColumn[1]!.AsArray().Select(u => u![1]!.GetValue<string>());

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }
        await _stop.CancelAsync();
        await _stream.DisposeAsync();
        try
        {
            await _reader;
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or ObjectDisposedException)
        {
        }
        _stop.Dispose();
        _write.Dispose();
    }
}
