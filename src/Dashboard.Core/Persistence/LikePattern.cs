namespace Dashboard.Core.Persistence;

/// <summary>SQL LIKE patterns for the lists' "filter" boxes: the user's text is matched literally, never as wildcards.</summary>
internal static class LikePattern
{
    /// <summary>The escape character the patterns use (pass it to <c>EF.Functions.Like</c>).</summary>
    public const string Escape = "\\";

    /// <summary>A pattern matching any text containing <paramref name="text"/> (trimmed), with %, _ and \ escaped.</summary>
    public static string Containing(string text) =>
        $"%{text.Trim().Replace("\\", "\\\\").Replace("%", "\\%").Replace("_", "\\_")}%";
}
