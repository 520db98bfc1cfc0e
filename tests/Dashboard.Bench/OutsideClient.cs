using System.Diagnostics;
using System.Net.Sockets;
using System.Text;

namespace Dashboard.Bench;

/// <summary>What a read load measured: requests per second, latency percentiles, non-200 answers.</summary>
public sealed record ReadLoad(double PerSecond, double P50, double P99, int Errors, int Requests);

/// <summary>
/// The outside client: plain HTTP/1.1 over keep-alive TCP connections, one request at a time on each, as wrk and
/// OpenStack's clients (python-requests) talk to a server. No HttpClient, no connection pool, no handler pipeline:
/// a request is one write of a pre-encoded buffer, an answer is its status line, headers and body (Content-Length or
/// chunked) read off the socket. What it costs the machine is close to what wrk costs, so its figures can be checked
/// against wrk's in the same run.
/// </summary>
public sealed class OutsideClient : IAsyncDisposable
{
    private readonly Socket _socket;
    private readonly byte[] _buffer = new byte[64 * 1024];
    private int _start;
    private int _end;

    private OutsideClient(Socket socket) => _socket = socket;

    public static async Task<OutsideClient> ConnectAsync(Uri server)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await socket.ConnectAsync(server.Host, server.Port);
        return new OutsideClient(socket);
    }

    /// <summary>The bytes of a GET with these headers, encoded once and written as they are for every request.</summary>
    public static byte[] Get(Uri server, string pathAndQuery, IReadOnlyDictionary<string, string> headers)
    {
        var text = new StringBuilder($"GET {pathAndQuery} HTTP/1.1\r\nHost: {server.Authority}\r\nAccept: application/json\r\nUser-Agent: dashboard-bench-outside\r\n");
        foreach (var (name, value) in headers)
        {
            text.Append(name).Append(": ").Append(value).Append("\r\n");
        }
        return Encoding.ASCII.GetBytes(text.Append("\r\n").ToString());
    }

    /// <summary>Sends one request and reads the whole answer; returns its status code.</summary>
    public async Task<int> SendAsync(byte[] request)
    {
        await _socket.SendAsync(request, SocketFlags.None);
        var headerEnd = await FillUntilAsync(() => IndexOf("\r\n\r\n"u8));
        var head = Encoding.ASCII.GetString(_buffer, _start, headerEnd - _start);
        _start = headerEnd + 4;
        var status = int.Parse(head.AsSpan(9, 3));
        long contentLength = -1;
        var chunked = false;
        foreach (var line in head.Split("\r\n").Skip(1))
        {
            var colon = line.IndexOf(':');
            var name = line[..colon].Trim();
            var value = line[(colon + 1)..].Trim();
            if (name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase))
            {
                contentLength = long.Parse(value);
            }
            else if (name.Equals("Transfer-Encoding", StringComparison.OrdinalIgnoreCase) && value.Contains("chunked", StringComparison.OrdinalIgnoreCase))
            {
                chunked = true;
            }
        }
        if (chunked)
        {
            while (true)
            {
                var lineEnd = await FillUntilAsync(() => IndexOf("\r\n"u8));
                var size = Convert.ToInt64(Encoding.ASCII.GetString(_buffer, _start, lineEnd - _start).Split(';')[0], 16);
                _start = lineEnd + 2;
                await SkipAsync(size + 2);
                if (size == 0)
                {
                    break;
                }
            }
        }
        else if (contentLength > 0)
        {
            await SkipAsync(contentLength);
        }
        else if (contentLength < 0)
        {
            throw new InvalidOperationException($"an answer without Content-Length or chunked body: {head}");
        }
        return status;
    }

    /// <summary>
    /// <paramref name="connections"/> keep-alive connections, each sending the same GET back to back for
    /// <paramref name="duration"/> (after <paramref name="warmUp"/> of the same load, not counted).
    /// </summary>
    public static async Task<ReadLoad> LoadAsync(Uri server, string pathAndQuery, IReadOnlyDictionary<string, string> headers, int connections, TimeSpan duration, TimeSpan warmUp = default)
    {
        var request = Get(server, pathAndQuery, headers);
        var clients = await Task.WhenAll(Enumerable.Range(0, connections).Select(_ => ConnectAsync(server)));
        try
        {
            if (warmUp > TimeSpan.Zero)
            {
                await RunAsync(clients, request, warmUp);
            }
            return await RunAsync(clients, request, duration);
        }
        finally
        {
            foreach (var client in clients)
            {
                await client.DisposeAsync();
            }
        }
    }

    private static async Task<ReadLoad> RunAsync(OutsideClient[] clients, byte[] request, TimeSpan duration)
    {
        var latencies = new List<double>();
        var errors = 0;
        var stop = Stopwatch.StartNew();
        await Task.WhenAll(clients.Select(client => Task.Run(async () =>
        {
            var mine = new List<double>();
            while (stop.Elapsed < duration)
            {
                var started = Stopwatch.GetTimestamp();
                var status = await client.SendAsync(request);
                mine.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                if (status != 200)
                {
                    Interlocked.Increment(ref errors);
                }
            }
            lock (latencies)
            {
                latencies.AddRange(mine);
            }
        })));
        var elapsed = stop.Elapsed.TotalSeconds;
        latencies.Sort();
        return latencies.Count == 0 ? new ReadLoad(0, 0, 0, errors, 0)
            : new ReadLoad(latencies.Count / elapsed, latencies[latencies.Count / 2], latencies[Math.Min(latencies.Count - 1, (int)(latencies.Count * 0.99))], errors, latencies.Count);
    }

    private int IndexOf(ReadOnlySpan<byte> marker)
    {
        var found = _buffer.AsSpan(_start, _end - _start).IndexOf(marker);
        return found < 0 ? -1 : _start + found;
    }

    /// <summary>Reads from the socket until <paramref name="find"/> finds its marker in what is buffered.</summary>
    private async Task<int> FillUntilAsync(Func<int> find)
    {
        while (true)
        {
            var at = find();
            if (at >= 0)
            {
                return at;
            }
            await ReadMoreAsync();
        }
    }

    private async Task SkipAsync(long count)
    {
        while (count > 0)
        {
            if (_start == _end)
            {
                await ReadMoreAsync();
            }
            var take = (int)Math.Min(count, _end - _start);
            _start += take;
            count -= take;
        }
    }

    private async Task ReadMoreAsync()
    {
        if (_start > 0)
        {
            Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
            _end -= _start;
            _start = 0;
        }
        if (_end == _buffer.Length)
        {
            throw new InvalidOperationException("an HTTP header larger than the client's buffer");
        }
        var read = await _socket.ReceiveAsync(_buffer.AsMemory(_end), SocketFlags.None);
        if (read == 0)
        {
            throw new IOException("the server closed the connection");
        }
        _end += read;
    }

    public ValueTask DisposeAsync()
    {
        _socket.Dispose();
        return ValueTask.CompletedTask;
    }
}
