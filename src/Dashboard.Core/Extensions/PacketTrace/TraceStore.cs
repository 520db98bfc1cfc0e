using System.Text.Json.Nodes;
using Dashboard.Core.Dataplane;
using Dashboard.Core.Errors;
using Dashboard.Core.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Dashboard.Core.Extensions.PacketTrace;

/// <summary>
/// The traces collection: a create runs the tracer; the result is kept so it can be read again.
/// Traces are results, not configuration: the most recent <see cref="Capacity"/> are kept, in the
/// database, so every instance sharing it reads the same traces.
/// </summary>
public sealed class TraceStore(PacketTracer tracer, Transactions transactions, TimeProvider clock) : IResourceHandler
{
    public const int Capacity = 200;

    public string Collection => "traces";

    public async Task<IReadOnlyList<JsonObject>> ListAsync(Caller caller, CancellationToken ct) =>
        (await transactions.ReadAsync(db => db.StoredTraces.OrderBy(t => t.At).ThenBy(t => t.Id).Select(t => t.View).ToListAsync(ct), ct))
            .Select(v => JsonNode.Parse(v)!.AsObject()).ToList();

    public async Task<JsonObject> GetAsync(Caller caller, string id, CancellationToken ct) =>
        await transactions.ReadAsync(db => db.StoredTraces.Where(t => t.Id == id).Select(t => t.View).FirstOrDefaultAsync(ct), ct) is { } view
            ? JsonNode.Parse(view)!.AsObject()
            : throw NotFound(id);

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
        await transactions.WriteAsync(async db =>
        {
            db.StoredTraces.Add(new StoredTrace { Id = id, ProjectId = project, At = now, View = view.ToJsonString() });
            await db.SaveChangesAsync(ct);
            // Only the most recent are kept.
            await db.StoredTraces.OrderByDescending(t => t.At).ThenByDescending(t => t.Id).Skip(Capacity).ExecuteDeleteAsync(ct);
        }, ct);
        return view;
    }

    public Task<JsonObject> UpdateAsync(Caller caller, string id, IReadOnlyDictionary<string, JsonNode?> attributes, long? expectedRevision, CancellationToken ct) =>
        throw new InvalidInputException("a trace is a result and cannot be changed; create a new one");

    /// <remarks>It has no revision number: any expected one fails the precondition, as it did when the API compared views.</remarks>
    public Task DeleteAsync(Caller caller, string id, long? expectedRevision, CancellationToken ct) =>
        transactions.WriteAsync(async db =>
        {
            var trace = await db.StoredTraces.FirstOrDefaultAsync(t => t.Id == id, ct) ?? throw NotFound(id);
            if (expectedRevision is { } expected)
            {
                throw new Errors.RevisionMismatchException(0, expected);
            }
            db.StoredTraces.Remove(trace);
        }, ct);

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

/// <summary>A trace result as stored: its view as the API shows it (JSON), whose project, when.</summary>
public sealed class StoredTrace
{
    public string Id { get; init; } = "";

    public string ProjectId { get; init; } = "";
    public DateTime At { get; init; }
    public string View { get; init; } = "";
}
