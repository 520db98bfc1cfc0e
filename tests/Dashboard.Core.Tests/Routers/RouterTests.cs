using Dashboard.Core.Errors;
using Dashboard.Core.Ipam;
using Dashboard.Core.Networking;
using Dashboard.Core.Routers;
using Dashboard.Core.Segmentation;
using Dashboard.Core.Tests.Support;

namespace Dashboard.Core.Tests.Routers;

public class RouterTests
{
    private static async Task<Network> PublicAsync(TestCloud cloud)
    {
        var network = await cloud.Networks.CreateAsync(new NetworkSpec("admin", "public") { External = true, Provider = new Segment("flat", "physnet1") });
        await cloud.Subnets.CreateAsync(new SubnetSpec(network.Id, "172.24.4.0/24") { EnableDhcp = false });
        return network;
    }

    [Fact]
    public async Task Gateway_on_an_external_network_gets_a_gateway_port_and_snat()
    {
        await using var cloud = await TestCloud.CreateAsync();
        var external = await PublicAsync(cloud);

        var router = await cloud.Routers.CreateAsync(new RouterSpec(Scenario.Demo, "r1") { ExternalGateway = new(external.Id) });

        Assert.Equal((external.Id, true), (router.GatewayNetworkId, router.EnableSnat));
        var gatewayPort = Assert.Single(await cloud.Ports.ListAsync(external.Id));
        Assert.Equal((DeviceOwners.RouterGateway, router.Id, "172.24.4.2"), (gatewayPort.DeviceOwner, gatewayPort.DeviceId, gatewayPort.FixedIps.Single().IpAddress));
        Assert.Equal(["172.24.4.2"], (await cloud.Routers.GatewayIpsAsync(router.Id)).Select(a => a.IpAddress));
    }

    [Fact]
    public async Task Gateway_on_a_non_external_network_is_refused()
    {
        await using var cloud = await TestCloud.CreateAsync();
        var (network, _) = await cloud.NetworkWithSubnetAsync();

        await Assert.ThrowsAsync<InvalidInputException>(() => cloud.Routers.CreateAsync(new RouterSpec(Scenario.Demo, "r") { ExternalGateway = new(network.Id) }));
    }

    [Fact]
    public async Task Clearing_the_gateway_deletes_its_port()
    {
        await using var cloud = await TestCloud.CreateAsync();
        var external = await PublicAsync(cloud);
        var router = await cloud.Routers.CreateAsync(new RouterSpec(Scenario.Demo, "r1") { ExternalGateway = new(external.Id, EnableSnat: false) });

        var cleared = await cloud.Routers.UpdateAsync(router.Id, new RouterChanges { ClearGateway = true });

        Assert.Null(cleared.GatewayNetworkId);
        Assert.Empty(await cloud.Ports.ListAsync(external.Id));
        await cloud.Networks.DeleteAsync(external.Id);
    }

    [Fact]
    public async Task Interface_takes_the_subnet_gateway_and_blocks_the_subnet_until_removed()
    {
        await using var cloud = await TestCloud.CreateAsync();
        var (network, subnet) = await cloud.NetworkWithSubnetAsync();
        var router = await cloud.Routers.CreateAsync(new RouterSpec(Scenario.Demo, "r1"));

        var added = await cloud.Routers.AddInterfaceAsync(router.Id, subnet.Id);
        var inUse = await Assert.ThrowsAsync<InUseException>(() => cloud.Subnets.DeleteAsync(subnet.Id));
        var routerInUse = await Assert.ThrowsAsync<InUseException>(() => cloud.Routers.DeleteAsync(router.Id));
        var removed = await cloud.Routers.RemoveInterfaceAsync(router.Id, subnet.Id, null);

        Assert.Equal("10.0.0.1", added.IpAddress);
        Assert.Equal("SubnetInUse", inUse.Type);
        Assert.Equal("RouterInUse", routerInUse.Type);
        Assert.Equal(added.PortId, removed.PortId);
        Assert.Empty(await cloud.Ports.ListAsync(network.Id));
        await cloud.Subnets.DeleteAsync(subnet.Id);
        await cloud.Routers.DeleteAsync(router.Id);
    }

    [Fact]
    public async Task Same_or_overlapping_subnet_twice_is_refused()
    {
        await using var cloud = await TestCloud.CreateAsync();
        var (_, subnet) = await cloud.NetworkWithSubnetAsync("10.0.0.0/24");
        var (_, overlapping) = await cloud.NetworkWithSubnetAsync("10.0.0.0/16");
        var router = await cloud.Routers.CreateAsync(new RouterSpec(Scenario.Demo, "r1"));
        await cloud.Routers.AddInterfaceAsync(router.Id, subnet.Id);

        await Assert.ThrowsAsync<InvalidInputException>(() => cloud.Routers.AddInterfaceAsync(router.Id, subnet.Id));
        await Assert.ThrowsAsync<InvalidInputException>(() => cloud.Routers.AddInterfaceAsync(router.Id, overlapping.Id));
    }

    [Fact]
    public async Task Interface_on_a_subnet_without_gateway_needs_an_address()
    {
        await using var cloud = await TestCloud.CreateAsync();
        var network = await cloud.Networks.CreateAsync(new NetworkSpec(Scenario.Demo, "n"));
        var subnet = await cloud.Subnets.CreateAsync(new SubnetSpec(network.Id, "10.3.0.0/24") { NoGateway = true });
        var router = await cloud.Routers.CreateAsync(new RouterSpec(Scenario.Demo, "r1"));

        await Assert.ThrowsAsync<InvalidInputException>(() => cloud.Routers.AddInterfaceAsync(router.Id, subnet.Id));
        var added = await cloud.Routers.AddInterfaceAsync(router.Id, subnet.Id, "10.3.0.200");

        Assert.Equal("10.3.0.200", added.IpAddress);
    }

    [Fact]
    public async Task Existing_port_can_become_an_interface_and_removing_it_deletes_it()
    {
        await using var cloud = await TestCloud.CreateAsync();
        var (network, subnet) = await cloud.NetworkWithSubnetAsync();
        var port = await cloud.Ports.CreateAsync(new PortSpec(network.Id, Scenario.Demo) { FixedIps = [new(subnet.Id, "10.0.0.77")] });
        var router = await cloud.Routers.CreateAsync(new RouterSpec(Scenario.Demo, "r1"));

        var added = await cloud.Routers.AddInterfacePortAsync(router.Id, port.Id);
        var reused = await Assert.ThrowsAsync<InUseException>(() => cloud.Routers.AddInterfacePortAsync(router.Id, port.Id));
        await cloud.Routers.RemoveInterfaceAsync(router.Id, null, port.Id);

        Assert.Equal("10.0.0.77", added.IpAddress);
        Assert.Equal("PortInUse", reused.Type);
        await Assert.ThrowsAsync<NotFoundException>(() => cloud.Ports.GetAsync(port.Id));
    }

    [Fact]
    public async Task Routes_need_a_connected_nexthop_and_keep_their_interface()
    {
        await using var cloud = await TestCloud.CreateAsync();
        var (_, subnet) = await cloud.NetworkWithSubnetAsync();
        var router = await cloud.Routers.CreateAsync(new RouterSpec(Scenario.Demo, "r1"));
        await cloud.Routers.AddInterfaceAsync(router.Id, subnet.Id);

        var unreachable = await Assert.ThrowsAsync<InvalidInputException>(() =>
            cloud.Routers.UpdateAsync(router.Id, new RouterChanges { Routes = [new HostRoute("192.168.0.0/24", "10.9.9.9")] }));
        var updated = await cloud.Routers.UpdateAsync(router.Id, new RouterChanges { Routes = [new HostRoute("192.168.0.7/24", "10.0.0.50")] });
        var needed = await Assert.ThrowsAsync<InUseException>(() => cloud.Routers.RemoveInterfaceAsync(router.Id, subnet.Id, null));

        Assert.Equal("InvalidRoutes", unreachable.Type);
        Assert.Equal([new HostRoute("192.168.0.0/24", "10.0.0.50")], updated.Routes);
        Assert.Equal("RouterInterfaceInUseByRoute", needed.Type);
    }

    [Fact]
    public async Task Removing_a_missing_interface_is_NotFound()
    {
        await using var cloud = await TestCloud.CreateAsync();
        var (_, subnet) = await cloud.NetworkWithSubnetAsync();
        var router = await cloud.Routers.CreateAsync(new RouterSpec(Scenario.Demo, "r1"));

        var error = await Assert.ThrowsAsync<NotFoundException>(() => cloud.Routers.RemoveInterfaceAsync(router.Id, subnet.Id, null));

        Assert.Equal("RouterInterfaceNotFoundForSubnet", error.Type);
    }

    [Fact]
    public async Task Revision_moves_only_when_something_changes()
    {
        await using var cloud = await TestCloud.CreateAsync();
        var router = await cloud.Routers.CreateAsync(new RouterSpec(Scenario.Demo, "r1"));

        var unchanged = await cloud.Routers.UpdateAsync(router.Id, new RouterChanges());
        var renamed = await cloud.Routers.UpdateAsync(router.Id, new RouterChanges { Name = "r2" });

        Assert.Equal((0L, 1L), (unchanged.RevisionNumber, renamed.RevisionNumber));
    }
}
