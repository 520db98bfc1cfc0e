using Dashboard.Core.Overview;
using Dashboard.Web.Topology;

namespace Dashboard.Web.Tests.Topology;

public class GraphLayoutTests
{
    private static readonly DateTime T0 = new(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    private static TopologySnapshot Cloud(int networkCount, int instanceCount)
    {
        var random = new Random(7);
        var networks = Enumerable.Range(0, networkCount)
            .Select(i => new TopologyNetwork($"n{i:D4}", $"net{i}", "p", i == 0, false, true, "ACTIVE", T0.AddMinutes(i), [$"10.0.{i}.0/24"])).ToList();
        TopologyPort Port(string device, int network) => new($"{device}-{network}", networks[network].Id, device, "", "ACTIVE", true, "m", ["10.0.0.9"]);
        var devices = new List<TopologyDevice>();
        for (var r = 1; r < networkCount; r++)
        {
            devices.Add(new TopologyDevice($"r{r}", TopologyDevice.Router, $"r{r}", "p", "ACTIVE", true, T0, null, [Port($"r{r}", 0), Port($"r{r}", r)]));
        }
        for (var v = 0; v < instanceCount; v++)
        {
            devices.Add(new TopologyDevice($"vm{v}", TopologyDevice.Instance, $"vm{v}", "p", "ACTIVE", true, T0.AddSeconds(v), "compute1", [Port($"vm{v}", random.Next(networkCount))]));
        }
        return new TopologySnapshot(networks, devices);
    }

    [Theory]
    [InlineData(5, 20)]
    [InlineData(40, 300)]
    [InlineData(200, 2000)]
    public void Nodes_never_overlap_linked_nodes_sit_together_and_the_same_topology_draws_the_same_graph(int networks, int instances)
    {
        var normal = LogicalLayout.Build(Cloud(networks, instances), new LogicalView());

        var graph = GraphLayout.Build(normal);

        Assert.Equal(normal.Diagram.Boxes.Select(b => b.Key).Order(), graph.Boxes.Select(b => b.Key).Order()); // the same things
        Assert.Equal(normal.Diagram.Links.Count, graph.Links.Count);
        var boxes = graph.Boxes;
        var overlaps = boxes.SelectMany((a, i) => boxes.Skip(i + 1).Where(b => a.X < b.X + b.Width && b.X < a.X + a.Width && a.Y < b.Y + b.Height && b.Y < a.Y + a.Height)
            .Select(b => $"{a.Key} / {b.Key}")).ToList();
        Assert.True(overlaps.Count == 0, string.Join(", ", overlaps.Take(10)));
        Assert.All(boxes, b => Assert.True(b.X >= 0 && b.Y >= 0 && b.X + b.Width <= graph.Width && b.Y + b.Height <= graph.Height));

        // Related things together: a link is much shorter than the distance between two nodes taken at random.
        static double Distance(Box a, Box b) => Math.Sqrt(Math.Pow(a.X - b.X, 2) + Math.Pow(a.Y - b.Y, 2));
        var byKey = boxes.ToDictionary(b => b.Key);
        var linked = graph.Links.Average(l => Distance(byKey[l.Key.Split('~')[0]], byKey[l.Key.Split('~')[1]]));
        var any = boxes.SelectMany((a, i) => boxes.Skip(i + 1).Take(50).Select(b => Distance(a, b))).Average();
        Assert.True(linked < any / 2, $"links average {linked:0} against {any:0} between any two nodes");

        var again = GraphLayout.Build(LogicalLayout.Build(Cloud(networks, instances), new LogicalView()));
        Assert.Equal(graph.Boxes, again.Boxes);
    }
}
