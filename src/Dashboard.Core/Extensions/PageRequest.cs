using System.Text.Json.Nodes;

namespace Dashboard.Core.Extensions;

/// <summary>One page of a collection in id order: equality filters (a key's values are OR'ed), limit, marker, direction.</summary>
public sealed record PageRequest(IReadOnlyDictionary<string, IReadOnlyList<string>> Filters, int Limit, string? Marker, bool Reverse);

/// <summary>
/// A handler that can page in its store (keyset on id) instead of listing everything. It answers
/// null when a filter is beyond it, and the generic in-memory path serves the request instead.
/// </summary>
public interface IPagingResourceHandler
{
    Task<IReadOnlyList<JsonObject>?> ListPageAsync(Caller caller, PageRequest request, CancellationToken ct);
}
