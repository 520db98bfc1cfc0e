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

    /// <summary>Launches an instance with one NIC on <paramref name="networkId"/> on <paramref name="host"/>; returns its port.</summary>
    public static async Task<Port> LaunchAsync(this TestCloud cloud, string name, string host, string networkId, string project = Demo)
    {
        var vm = await cloud.Instances.LaunchAsync(new Dashboard.Core.Hosts.InstanceSpec(project, name, [networkId]) { HostName = host });
        return (await cloud.Ports.ListAsync(deviceId: vm.Id)).Single();
    }

    /// <summary>What the running agents do: report a heartbeat, and wire every port left in BUILD.</summary>
    public static async Task WireAsync(this TestCloud cloud)
    {
        await cloud.Get<Dashboard.Core.Agents.AgentHeartbeats>().ReportAsync();
        foreach (var node in await cloud.Nodes.ListAsync())
        {
            if (cloud.Get<Dashboard.Core.Agents.AgentStates>().IsRunning(node.Name))
            {
                await cloud.Ports.TransitionHostPortsAsync(node.Name, [PortStatus.Build], PortStatus.Active, "wired in the test");
            }
        }
    }
}
