namespace Dashboard.Web.Components.Shared;

/// <summary>
/// The forms' text format for a list attribute (pools, DNS servers, host routes, address pairs): one item per line,
/// its parts separated by commas. Whether the values are valid is the attribute map's to say, not this format's.
/// </summary>
public static class TextLists
{
    /// <summary>The non-empty lines, trimmed.</summary>
    public static List<string> Lines(string? text) =>
        (text ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();

    /// <summary>A line's comma-separated parts, trimmed.</summary>
    public static string[] Parts(string line) => line.Split(',', StringSplitOptions.TrimEntries);
}
