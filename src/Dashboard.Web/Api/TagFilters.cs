namespace Dashboard.Web.Api;

/// <summary>
/// OpenStack's tag filters on a list, as Neutron and Keystone both read them: <c>tags</c> (all of), <c>tags-any</c>,
/// <c>not-tags</c> (not all of), <c>not-tags-any</c> (none of); each comma-separated, and a key given twice joins its values.
/// </summary>
public sealed class TagFilters
{
    public static readonly string[] Keys = ["tags", "tags-any", "not-tags", "not-tags-any"];

    private readonly Dictionary<string, string[]> _wanted;

    private TagFilters(Dictionary<string, string[]> wanted) => _wanted = wanted;

    public static TagFilters Of(IQueryCollection query) => new(Keys.Where(query.ContainsKey)
        .ToDictionary(k => k, k => string.Join(',', query[k].ToArray()).Split(',', StringSplitOptions.RemoveEmptyEntries)));

    public bool IsEmpty => _wanted.Count == 0;

    public bool Matches(IReadOnlyCollection<string> tags) => _wanted.All(filter => filter.Key switch
    {
        "tags" => filter.Value.All(tags.Contains),
        "tags-any" => filter.Value.Any(tags.Contains),
        "not-tags" => !filter.Value.All(tags.Contains),
        _ => !filter.Value.Any(tags.Contains),
    });
}
