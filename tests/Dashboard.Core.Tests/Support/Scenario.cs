using Dashboard.Core.Networking;
using Dashboard.Core.Segmentation;

namespace Dashboard.Core.Tests.Support;

/// <summary>Small builders for the common starting points of the tests.</summary>
public static class Scenario
{
    public const string Demo = "demo-project";
    public const string Alt = "alt-project";

    public static async Task<(Network Network, Subnet Subnet)> NetworkWithSubnetAsync(
        this TestCloud cloud, string cidr = "10.0.0.0/24", string project = Demo, Segment? provider = null)
    {
        var network = await cloud.Networks.CreateAsync(new NetworkSpec(project, "net") { Provider = provider });
        var subnet = await cloud.Subnets.CreateAsync(new SubnetSpec(network.Id, cidr) { Name = "sub" });
        return (network, subnet);
    }

    public static Task RegisterHostsAsync(this TestCloud cloud) => Task.WhenAll(
        cloud.Nodes.RegisterAsync("compute1", ["physnet1:br-eth1:eth1"], "192.168.56.11"),
        cloud.Nodes.RegisterAsync("compute2", ["physnet1:br-eth1:eth1"], "192.168.56.12"));
}
