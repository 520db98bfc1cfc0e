using Dashboard.Core.Overview;

namespace Dashboard.Web.Topology;

/// <summary>What the logical diagram shows and how: collapsed networks, a name filter.</summary>
public sealed record LogicalView
{
    /// <summary>Networks whose instances are drawn as one group node.</summary>
    public IReadOnlySet<string> Collapsed { get; init; } = new HashSet<string>();

    /// <summary>Networks drawn expanded although they would be collapsed automatically.</summary>
    public IReadOnlySet<string> Expanded { get; init; } = new HashSet<string>();

    /// <summary>Whether instances are labelled with their hypervisor host (Nova's default: operators only, <c>dashboard:host_details</c>).</summary>
    public bool ShowHosts { get; init; }

    /// <summary>Only networks whose name or CIDR contains this (and what is attached to them); empty for all.</summary>
    public string Filter { get; init; } = "";

    /// <summary>A network with more instances than this starts collapsed once the whole view holds more than <see cref="AutoCollapseAbove"/> instances.</summary>
    public int CollapseGroupsOver { get; init; } = 5;
    public int AutoCollapseAbove { get; init; } = 300;
}

/// <summary>A laid-out logical diagram and, per key, the thing it stands for.</summary>
public sealed record LogicalDiagram(Diagram Diagram, IReadOnlyDictionary<string, TopologyNetwork> Networks, IReadOnlyDictionary<string, TopologyDevice> Devices, IReadOnlyDictionary<string, IReadOnlyList<TopologyDevice>> Groups)
{
    public static string NetworkKey(string id) => $"net/{id}";

    public static string DeviceKey(TopologyDevice d) => $"{d.Kind}/{d.Id}";

    public static string GroupKey(string networkId) => $"group/{networkId}";
}

/// <summary>
/// Horizon's normal view, laid out deterministically so that it never misleads: each network a vertical bar, labelled
/// with its name and CIDRs, ordered by adjacency (external networks first, then each network after the networks its
/// routers join, else by creation); each router or instance a node in the lane right of its leftmost network, stacked
/// in creation order. A node's link to its own lane's network or the next one is a straight line; a link to a network
/// further right is routed around everything in between: into the gap right of the node, down below the bars, along
/// a track of its own, and up the gap left of its network. So no link crosses a bar or a node it does not join, and no
/// two nodes overlap (the geometry tests check both). Links are labelled with the port's IPs and coloured by its
/// status. Adding an instance only appends to one lane; a network with many instances can be collapsed into one group
/// node, and large views collapse such networks by default.
/// </summary>
public static class LogicalLayout
{
    public const double Lane = 290;
    public const double BarWidth = 22;
    public const double Top = 20;
    public const double FirstRow = 90;
    public const double Row = 56;
    public const double NodeWidth = 130;
    public const double NodeHeight = 38;

    /// <summary>The free gap between a lane's nodes and the next bar, where routed links go down and up.</summary>
    public const double Gap = Lane - BarWidth - 70 - NodeWidth;

    /// <summary>Between a routed link's tracks below the bars.</summary>
    public const double Track = 5;

    public static LogicalDiagram Build(TopologySnapshot snapshot, LogicalView view)
    {
        var filter = view.Filter.Trim();
        var inView = snapshot.Networks
            .Where(n => filter.Length == 0 || n.Name.Contains(filter, StringComparison.OrdinalIgnoreCase) || n.Cidrs.Any(c => c.Contains(filter, StringComparison.Ordinal)))
            .OrderByDescending(n => n.External).ThenBy(n => n.CreatedAt).ThenBy(n => n.Id, StringComparer.Ordinal).ToList();
        var networks = ByAdjacency(inView, snapshot.Devices);
        var column = networks.Select((n, i) => (n.Id, i)).ToDictionary(p => p.Id, p => p.i);
        var devices = snapshot.Devices.Where(d => d.Ports.Any(p => column.ContainsKey(p.NetworkId)))
            .OrderBy(d => d.Kind == TopologyDevice.Router ? 0 : 1).ThenBy(d => d.CreatedAt).ThenBy(d => d.Id, StringComparer.Ordinal).ToList();
        var instanceCount = devices.Count(d => d.Kind == TopologyDevice.Instance);

        // Each device lives in the lane right of its leftmost network; instances of a collapsed network become one group node.
        var lanes = devices.GroupBy(d => d.Ports.Where(p => column.ContainsKey(p.NetworkId)).Min(p => column[p.NetworkId])).ToDictionary(g => g.Key, g => g.ToList());
        var boxes = new List<Box>();
        var groups = new Dictionary<string, IReadOnlyList<TopologyDevice>>(StringComparer.Ordinal);
        var ends = new List<(string Key, int Lane, double Y, int Column, string Css, string? Label)>();
        var rows = 0;
        foreach (var (lane, members) in lanes)
        {
            var network = networks[lane];
            var instances = members.Where(d => d.Kind == TopologyDevice.Instance).ToList();
            var collapse = instances.Count > 0 && (view.Collapsed.Contains(network.Id)
                || (!view.Expanded.Contains(network.Id) && instanceCount > view.AutoCollapseAbove && instances.Count > view.CollapseGroupsOver));
            var drawn = collapse ? members.Where(d => d.Kind == TopologyDevice.Router).ToList() : members;
            var x = NodeX(lane);
            var row = 0;
            foreach (var device in drawn)
            {
                var y = FirstRow + row++ * Row;
                var key = LogicalDiagram.DeviceKey(device);
                var css = device.Kind == TopologyDevice.Router ? "router " + RouterCss(device) : "vm " + InstanceCss(device);
                var sub = device.Kind == TopologyDevice.Router ? "router" : view.ShowHosts ? device.Host : "instance";
                boxes.Add(new Box(key, x, y, NodeWidth, NodeHeight, Short(device.Name, 18), css, sub, $"{device.Kind} {device.Name} ({device.Status})"));
                foreach (var port in device.Ports.Where(p => column.ContainsKey(p.NetworkId)).OrderBy(p => column[p.NetworkId]))
                {
                    ends.Add((key, lane, y + NodeHeight / 2, column[port.NetworkId], "port " + StatusCss.For(port.Status, port.AdminStateUp),
                        port.Ips.Count == 0 ? null : string.Join(", ", [.. port.Ips, .. port.FloatingIps.Select(f => $"{f} (floating)")])));
                }
            }
            if (collapse)
            {
                var y = FirstRow + row++ * Row;
                var key = LogicalDiagram.GroupKey(network.Id);
                groups[key] = instances;
                var worst = instances.SelectMany(i => i.Ports).Select(p => StatusCss.For(p.Status, p.AdminStateUp)).OrderBy(Severity).LastOrDefault() ?? "st-unknown";
                boxes.Add(new Box(key, x, y, NodeWidth, NodeHeight, $"{instances.Count} instances", $"vm group {worst}", "click to expand",
                    $"{instances.Count} instances on {network.Name}: {string.Join(", ", instances.Take(20).Select(i => i.Name))}{(instances.Count > 20 ? ", ..." : "")}"));
                ends.Add((key, lane, y + NodeHeight / 2, lane, "port " + worst, null));
            }
            rows = Math.Max(rows, row);
        }

        // The bars end above the tracks the routed links run along, one track each.
        var barsEnd = FirstRow + Math.Max(rows, 2) * Row + 20;
        var links = new List<Link>();
        var routed = 0;
        foreach (var (key, lane, y, target, css, label) in ends)
        {
            var linkKey = $"{key}~{LogicalDiagram.NetworkKey(networks[target].Id)}";
            if (target == lane)
            {
                links.Add(new Link(linkKey, NodeX(lane), y, LaneX(lane) + BarWidth, y, css, label) { LabelAtEnd = true });
            }
            else if (target == lane + 1)
            {
                links.Add(new Link(linkKey, NodeX(lane) + NodeWidth, y, LaneX(target), y, css, label) { LabelAtEnd = true });
            }
            else
            {
                var k = routed++;
                var down = GapX(lane, k);
                var up = GapX(target - 1, k);
                var track = barsEnd + 14 + k * Track;
                var arrive = barsEnd - 14 - k % 5 * 4; // on the bar (it ends 10 above barsEnd), below the last row of nodes
                links.Add(new Link(linkKey, NodeX(lane) + NodeWidth, y, LaneX(target), arrive, css, label)
                {
                    LabelAtEnd = true,
                    Via = [(down, y), (down, track), (up, track), (up, arrive)],
                });
            }
        }

        var height = routed == 0 ? barsEnd : barsEnd + 14 + routed * Track + 10;
        for (var i = 0; i < networks.Count; i++)
        {
            var n = networks[i];
            var css = "netbar" + (n.External ? " external" : "") + (n.AdminStateUp ? "" : " admin-down");
            boxes.Insert(i, new Box(LogicalDiagram.NetworkKey(n.Id), LaneX(i), Top, BarWidth, barsEnd - Top - 10, Short(n.Name.Length > 0 ? n.Name : n.Id[..8], 22), css,
                Sub: string.Join(", ", n.Cidrs), Title: $"network {n.Name} {string.Join(", ", n.Cidrs)} ({n.Status}{(n.External ? ", external" : "")}{(n.Shared ? ", shared" : "")})"));
        }
        var width = Math.Max(LaneX(networks.Count) + 20, 400);
        return new LogicalDiagram(new Diagram(width, height, boxes, links),
            networks.ToDictionary(n => LogicalDiagram.NetworkKey(n.Id)),
            devices.ToDictionary(LogicalDiagram.DeviceKey),
            groups);
    }

    /// <summary>
    /// The networks in drawing order: from the first (external ones lead), each network is followed by the networks its
    /// routers join (breadth first, by creation), so a router's networks sit side by side wherever the graph allows.
    /// </summary>
    private static List<TopologyNetwork> ByAdjacency(List<TopologyNetwork> byCreation, IReadOnlyList<TopologyDevice> devices)
    {
        var rank = byCreation.Select((n, i) => (n.Id, i)).ToDictionary(p => p.Id, p => p.i);
        var neighbours = byCreation.ToDictionary(n => n.Id, _ => new SortedSet<int>());
        foreach (var router in devices.Where(d => d.Kind == TopologyDevice.Router))
        {
            var joined = router.Ports.Select(p => p.NetworkId).Where(rank.ContainsKey).Distinct().ToList();
            foreach (var a in joined)
            {
                neighbours[a].UnionWith(joined.Where(b => b != a).Select(b => rank[b]));
            }
        }
        var order = new List<TopologyNetwork>(byCreation.Count);
        var seen = new bool[byCreation.Count];
        for (var start = 0; start < byCreation.Count; start++)
        {
            if (seen[start])
            {
                continue;
            }
            seen[start] = true;
            var queue = new Queue<int>([start]);
            while (queue.TryDequeue(out var next))
            {
                order.Add(byCreation[next]);
                foreach (var neighbour in neighbours[byCreation[next].Id].Where(n => !seen[n]))
                {
                    seen[neighbour] = true;
                    queue.Enqueue(neighbour);
                }
            }
        }
        return order;
    }

    /// <summary>The keys whose name, IP or CIDR contains <paramref name="search"/>.</summary>
    public static IReadOnlySet<string> Search(LogicalDiagram diagram, string search)
    {
        var term = search.Trim();
        if (term.Length == 0)
        {
            return new HashSet<string>();
        }
        var keys = diagram.Networks.Where(n => n.Value.Name.Contains(term, StringComparison.OrdinalIgnoreCase) || n.Value.Cidrs.Any(c => c.Contains(term, StringComparison.Ordinal)))
            .Select(n => n.Key).ToHashSet(StringComparer.Ordinal);
        foreach (var (key, device) in diagram.Devices)
        {
            if (device.Name.Contains(term, StringComparison.OrdinalIgnoreCase) || device.Ports.Any(p => p.Ips.Any(ip => ip.Contains(term, StringComparison.Ordinal))))
            {
                keys.Add(key);
            }
        }
        foreach (var (key, members) in diagram.Groups)
        {
            if (members.Any(d => d.Name.Contains(term, StringComparison.OrdinalIgnoreCase) || d.Ports.Any(p => p.Ips.Any(ip => ip.Contains(term, StringComparison.Ordinal)))))
            {
                keys.Add(key);
            }
        }
        return keys;
    }

    private static double LaneX(int column) => 20 + column * Lane;

    private static double NodeX(int lane) => LaneX(lane) + BarWidth + 70;

    // A routed link's own place in the gap right of a lane's nodes (links side by side, not on top of each other).
    private static double GapX(int lane, int k) => NodeX(lane) + NodeWidth + 8 + k % 13 * 4;

    private static string RouterCss(TopologyDevice router) => router.AdminStateUp ? StatusCss.For(router.Status) : "st-admin-down";

    /// <summary>An instance is as healthy as its worst port.</summary>
    private static string InstanceCss(TopologyDevice instance) =>
        instance.Ports.Select(p => StatusCss.For(p.Status, p.AdminStateUp)).OrderBy(Severity).LastOrDefault() ?? "st-unknown";

    private static int Severity(string css) => css switch
    {
        "st-active" => 0,
        "st-admin-down" => 1,
        "st-build" => 2,
        "st-down" => 3,
        _ => 4,
    };

    private static string Short(string name, int max) => name.Length > max ? name[..(max - 1)] + "…" : name;
}
