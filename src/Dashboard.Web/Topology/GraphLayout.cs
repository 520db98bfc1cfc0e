namespace Dashboard.Web.Topology;

/// <summary>
/// Horizon's other view of the same topology, a graph: the normal view's networks, routers, instances and instance
/// groups as nodes, their ports as links, placed by a force-directed layout (linked nodes pull together, all nodes push
/// apart) so related things sit together, then nudged until no two nodes overlap. Deterministic: the same topology
/// draws the same picture (the start is a circle in the normal view's order, there is no randomness).
/// </summary>
public static class GraphLayout
{
    public const double NodeWidth = 130;
    public const double NodeHeight = 38;
    private const double Margin = 20;
    private const double Spacing = 16;
    private const int Iterations = 120;
    private const double Gravity = 0.15;

    public static Diagram Build(LogicalDiagram normal)
    {
        var nodes = normal.Diagram.Boxes.Select(b => b with
        {
            Width = NodeWidth,
            Height = NodeHeight,
            // A network is a node like the others here, not a bar: its own colours, its CIDRs inside it.
            Css = b.Css.StartsWith("netbar", StringComparison.Ordinal) ? "netnode" + b.Css["netbar".Length..] : b.Css,
        }).ToList();
        var index = nodes.Select((n, i) => (n.Key, i)).ToDictionary(p => p.Key, p => p.i, StringComparer.Ordinal);
        var edges = normal.Diagram.Links
            .Select(l => l.Key.Split('~'))
            .Where(k => index.ContainsKey(k[0]) && index.ContainsKey(k[1]))
            .Select(k => (From: index[k[0]], To: index[k[1]])).Distinct().ToList();
        var n = nodes.Count;
        if (n == 0)
        {
            return new Diagram(400, 200, [], []);
        }

        // Fruchterman-Reingold on centres, with the repulsion looked up in a grid (only near nodes push).
        var ideal = Math.Max(NodeWidth, NodeHeight) * 1.3;
        var x = new double[n];
        var y = new double[n];
        var radius = ideal * Math.Sqrt(n) / 2;
        for (var i = 0; i < n; i++)
        {
            var angle = 2 * Math.PI * i / n;
            (x[i], y[i]) = (radius * Math.Cos(angle), radius * Math.Sin(angle));
        }
        var temperature = radius / 4;
        var dx = new double[n];
        var dy = new double[n];
        for (var iteration = 0; iteration < Iterations; iteration++)
        {
            Array.Clear(dx);
            Array.Clear(dy);
            var cell = ideal * 2;
            var grid = Grid(x, y, cell);
            for (var i = 0; i < n; i++)
            {
                foreach (var j in Near(grid, x[i], y[i], cell))
                {
                    if (j == i)
                    {
                        continue;
                    }
                    var (ux, uy) = (x[i] - x[j], y[i] - y[j]);
                    var d2 = ux * ux + uy * uy;
                    if (d2 < 1e-6)
                    {
                        (ux, uy, d2) = (i < j ? -1 : 1, 0, 1); // on top of each other: apart along x, by index
                    }
                    var force = ideal * ideal / d2;
                    dx[i] += ux * force;
                    dy[i] += uy * force;
                }
            }
            foreach (var (a, b) in edges)
            {
                var (ux, uy) = (x[a] - x[b], y[a] - y[b]);
                var d = Math.Sqrt(ux * ux + uy * uy) + 1e-9;
                var force = d / ideal;
                (dx[a], dy[a]) = (dx[a] - ux * force, dy[a] - uy * force);
                (dx[b], dy[b]) = (dx[b] + ux * force, dy[b] + uy * force);
            }
            for (var i = 0; i < n; i++)
            {
                // Gravity towards the middle keeps parts that share no link (separate projects' networks) close by.
                dx[i] -= x[i] * Gravity;
                dy[i] -= y[i] * Gravity;
                var length = Math.Sqrt(dx[i] * dx[i] + dy[i] * dy[i]);
                if (length > 0)
                {
                    var step = Math.Min(length, temperature);
                    x[i] += dx[i] / length * step;
                    y[i] += dy[i] / length * step;
                }
            }
            temperature = Math.Max(temperature * 0.95, 1);
        }
        Separate(x, y);

        var (minX, minY) = (x.Min() - NodeWidth / 2 - Margin, y.Min() - NodeHeight / 2 - Margin);
        var placed = nodes.Select((b, i) => b with { X = x[i] - NodeWidth / 2 - minX, Y = y[i] - NodeHeight / 2 - minY }).ToList();
        var links = normal.Diagram.Links.Where(l => index.ContainsKey(l.Key.Split('~')[0]) && index.ContainsKey(l.Key.Split('~')[1])).Select(l =>
        {
            var (a, b) = (placed[index[l.Key.Split('~')[0]]], placed[index[l.Key.Split('~')[1]]]);
            return new Link(l.Key, a.X + a.Width / 2, a.Y + a.Height / 2, b.X + b.Width / 2, b.Y + b.Height / 2, l.Css);
        }).ToList();
        var width = placed.Max(b => b.X + b.Width) + Margin;
        var height = placed.Max(b => b.Y + b.Height) + Margin;
        return new Diagram(Math.Max(width, 400), Math.Max(height, 200), placed, links);
    }

    /// <summary>
    /// The graph with the nodes the user dragged pinned where they were put (by key, top-left corner): each pinned node
    /// and the ends of its links follow, whatever the layout does with the rest; pins of nodes no longer drawn are
    /// ignored. The picture grows to hold a node put past its edge.
    /// </summary>
    public static Diagram Pinned(Diagram graph, IReadOnlyDictionary<string, (double X, double Y)> pins)
    {
        if (pins.Count == 0)
        {
            return graph;
        }
        var boxes = graph.Boxes.Select(b => pins.TryGetValue(b.Key, out var at) ? b with { X = Math.Max(0, at.X), Y = Math.Max(0, at.Y) } : b).ToList();
        var centres = boxes.ToDictionary(b => b.Key, b => (X: b.X + b.Width / 2, Y: b.Y + b.Height / 2));
        var links = graph.Links.Select(l => l.Key.Split('~') is [var from, var to] && centres.TryGetValue(from, out var a) && centres.TryGetValue(to, out var c)
            ? l with { X1 = a.X, Y1 = a.Y, X2 = c.X, Y2 = c.Y }
            : l).ToList();
        return new Diagram(Math.Max(graph.Width, boxes.Max(b => b.X + b.Width) + Margin), Math.Max(graph.Height, boxes.Max(b => b.Y + b.Height) + Margin), boxes, links);
    }

    /// <summary>
    /// Pushes overlapping nodes apart (along the axis where they overlap least) until none overlap; where a crowd keeps
    /// pushing back (a hub with hundreds of neighbours), the whole picture is spread a little and the pushing goes on.
    /// </summary>
    private static void Separate(double[] x, double[] y)
    {
        var (w, h) = (NodeWidth + Spacing, NodeHeight + Spacing);
        for (var round = 0; round < 60; round++)
        {
            for (var pass = 0; pass < 100; pass++)
            {
                if (!PushApart(x, y, w, h))
                {
                    return;
                }
            }
            var (cx, cy) = (x.Average(), y.Average());
            for (var i = 0; i < x.Length; i++)
            {
                (x[i], y[i]) = (cx + (x[i] - cx) * 1.15, cy + (y[i] - cy) * 1.15);
            }
        }
        throw new InvalidOperationException("the graph layout could not separate its nodes");
    }

    // One pass over the overlapping pairs; whether any was pushed.
    private static bool PushApart(double[] x, double[] y, double w, double h)
    {
        var moved = false;
        var grid = Grid(x, y, w);
        for (var i = 0; i < x.Length; i++)
        {
            foreach (var j in Near(grid, x[i], y[i], w).Where(j => j > i))
            {
                var (ox, oy) = (w - Math.Abs(x[i] - x[j]), h - Math.Abs(y[i] - y[j]));
                if (ox <= 0 || oy <= 0)
                {
                    continue;
                }
                moved = true;
                if (ox / w < oy / h)
                {
                    var push = (ox / 2 + 0.5) * (x[i] < x[j] || (x[i] == x[j] && i < j) ? -1 : 1);
                    (x[i], x[j]) = (x[i] + push, x[j] - push);
                }
                else
                {
                    var push = (oy / 2 + 0.5) * (y[i] < y[j] || (y[i] == y[j] && i < j) ? -1 : 1);
                    (y[i], y[j]) = (y[i] + push, y[j] - push);
                }
            }
        }
        return moved;
    }

    private static Dictionary<(long, long), List<int>> Grid(double[] x, double[] y, double cell)
    {
        var grid = new Dictionary<(long, long), List<int>>();
        for (var i = 0; i < x.Length; i++)
        {
            var key = ((long)Math.Floor(x[i] / cell), (long)Math.Floor(y[i] / cell));
            if (!grid.TryGetValue(key, out var list))
            {
                grid[key] = list = [];
            }
            list.Add(i);
        }
        return grid;
    }

    // The nodes in the cell of (px, py) and the eight around it.
    private static IEnumerable<int> Near(Dictionary<(long, long), List<int>> grid, double px, double py, double cell)
    {
        var (cx, cy) = ((long)Math.Floor(px / cell), (long)Math.Floor(py / cell));
        for (var gx = cx - 1; gx <= cx + 1; gx++)
        {
            for (var gy = cy - 1; gy <= cy + 1; gy++)
            {
                if (grid.TryGetValue((gx, gy), out var list))
                {
                    foreach (var j in list)
                    {
                        yield return j;
                    }
                }
            }
        }
    }
}
