using System.Text.Json;
using System.Text.Json.Nodes;
using Dashboard.Core.Errors;
using Dashboard.Core.Extensions;
using Microsoft.Extensions.Primitives;

namespace Dashboard.Web.Api.Networking;

/// <summary>
/// Neutron's list conventions over a collection's views: filters on any attribute (a repeated key
/// is OR, different keys AND; <c>fixed_ips=ip_address=...</c>, <c>subnet_id=</c>, <c>ip_address_substr=</c>; tags, tags-any, not-tags,
/// not-tags-any), <c>sort_key</c>/<c>sort_dir</c>, <c>limit</c>/<c>marker</c>/<c>page_reverse</c>
/// with <c>{collection}_links</c>, and <c>fields</c>.
/// </summary>
public sealed class ListQuery
{
    private static readonly HashSet<string> Reserved = ["fields", "limit", "marker", "page_reverse", "sort_key", "sort_dir", .. Api.TagFilters.Keys];

    public required IReadOnlyList<string> Fields { get; init; }
    public required IReadOnlyList<(string Key, StringValues Values)> Filters { get; init; }
    public required IReadOnlyList<(string Key, bool Descending)> Sort { get; init; }
    public int? Limit { get; init; }
    public string? Marker { get; init; }
    public bool PageReverse { get; init; }
    public required Api.TagFilters TagFilters { get; init; }

    /// <summary>Filters on attributes that never leave the server (a subnet's <c>shared</c>): applied to the full views (<see cref="KeepHidden"/>).</summary>
    public IReadOnlySet<string> HiddenKeys { get; init; } = new HashSet<string>();

    public static ListQuery Parse(IQueryCollection query, ResourceSpec resource)
    {
        var known = resource.Attributes.Select(a => a.Name).ToHashSet();
        var filters = new List<(string, StringValues)>();
        foreach (var (key, values) in query.Where(q => !Reserved.Contains(q.Key)))
        {
            if (!known.Contains(key))
            {
                throw new InvalidInputException($"{key} is invalid attribute for filtering", "HTTPBadRequest") { Attribute = key };
            }
            filters.Add((key, values));
        }
        var sortKeys = query["sort_key"].Select(k => k ?? "").ToList();
        var sortDirs = query["sort_dir"].Select(d => d ?? "").ToList();
        if (sortKeys.FirstOrDefault(k => !known.Contains(k)) is { } badKey)
        {
            throw new InvalidInputException($"{badKey} is invalid attribute for sort_key", "HTTPBadRequest");
        }
        if (sortDirs.FirstOrDefault(d => d is not ("asc" or "desc")) is { } badDir)
        {
            throw new InvalidInputException($"{badDir} is invalid value for sort_dir, valid values are 'asc' and 'desc'", "HTTPBadRequest");
        }
        if (sortDirs.Count > 0 && sortDirs.Count != sortKeys.Count)
        {
            throw new InvalidInputException("The number of sort_keys and sort_dirs must be same", "HTTPBadRequest");
        }
        int? limit = null;
        if (query.TryGetValue("limit", out var limitText))
        {
            limit = int.TryParse(limitText, out var n) && n >= 0 ? n : throw new InvalidInputException($"Limit must be an integer 0 or greater and not '{limitText}'", "HTTPBadRequest");
        }
        var fields = query["fields"].Select(f => f ?? "").Where(f => f != "").ToList();
        return new ListQuery
        {
            Fields = fields,
            Filters = filters,
            Sort = sortKeys.Select((k, i) => (k, sortDirs.Count > i && sortDirs[i] == "desc")).ToList(),
            Limit = limit == 0 ? null : limit,
            Marker = query["marker"].FirstOrDefault(),
            PageReverse = string.Equals(query["page_reverse"], "true", StringComparison.OrdinalIgnoreCase),
            TagFilters = Api.TagFilters.Of(query),
            HiddenKeys = filters.Select(f => f.Item1).Where(k => !resource.Visible.Contains(k)).ToHashSet(),
        };
    }

    /// <summary>The full views (before they are presented) that pass the filters on attributes never shown.</summary>
    public IEnumerable<JsonObject> KeepHidden(IEnumerable<JsonObject> views) =>
        HiddenKeys.Count == 0 ? views : views.Where(v => Filters.Where(f => HiddenKeys.Contains(f.Key)).All(f => f.Values.Any(x => MatchesValue(v[f.Key], f.Key, x ?? ""))));

    /// <summary>Whether a store can serve this as one id-ordered page: a limit, no sort but id ascending, no tag filters.</summary>
    public PageRequest? AsStorePage(string idAttribute) =>
        Limit is { } limit && TagFilters.IsEmpty && HiddenKeys.Count == 0 && Sort.All(s => s.Key == idAttribute && !s.Descending)
            ? new PageRequest(Filters.ToDictionary(f => f.Key, f => (IReadOnlyList<string>)f.Values.Select(v => v ?? "").ToList()), limit, Marker, PageReverse)
            : null;

    /// <summary>The next/previous links of a page the store served.</summary>
    public JsonArray PageLinks(IReadOnlyList<JsonObject> page, string idAttribute, string collectionUrl, IQueryCollection query) =>
        Links(page, idAttribute, collectionUrl, query);

    /// <summary>Filters, sorts and pages the views; returns the page and the links to the next/previous pages.</summary>
    public (List<JsonObject> Page, JsonArray? Links) Apply(IEnumerable<JsonObject> views, string idAttribute, string collectionUrl, IQueryCollection query)
    {
        var matching = views.Where(Matches).ToList();
        var keys = Sort.Count > 0 ? Sort.ToList() : [];
        if (!keys.Any(k => k.Key == idAttribute))
        {
            keys.Add((idAttribute, keys.Count > 0 && keys[^1].Descending));
        }
        matching.Sort((a, b) => Compare(a, b, keys));
        if (Limit is null && Marker is null)
        {
            return (matching, null);
        }
        if (PageReverse)
        {
            matching.Reverse();
        }
        var start = 0;
        if (Marker is not null)
        {
            var index = matching.FindIndex(v => v[idAttribute]?.GetValue<string>() == Marker);
            start = index >= 0 ? index + 1 : throw new NotFoundException("MarkerNotFound", $"Marker {Marker} could not be found.");
        }
        var page = matching.Skip(start).Take(Limit ?? int.MaxValue).ToList();
        if (PageReverse)
        {
            page.Reverse();
        }
        return (page, Links(page, idAttribute, collectionUrl, query));
    }

    /// <summary>
    /// Neutron's links (<c>get_pagination_links</c>): only with a limit; paging forward, <c>next</c> whenever the page is
    /// full (the store is not asked whether more follow: a full last page links to an empty one) and <c>previous</c>
    /// always; paging backward, the other way round.
    /// </summary>
    private JsonArray Links(IReadOnlyList<JsonObject> page, string idAttribute, string collectionUrl, IQueryCollection query)
    {
        var links = new JsonArray();
        if (Limit is not { } limit)
        {
            return links;
        }
        var full = page.Count >= limit;
        var (next, previous) = (page.Count > 0 ? page[^1][idAttribute]!.GetValue<string>() : Marker, page.Count > 0 ? page[0][idAttribute]!.GetValue<string>() : Marker);
        if ((PageReverse || full) && next is not null)
        {
            links.Add(Link("next", collectionUrl, query, next, reverse: false));
        }
        if ((!PageReverse || full) && previous is not null)
        {
            links.Add(Link("previous", collectionUrl, query, previous, reverse: true));
        }
        return links;
    }

    private bool Matches(JsonObject view)
    {
        foreach (var (key, values) in Filters.Where(f => !HiddenKeys.Contains(f.Key)))
        {
            if (key == "fixed_ips" ? !FixedIpsMatch(view[key] as JsonArray ?? [], values) : !values.Any(v => MatchesValue(view[key], key, v ?? "")))
            {
                return false;
            }
        }
        return TagFilters.Matches((view["tags"] as JsonArray)?.Select(t => t!.GetValue<string>()).ToHashSet() ?? []);
    }

    private static bool MatchesValue(JsonNode? actual, string key, string wanted)
    {
        if (actual is JsonArray items)
        {
            // fixed_ips=ip_address=10.0.0.5 / fixed_ips=subnet_id=...; other lists: membership.
            var eq = wanted.IndexOf('=');
            return eq > 0
                ? items.Any(i => i is JsonObject o && o[wanted[..eq]]?.ToString() == wanted[(eq + 1)..])
                : items.Any(i => Text(i) == wanted);
        }
        if (actual is JsonValue v && v.GetValueKind() is JsonValueKind.True or JsonValueKind.False)
        {
            return string.Equals(wanted, v.GetValue<bool>() ? "true" : "false", StringComparison.OrdinalIgnoreCase);
        }
        return actual is null ? wanted is "" or "None" : Text(actual) == wanted;
    }

    /// <summary>
    /// Neutron's <c>fixed_ips</c> filter: <c>ip_address=</c>, <c>subnet_id=</c> and (<c>ip-substring-filtering</c>)
    /// <c>ip_address_substr=</c>; a port matches when one of its fixed IPs matches every kind given, each kind by any of its values.
    /// </summary>
    private static bool FixedIpsMatch(JsonArray fixedIps, IEnumerable<string?> values)
    {
        var kinds = values.Select(v => v ?? "").Select(v => (Key: v[..Math.Max(v.IndexOf('='), 0)], Value: v[(v.IndexOf('=') + 1)..])).ToLookup(k => k.Key, k => k.Value);
        return fixedIps.OfType<JsonObject>().Any(ip => kinds.All(kind => kind.Key switch
        {
            "ip_address_substr" => kind.Any(part => ip["ip_address"]?.ToString().Contains(part, StringComparison.Ordinal) == true),
            "" => false,
            _ => kind.Any(wanted => ip[kind.Key]?.ToString() == wanted),
        }));
    }

    private static string? Text(JsonNode? node) => node is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : node?.ToJsonString();

    private static int Compare(JsonObject a, JsonObject b, List<(string Key, bool Descending)> keys)
    {
        foreach (var (key, descending) in keys)
        {
            var result = CompareValues(a[key], b[key]);
            if (result != 0)
            {
                return descending ? -result : result;
            }
        }
        return 0;
    }

    private static int CompareValues(JsonNode? x, JsonNode? y)
    {
        if (x is null || y is null)
        {
            return (x is null ? 0 : 1) - (y is null ? 0 : 1);
        }
        if (x is JsonValue vx && y is JsonValue vy && vx.GetValueKind() == JsonValueKind.Number && vy.GetValueKind() == JsonValueKind.Number)
        {
            return vx.GetValue<double>().CompareTo(vy.GetValue<double>());
        }
        return string.CompareOrdinal(Text(x), Text(y));
    }

    private static JsonObject Link(string rel, string collectionUrl, IQueryCollection query, string marker, bool reverse)
    {
        var parameters = query.Where(q => q.Key is not ("marker" or "page_reverse"))
            .SelectMany(q => q.Value.Select(v => $"{Uri.EscapeDataString(q.Key)}={Uri.EscapeDataString(v ?? "")}"))
            .Append($"marker={Uri.EscapeDataString(marker)}");
        if (reverse)
        {
            parameters = parameters.Append("page_reverse=True");
        }
        return new JsonObject { ["rel"] = rel, ["href"] = $"{collectionUrl}?{string.Join('&', parameters)}" };
    }
}
