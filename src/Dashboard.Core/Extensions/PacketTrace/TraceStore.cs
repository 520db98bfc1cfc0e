using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Dashboard.Core.Dataplane;
using Dashboard.Core.Errors;

namespace Dashboard.Core.Extensions.PacketTrace;

/// <summary>
/// The traces collection: a create runs the tracer; the result is kept so it can be read again.
/// Traces are results, not configuration: the most recent <see cref="Capacity"/> are kept in this
/// process's memory and are gone after a restart.
/// </summary>
public sealed class TraceStore(PacketTracer tracer, TimeProvider clock) : IResourceHandler
{
    public const int Capacity = 200;
    private readonly ConcurrentDictionary<string, (DateTime At, JsonObject View)> _traces = new();

    public string Collection => "traces";

    public Task<IReadOnlyList<JsonObject>> ListAsync(Caller caller, CancellationToken ct) =>
        Task.FromResult<IReadOnlyList<JsonObject>>(_traces.Values.OrderBy(t => t.At).Select(t => (JsonObject)t.View.DeepClone()).ToList());

    public Task<JsonObject> GetAsync(Caller caller, string id, CancellationToken ct) =>
        Task.FromResult(_traces.TryGetValue(id, out var trace) ? (JsonObject)trace.View.DeepClone() : throw NotFound(id));

    public async Task<JsonObject> CreateAsync(Caller caller, IReadOnlyDictionary<string, JsonNode?> a, CancellationToken ct)
    {
        var (sourcePort, sourceIp) = (a.Str("source_port_id"), a.Str("source_ip"));
        if ((sourcePort is null) == (sourceIp is null))
        {
            throw new Errors.InvalidInputException("exactly one of source_port_id (an instance's port) and source_ip (an address beyond the external networks) is required") { Attribute = "source_port_id" };
        }
        var request = new TraceRequest(sourcePort ?? "", a.Str("destination_ip"), a.Str("destination_port_id"),
            a.Str("protocol") ?? "icmp", (int?)a.Long("destination_port")) { ExternalSourceIp = sourceIp };
        var result = await tracer.TraceAsync(request, ct);
        var id = Guid.NewGuid().ToString();
        var now = clock.GetUtcNow().UtcDateTime;
        var view = View(result);
        view["id"] = id;
        var project = a.ProjectFor(caller);
        view["project_id"] = project;
        view["tenant_id"] = project;
        view["source_port_id"] = sourcePort;
        view["destination_ip"] = result.DestinationIp;
        view["destination_port_id"] = request.DestinationPortId;
        view["protocol"] = request.Protocol;
        view["destination_port"] = request.DestinationPort;
        view["created_at"] = now.ToString("yyyy-MM-ddTHH:mm:ssZ");
        _traces[id] = (now, view);
        foreach (var old in _traces.OrderByDescending(t => t.Value.At).Skip(Capacity).Select(t => t.Key).ToList())
        {
            _traces.TryRemove(old, out _);
        }
        return (JsonObject)view.DeepClone();
    }

    public Task<JsonObject> UpdateAsync(Caller caller, string id, IReadOnlyDictionary<string, JsonNode?> attributes, long? expectedRevision, CancellationToken ct) =>
        throw new InvalidInputException("a trace is a result and cannot be changed; create a new one");

    /// <remarks>It has no revision number: any expected one fails the precondition, as it did when the API compared views.</remarks>
    public Task DeleteAsync(Caller caller, string id, long? expectedRevision, CancellationToken ct) =>
        !_traces.ContainsKey(id) ? throw NotFound(id)
        : expectedRevision is { } expected ? throw new Errors.RevisionMismatchException(0, expected)
        : _traces.TryRemove(id, out _) ? Task.CompletedTask : throw NotFound(id);

    /// <summary>A trace result as the API shows it: verdict, reason, hops, and the reply's way back.</summary>
    public static JsonObject View(TraceResult result)
    {
        var view = new JsonObject
        {
            ["source_ip"] = result.SourceIp,
            ["verdict"] = result.Verdict,
            ["reason"] = result.Reason,
            ["reason_code"] = result.ReasonCode,
            ["hops"] = new JsonArray(result.Hops.Select(h => (JsonNode)new JsonObject
            {
                ["host"] = h.Host,
                ["device"] = h.Device,
                ["kind"] = h.Kind,
                ["vlan"] = h.Tag,
                ["table"] = h.Table,
                ["flow"] = h.Flow,
                ["actions"] = h.Actions,
                ["detail"] = h.Detail,
            }).ToArray()),
        };
        view["reply"] = result.Reply is null ? null : View(result.Reply);
        return view;
    }

    private static NotFoundException NotFound(string id) => new("TraceNotFound", $"Trace {id} could not be found.");
}
