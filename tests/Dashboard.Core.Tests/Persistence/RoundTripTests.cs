using System.Text.Json;
using Dashboard.Core.Hosts;
using Dashboard.Core.Networking;
using Dashboard.Core.Routers;
using Dashboard.Core.Tests.Support;

namespace Dashboard.Core.Tests.Persistence;

public class RoundTripTests
{
    [Fact]
    public async Task A_new_context_on_the_same_file_sees_the_same_state_wiring_included()
    {
        await using var cloud = await TestCloud.CreateAsync();
        await cloud.RegisterHostsAsync();
        var (network, subnet) = await cloud.NetworkWithSubnetAsync();
        await cloud.Subnets.UpdateAsync(subnet.Id, new SubnetChanges { DnsNameservers = ["8.8.8.8"], HostRoutes = [new("192.168.0.0/24", "10.0.0.254")] });
        var router = await cloud.Routers.CreateAsync(new RouterSpec(Scenario.Demo, "r1"));
        await cloud.Routers.AddInterfaceAsync(router.Id, subnet.Id);
        var vm = await cloud.Instances.LaunchAsync(new InstanceSpec(Scenario.Demo, "VM01", [network.Id]) { HostName = "compute1" });
        var layoutBefore = await cloud.Nodes.LayoutAsync("compute1");
        var portsBefore = await cloud.Ports.ListAsync(network.Id);
        network = await cloud.Networks.GetAsync(network.Id); // as it is now: its subnet's changes gave it new revisions

        await using var reopened = cloud.Reopen();

        var networkAfter = await reopened.Networks.GetAsync(network.Id);
        var subnetAfter = await reopened.Subnets.GetAsync(subnet.Id);
        Assert.Equal((network.Name, network.SegmentationId, network.NetworkType, network.RevisionNumber),
            (networkAfter.Name, networkAfter.SegmentationId, networkAfter.NetworkType, networkAfter.RevisionNumber));
        Assert.Equal(["8.8.8.8"], subnetAfter.DnsNameservers);
        Assert.Equal([new("192.168.0.0/24", "10.0.0.254")], subnetAfter.HostRoutes);
        Assert.Equal(subnet.AllocationPools, subnetAfter.AllocationPools);
        Assert.Equal(Describe(portsBefore), Describe(await reopened.Ports.ListAsync(network.Id)));
        Assert.Equal(Json(layoutBefore), Json(await reopened.Nodes.LayoutAsync("compute1")));
        Assert.Contains((await reopened.Instances.ListAsync(Scenario.Demo)), i => i.Id == vm.Id && i.HostName == "compute1");
    }

    private static string Describe(IEnumerable<Port> ports) => string.Join("\n", ports.Select(p =>
        $"{p.Id} {p.MacAddress} {p.Status} {p.BindingHostId} {p.VifType} {p.DeviceOwner} {string.Join(',', p.FixedIps.Select(f => f.IpAddress))} {string.Join(',', p.SecurityGroups.Select(g => g.SecurityGroupId))}"));

    private static string Json(HostLayout layout) => JsonSerializer.Serialize(new { layout.Bridges, layout.Vifs, layout.Node.BridgeMappings });
}
