using System.Text.Json;
using Dashboard.Core.Persistence;

namespace Dashboard.Core.Events;

/// <summary>
/// How a unit of work's changes reach the other instances sharing the store: enlisted in the unit's own transaction,
/// so they are announced if, and only if, it commits. On SQLite there is one instance and nothing to enlist.
/// </summary>
public interface IEventOutbox
{
    Task EnlistAsync(NetworkDbContext db, IReadOnlyList<NetworkEvent> changes, CancellationToken ct);

    /// <summary>Announces, to this instance and every other, what is not stored (an agent stopped by the failure drill).</summary>
    Task AnnounceAsync(NetworkEvent change, CancellationToken ct);
}

/// <summary>One instance on an embedded store: the changes are announced in process after the commit, and that is all.</summary>
public sealed class LocalOnlyOutbox(INetworkEvents events) : IEventOutbox
{
    public Task EnlistAsync(NetworkDbContext db, IReadOnlyList<NetworkEvent> changes, CancellationToken ct) => Task.CompletedTask;

    public Task AnnounceAsync(NetworkEvent change, CancellationToken ct)
    {
        events.Publish(change);
        return Task.CompletedTask;
    }
}

/// <summary>An event on the wire between instances: who sent it (an instance ignores its own) and the event.</summary>
public static class EventCodec
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);

    public static string Encode(string origin, NetworkEvent change) =>
        JsonSerializer.Serialize(new Envelope(origin, change), Options);

    /// <summary>The envelope's origin and event, or null for what is not one (another program's notification on the channel).</summary>
    public static (string Origin, NetworkEvent Change)? Decode(string payload)
    {
        try
        {
            return JsonSerializer.Deserialize<Envelope>(payload, Options) is { Origin: { } origin, Change: { } change } ? (origin, change) : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private sealed record Envelope(string Origin, NetworkEvent Change);
}
