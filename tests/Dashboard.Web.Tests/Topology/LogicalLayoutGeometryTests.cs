using Dashboard.Core.Overview;
using Dashboard.Web.Topology;

namespace Dashboard.Web.Tests.Topology;

/// <summary>
/// The logical topology never misleads, checked on the geometry it draws: with 10, 50 and 200 networks, routers joining
/// random pairs and instances on one or two random networks, no link passes through a network bar or a node it does not
/// join, every link ends on its own network's bar, and no two nodes overlap.
/// </summary>
public class LogicalLayoutGeometryTests
{
    private static readonly DateTime T0 = new(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    public static TheoryData<int, int, int> Clouds => new() { { 10, 6, 40 }, { 50, 40, 250 }, { 200, 160, 2000 } };

    [Theory]
    [MemberData(nameof(Clouds))]
    public void No_link_crosses_a_bar_or_node_it_does_not_join_and_no_two_nodes_overlap(int networkCount, int routerCount, int instanceCount)
    {
        var random = new Random(networkCount); // the same cloud every run
        var networks = Enumerable.Range(0, networkCount)
            .Select(i => new TopologyNetwork($"n{i:D4}", $"net{i}", "p", i == 0, false, true, "ACTIVE", T0.AddMinutes(i), [$"10.{i / 250}.{i % 250}.0/24"])).ToList();
        TopologyPort Port(string device, int network, string ip) => new($"{device}-p{network}", networks[network].Id, device, "", "ACTIVE", true, "fa:16:3e:00:00:01", [ip]);
        var devices = new List<TopologyDevice>();
        for (var r = 0; r < routerCount; r++)
        {
            var a = random.Next(networkCount);
            var b = (a + 1 + random.Next(networkCount - 1)) % networkCount;
            devices.Add(new TopologyDevice($"r{r:D4}", TopologyDevice.Router, $"router{r}", "p", "ACTIVE", true, T0.AddHours(1).AddSeconds(r), null,
                [Port($"r{r:D4}", a, "10.0.0.1"), Port($"r{r:D4}", b, "10.0.1.1")]));
        }
        for (var v = 0; v < instanceCount; v++)
        {
            var first = random.Next(networkCount);
            List<TopologyPort> ports = [Port($"vm{v:D5}", first, "10.0.0.5")];
            if (v % 7 == 0)
            {
                ports.Add(Port($"vm{v:D5}", (first + 1 + random.Next(networkCount - 1)) % networkCount, "10.0.2.5")); // a second NIC
            }
            devices.Add(new TopologyDevice($"vm{v:D5}", TopologyDevice.Instance, $"vm{v}", "p", "ACTIVE", true, T0.AddHours(2).AddSeconds(v), "compute1", ports));
        }

        foreach (var view in new[] { new LogicalView(), new LogicalView { Expanded = networks.Select(n => n.Id).ToHashSet() } })
        {
            var diagram = LogicalLayout.Build(new TopologySnapshot(networks, devices), view).Diagram;
            var boxes = diagram.Boxes.ToDictionary(b => b.Key);
            var nodes = diagram.Boxes.Where(b => !b.Key.StartsWith("net/", StringComparison.Ordinal)).ToList();
            var problems = new List<string>();

            foreach (var (a, b) in nodes.SelectMany((a, i) => nodes.Skip(i + 1).Select(b => (a, b))).Where(p => Overlap(p.a, p.b)))
            {
                problems.Add($"{a.Key} overlaps {b.Key}");
            }
            foreach (var link in diagram.Links)
            {
                var (from, to) = (link.Key.Split('~')[0], link.Key.Split('~')[1]);
                var bar = boxes[to];
                if (!((Near(link.X2, bar.X) || Near(link.X2, bar.X + bar.Width)) && link.Y2 > bar.Y && link.Y2 < bar.Y + bar.Height))
                {
                    problems.Add($"{link.Key} ends at ({link.X2}, {link.Y2}), not on its network's bar");
                }
                foreach (var (start, end) in link.Segments)
                {
                    foreach (var box in diagram.Boxes.Where(b => b.Key != from && b.Key != to && Crosses(start, end, b)))
                    {
                        problems.Add($"{link.Key} passes through {box.Key}");
                    }
                }
            }

            Assert.True(problems.Count == 0, $"{problems.Count} problems with {networkCount} networks, e.g.:\n{string.Join("\n", problems.Take(15))}");
            Assert.True(diagram.Links.Count >= routerCount * 2 - 1, "every router is drawn with both its links");
        }
    }

    [Fact]
    public void A_router_joins_networks_that_sit_side_by_side_when_the_graph_allows()
    {
        // The issue's picture: four networks, one router joining the first and the last created.
        var networks = Enumerable.Range(0, 4).Select(i => new TopologyNetwork($"n{i}", $"net{i}", "p", false, false, true, "ACTIVE", T0.AddMinutes(i), [$"10.0.{i}.0/24"])).ToList();
        var router = new TopologyDevice("r", TopologyDevice.Router, "r", "p", "ACTIVE", true, T0, null,
            [new("g", "n0", "r", "", "ACTIVE", true, "m", ["10.0.0.1"]), new("i", "n3", "r", "", "ACTIVE", true, "m", ["10.0.3.1"])]);
        var vm = new TopologyDevice("vm", TopologyDevice.Instance, "vm", "p", "ACTIVE", true, T0, "compute1", [new("v", "n1", "vm", "", "ACTIVE", true, "m", ["10.0.1.5"])]);

        var diagram = LogicalLayout.Build(new TopologySnapshot(networks, [router, vm]), new LogicalView()).Diagram;

        var x = diagram.Boxes.Where(b => b.Key.StartsWith("net/", StringComparison.Ordinal)).ToDictionary(b => b.Key, b => b.X);
        Assert.Equal(LogicalLayout.Lane, Math.Abs(x["net/n3"] - x["net/n0"])); // neighbours now
        Assert.All(diagram.Links, l => Assert.Empty(l.Via)); // and so drawn straight
    }

    private static bool Near(double a, double b) => Math.Abs(a - b) < 0.01;

    private static bool Overlap(Box a, Box b) =>
        a.X < b.X + b.Width && b.X < a.X + a.Width && a.Y < b.Y + b.Height && b.Y < a.Y + a.Height;

    /// <summary>Whether the segment enters the box (Liang-Barsky clipping; touching the outline counts).</summary>
    private static bool Crosses((double X, double Y) p, (double X, double Y) q, Box box)
    {
        double t0 = 0, t1 = 1;
        var (dx, dy) = (q.X - p.X, q.Y - p.Y);
        foreach (var (d, distance) in new[] { (-dx, p.X - box.X), (dx, box.X + box.Width - p.X), (-dy, p.Y - box.Y), (dy, box.Y + box.Height - p.Y) })
        {
            if (d == 0)
            {
                if (distance < 0)
                {
                    return false;
                }
                continue;
            }
            var t = distance / d;
            if (d < 0)
            {
                t0 = Math.Max(t0, t);
            }
            else
            {
                t1 = Math.Min(t1, t);
            }
            if (t0 > t1)
            {
                return false;
            }
        }
        return true;
    }
}
