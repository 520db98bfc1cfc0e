namespace Dashboard.Web.Topology;

/// <summary>A labelled box of a diagram; <see cref="Key"/> identifies what it stands for (for clicks and highlights).</summary>
public sealed record Box(string Key, double X, double Y, double Width, double Height, string Label, string Css, string? Sub = null, string? Title = null);

/// <summary>
/// A link of a diagram from (X1, Y1) to (X2, Y2), straight or, with <see cref="Via"/>, through those corner points in
/// order (a route around what it must not cross); optionally labelled above its start (or, with
/// <see cref="LabelAtEnd"/>, next to its end).
/// </summary>
public sealed record Link(string Key, double X1, double Y1, double X2, double Y2, string Css, string? Label = null)
{
    public bool LabelAtEnd { get; init; }

    public IReadOnlyList<(double X, double Y)> Via { get; init; } = [];

    /// <summary>Every point of the link, start to end.</summary>
    public IEnumerable<(double X, double Y)> Points => [(X1, Y1), .. Via, (X2, Y2)];

    /// <summary>The straight pieces the link is drawn as.</summary>
    public IEnumerable<((double X, double Y) From, (double X, double Y) To)> Segments => Points.Zip(Points.Skip(1));
}

public sealed record Diagram(double Width, double Height, IReadOnlyList<Box> Boxes, IReadOnlyList<Link> Links);

/// <summary>The colour class of a port or node status, as the topology draws it.</summary>
public static class StatusCss
{
    public static string For(string status, bool adminStateUp = true) => !adminStateUp ? "st-admin-down" : status switch
    {
        "ACTIVE" => "st-active",
        "DOWN" => "st-down",
        "BUILD" => "st-build",
        "ERROR" => "st-error",
        _ => "st-unknown",
    };
}
