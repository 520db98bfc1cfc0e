using System.Globalization;
using Dashboard.Web.Topology;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Rendering;
using Microsoft.AspNetCore.Components.Web;

namespace Dashboard.Web.Components.Shared;

/// <summary>
/// Draws a <see cref="Diagram"/> as SVG on the server: boxes and links; the selected box outlined;
/// a highlighted path with everything else dimmed; matches of a search marked. Clicking a box
/// reports its key. Written as a render tree (SVG's &lt;text&gt; is reserved in Razor markup).
/// </summary>
public sealed class DiagramView : ComponentBase
{
    [Parameter, EditorRequired] public Diagram Diagram { get; set; } = null!;
    [Parameter] public IReadOnlySet<string>? Highlighted { get; set; }
    [Parameter] public IReadOnlySet<string>? Matches { get; set; }
    [Parameter] public string? Selected { get; set; }
    [Parameter] public double Zoom { get; set; } = 1;
    [Parameter] public EventCallback<string> OnSelect { get; set; }
    [Parameter] public string TestId { get; set; } = "diagram";
    [Parameter] public string Label { get; set; } = "Topology";
    [Parameter] public string MaxHeight { get; set; } = "75vh";

    /// <summary>Boxes can be dragged (the graph view): each move is reported in diagram units, the page keeps it.</summary>
    [Parameter] public bool Draggable { get; set; }

    [Parameter] public EventCallback<(string Key, double Dx, double Dy)> OnMove { get; set; }

    private (string Key, double X, double Y)? _drag;

    protected override void BuildRenderTree(RenderTreeBuilder b)
    {
        b.OpenElement(1, "div");
        b.AddAttribute(2, "class", "topo-scroll");
        b.AddAttribute(3, "style", $"max-height:{MaxHeight}");
        b.OpenElement(4, "svg");
        b.AddAttribute(5, "class", "topo");
        b.AddAttribute(6, "data-testid", TestId);
        b.AddAttribute(7, "width", Px(Diagram.Width * Zoom));
        b.AddAttribute(8, "height", Px(Diagram.Height * Zoom));
        b.AddAttribute(9, "viewBox", $"0 0 {Px(Diagram.Width)} {Px(Diagram.Height)}");
        b.AddAttribute(10, "role", "img");
        b.AddAttribute(11, "aria-label", Label);
        if (Draggable)
        {
            b.AddAttribute(12, "onmousemove", EventCallback.Factory.Create<MouseEventArgs>(this, DragAsync));
            b.AddAttribute(13, "onmouseup", EventCallback.Factory.Create<MouseEventArgs>(this, () => _drag = null));
            b.AddAttribute(14, "onmouseleave", EventCallback.Factory.Create<MouseEventArgs>(this, () => _drag = null));
        }
        foreach (var link in Diagram.Links)
        {
            b.OpenElement(100, "g");
            b.SetKey(link.Key);
            b.AddAttribute(101, "class", Classes(link.Key, link.Css, IsHighlightedLink(link.Key)));
            b.AddAttribute(102, "data-key", link.Key);
            if (link.Via.Count == 0)
            {
                b.OpenElement(103, "line");
                b.AddAttribute(104, "x1", Px(link.X1));
                b.AddAttribute(105, "y1", Px(link.Y1));
                b.AddAttribute(106, "x2", Px(link.X2));
                b.AddAttribute(107, "y2", Px(link.Y2));
                b.CloseElement();
            }
            else
            {
                b.OpenElement(108, "polyline");
                b.AddAttribute(109, "points", string.Join(' ', link.Points.Select(p => $"{Px(p.X)},{Px(p.Y)}")));
                b.CloseElement();
            }
            if (link.Label is not null)
            {
                if (link.LabelAtEnd)
                {
                    var rightwards = link.X2 >= (link.Via.Count == 0 ? link.X1 : link.Via[^1].X);
                    Text(b, link.X2 + (rightwards ? -4 : 4), link.Y2 - 4, link.Label, "link-label", rightwards ? "end" : null);
                }
                else
                {
                    Text(b, Math.Min(link.X1, link.X2) + 6, (link.Y1 + link.Y2) / 2 - 4, link.Label, "link-label", null);
                }
            }
            b.CloseElement();
        }
        foreach (var box in Diagram.Boxes)
        {
            var key = box.Key;
            b.OpenElement(200, "g");
            b.SetKey(key);
            b.AddAttribute(201, "class", Classes(key, box.Css, Highlighted?.Contains(key) == true));
            b.AddAttribute(202, "data-key", key);
            b.AddAttribute(203, "onclick", EventCallback.Factory.Create<MouseEventArgs>(this, () => OnSelect.InvokeAsync(key)));
            if (Draggable)
            {
                b.AddAttribute(212, "onmousedown", EventCallback.Factory.Create<MouseEventArgs>(this, e => _drag = (key, e.ClientX, e.ClientY)));
                b.AddEventPreventDefaultAttribute(213, "onmousedown", true);
            }
            if (box.Title is not null)
            {
                b.OpenElement(204, "title");
                b.AddContent(205, box.Title);
                b.CloseElement();
            }
            b.OpenElement(206, "rect");
            b.AddAttribute(207, "x", Px(box.X));
            b.AddAttribute(208, "y", Px(box.Y));
            b.AddAttribute(209, "width", Px(box.Width));
            b.AddAttribute(210, "height", Px(box.Height));
            b.AddAttribute(211, "rx", "4");
            b.CloseElement();
            if (box.Css.StartsWith("host", StringComparison.Ordinal) || box.Css.StartsWith("netbar", StringComparison.Ordinal))
            {
                // Hosts are labelled inside their frame; a network bar beside its top.
                var textX = box.Css.StartsWith("netbar", StringComparison.Ordinal) ? box.X + box.Width + 6 : box.X + 8;
                Text(b, textX, box.Y + 18, box.Label, "title", null);
                if (box.Sub is not null)
                {
                    Text(b, textX, box.Y + 32, box.Sub, "sub", null);
                }
            }
            else if (box.Height >= 34)
            {
                Text(b, box.X + box.Width / 2, box.Y + 15, box.Label, null, "middle");
                if (box.Sub is not null)
                {
                    Text(b, box.X + box.Width / 2, box.Y + 29, box.Sub, "sub", "middle");
                }
            }
            else
            {
                Text(b, box.X + box.Width / 2, box.Y + box.Height / 2 + 4, box.Label, null, "middle");
                if (box.Sub is not null)
                {
                    Text(b, box.X + box.Width + 4, box.Y + box.Height / 2 + 4, box.Sub, "sub", null);
                }
            }
            b.CloseElement();
        }
        b.CloseElement();
        b.CloseElement();
    }

    // The pointer moved with a box held: the box follows it, in the diagram's units (screen pixels over the zoom).
    private async Task DragAsync(MouseEventArgs e)
    {
        if (_drag is not { } drag)
        {
            return;
        }
        var (dx, dy) = ((e.ClientX - drag.X) / Zoom, (e.ClientY - drag.Y) / Zoom);
        _drag = (drag.Key, e.ClientX, e.ClientY);
        if (dx != 0 || dy != 0)
        {
            await OnMove.InvokeAsync((drag.Key, dx, dy));
        }
    }

    private static void Text(RenderTreeBuilder b, double x, double y, string content, string? css, string? anchor)
    {
        b.OpenElement(0, "text");
        if (css is not null)
        {
            b.AddAttribute(1, "class", css);
        }
        b.AddAttribute(2, "x", Px(x));
        b.AddAttribute(3, "y", Px(y));
        if (anchor is not null)
        {
            b.AddAttribute(4, "text-anchor", anchor);
        }
        b.AddContent(5, content);
        b.CloseElement();
    }

    private string Classes(string key, string css, bool onPath)
    {
        var classes = css;
        if (Highlighted is { Count: > 0 })
        {
            classes += onPath ? " hl" : " dim";
        }
        if (Matches?.Contains(key) == true)
        {
            classes += " match";
        }
        return key == Selected ? classes + " selected" : classes;
    }

    /// <summary>A link is on the path when it is (a wire) or both of its ends (keyed <c>from~to</c>) are.</summary>
    private bool IsHighlightedLink(string key) =>
        Highlighted is { } highlighted && (highlighted.Contains(key) || (key.Split('~') is [var from, var to] && highlighted.Contains(from) && highlighted.Contains(to)));

    private static string Px(double value) => value.ToString("0.#", CultureInfo.InvariantCulture);
}
