using Dashboard.Core.Overview;
using Dashboard.Web.Topology;

namespace Dashboard.Web.Tests.Topology;

public class LogicalLayoutTests
{
    private static readonly DateTime T0 = new(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    private static TopologyNetwork Net(int i, bool external = false) =>
        new($"n{i:D4}", $"net{i}", "p", external, false, true, "ACTIVE", T0.AddMinutes(i), [$"10.{i / 250}.{i % 250}.0/24"]);

    private static TopologyDevice Vm(int i, string network, string status = "ACTIVE", bool up = true) =>
        new($"vm{i:D5}", TopologyDevice.Instance, $"vm{i}", "p", "ACTIVE", true, T0.AddHours(1).AddSeconds(i), "compute1",
            [new TopologyPort($"port{i}", network, $"vm{i:D5}", "compute:nova", status, up, "fa:16:3e:00:00:01", [$"10.0.0.{i % 250}"])]);

    private static Dictionary<string, (double X, double Y)> Positions(LogicalDiagram d) => d.Diagram.Boxes.ToDictionary(b => b.Key, b => (b.X, b.Y));

    [Fact]
    public void External_networks_come_first_and_each_device_sits_right_of_its_leftmost_network()
    {
        var router = new TopologyDevice("r1", TopologyDevice.Router, "r1", "p", "ACTIVE", true, T0, null,
            [new TopologyPort("g", "n0002", "r1", "network:router_gateway", "ACTIVE", true, "m", ["172.24.4.5"]), new TopologyPort("i", "n0001", "r1", "network:router_interface", "DOWN", true, "m", ["10.0.1.1"])]);
        var snapshot = new TopologySnapshot([Net(1), Net(2, external: true)], [router, Vm(1, "n0001")]);

        var d = LogicalLayout.Build(snapshot, new LogicalView());

        var p = Positions(d);
        Assert.True(p["net/n0002"].X < p["net/n0001"].X);
        Assert.True(p["router/r1"].X > p["net/n0002"].X && p["router/r1"].X < p["net/n0001"].X);
        Assert.True(p["instance/vm00001"].X > p["net/n0001"].X);
        var links = d.Diagram.Links.ToDictionary(l => l.Key);
        Assert.Equal("10.0.1.1", links["router/r1~net/n0001"].Label);
        Assert.Contains("st-down", links["router/r1~net/n0001"].Css);
        Assert.Contains("st-active", links["router/r1~net/n0002"].Css);
    }

    [Fact]
    public void Adding_a_network_or_an_instance_moves_nothing_that_was_there()
    {
        var before = new TopologySnapshot([Net(1), Net(2)], [Vm(1, "n0001"), Vm(2, "n0002"), Vm(3, "n0001")]);
        var after = new TopologySnapshot([Net(1), Net(2), Net(3)], [Vm(1, "n0001"), Vm(2, "n0002"), Vm(3, "n0001"), Vm(4, "n0002"), Vm(5, "n0003")]);

        var a = Positions(LogicalLayout.Build(before, new LogicalView()));
        var b = Positions(LogicalLayout.Build(after, new LogicalView()));

        foreach (var (key, position) in a.Where(p => !p.Key.StartsWith("net/", StringComparison.Ordinal)))
        {
            Assert.Equal(position, b[key]);
        }
        foreach (var (key, position) in a.Where(p => p.Key.StartsWith("net/", StringComparison.Ordinal)))
        {
            Assert.Equal(position.X, b[key].X); // bars keep their place; they only grow taller
        }
        Assert.Equal(Positions(LogicalLayout.Build(after, new LogicalView())), b); // and the same input draws the same picture
    }

    [Fact]
    public void Status_colours_follow_each_port_and_an_instance_shows_its_worst_port()
    {
        var snapshot = new TopologySnapshot([Net(1)], [Vm(1, "n0001", "ACTIVE"), Vm(2, "n0001", "BUILD"), Vm(3, "n0001", "DOWN"), Vm(4, "n0001", "ERROR"), Vm(5, "n0001", "DOWN", up: false)]);

        var d = LogicalLayout.Build(snapshot, new LogicalView());

        var css = d.Diagram.Boxes.Where(b => b.Key.StartsWith("instance/", StringComparison.Ordinal)).Select(b => b.Css.Split(' ')[1]).ToList();
        Assert.Equal(["st-active", "st-build", "st-down", "st-error", "st-admin-down"], css);
    }

    [Fact]
    public void Big_views_group_each_networks_instances_and_stay_small_until_expanded()
    {
        var networks = Enumerable.Range(0, 200).Select(i => Net(i)).ToList();
        var vms = Enumerable.Range(0, 2000).Select(i => Vm(i, $"n{i % 200:D4}")).ToList();
        var snapshot = new TopologySnapshot(networks, vms);

        var grouped = LogicalLayout.Build(snapshot, new LogicalView());
        var oneOpen = LogicalLayout.Build(snapshot, new LogicalView { Expanded = new HashSet<string> { "n0007" } });
        var filtered = LogicalLayout.Build(snapshot, new LogicalView { Filter = "net7" });

        Assert.Equal(200, grouped.Groups.Count);
        Assert.Equal(400, grouped.Diagram.Boxes.Count); // 200 bars + 200 group nodes, not 2,200 boxes
        Assert.Equal("10 instances", grouped.Diagram.Boxes.Single(b => b.Key == "group/n0007").Label);
        Assert.Equal(410 - 1, oneOpen.Diagram.Boxes.Count);
        Assert.Equal(11, filtered.Networks.Count); // net7, net70-79
        Assert.Contains("group/n0007", LogicalLayout.Search(grouped, "vm1207"));
    }

    [Fact]
    public void Small_views_are_not_grouped_unless_asked()
    {
        var snapshot = new TopologySnapshot([Net(1)], Enumerable.Range(0, 12).Select(i => Vm(i, "n0001")).ToList());

        Assert.Empty(LogicalLayout.Build(snapshot, new LogicalView()).Groups);
        Assert.Single(LogicalLayout.Build(snapshot, new LogicalView { Collapsed = new HashSet<string> { "n0001" } }).Groups);
    }
}
