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
public sealed class TraceStore(PacketTracer tracer, Ovs.RealTracer realTracer, Transactions transactions, TimeProvider clock) : IResourceHandler
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
        var realised = a.Bool("realised") == true;
        if (realised && !realTracer.Available)
        {
            throw new InvalidInputException("realised: no host is realised on Open vSwitch here (the product runs with Agent:Mode=simulated)") { Attribute = "realised" };
        }
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
        view["realised"] = realised;
        view["realised_trace"] = realised ? View(await realTracer.TraceAsync(result, ct)) : null;
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

    /// <summary>The real switches' side as the API shows it: per host entered, the model's flows beside the real ones, and where each sends the packet.</summary>
    public static JsonObject View(Ovs.RealTrace trace)
    {
        static JsonArray Stretches(IEnumerable<Ovs.RealStretch> stretches) => new(stretches.Select(s => (JsonNode)new JsonObject
        {
            ["host"] = s.Host,
            ["bridge"] = s.Probe.Bridge,
            ["in_port"] = s.Probe.InPort,
            ["flow"] = s.Probe.OvsFlow(),
            ["same"] = s.Same,
            ["difference"] = s.Difference,
            ["model_exit"] = s.ModelExit is null ? null : Exit(s.ModelExit),
            ["exits"] = new JsonArray(s.Exits.Select(e => (JsonNode)Exit(e)).ToArray()),
            ["steps"] = new JsonArray(s.Steps.Select(c => (JsonNode)new JsonObject
            {
                ["same"] = c.Same,
                ["model"] = c.Model is null ? null : new JsonObject { ["bridge"] = c.Model.Device, ["table"] = c.Model.Table, ["flow"] = c.Model.Flow, ["actions"] = c.Model.Actions },
                ["real"] = c.Real is null ? null : new JsonObject { ["bridge"] = c.Real.Bridge, ["table"] = c.Real.Table, ["flow"] = c.Real.Match, ["actions"] = c.Real.Actions },
            }).ToArray()),
            ["output"] = s.Output,
        }).ToArray());
        static JsonObject Exit(Ovs.RealExit e) => new() { ["port"] = e.Port, ["vlan"] = e.Tag };
        return new JsonObject { ["same"] = trace.Traced ? trace.Same : null, ["stretches"] = Stretches(trace.Stretches), ["reply"] = Stretches(trace.Reply) };
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
