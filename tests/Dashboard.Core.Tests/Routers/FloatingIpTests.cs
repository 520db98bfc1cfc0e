using Dashboard.Core.Errors;
using Dashboard.Core.Networking;
using Dashboard.Core.Routers;
using Dashboard.Core.Tests.Support;

namespace Dashboard.Core.Tests.Routers;

public class FloatingIpTests
{
    private static FloatingIpSpec On(NetworkNodeCloud node) => new(Scenario.Demo, node.Public.Id);

    [Fact]
    public async Task Allocating_takes_an_address_from_the_external_pool_on_a_port_of_its_own_and_releasing_returns_it()
    {
        await using var node = await NetworkNodeCloud.CreateAsync();

        var floatingIp = await node.FloatingIps.CreateAsync(On(node) with { Description = "web" });
        var port = await node.Cloud.Ports.GetAsync(floatingIp.FloatingPortId);
        await node.FloatingIps.DeleteAsync(floatingIp.Id);
        var again = await node.FloatingIps.CreateAsync(On(node));

        // .2 is router1's gateway.
        Assert.Equal(("172.24.4.3", FloatingIpStatus.Down, (string?)null, "web"), (floatingIp.FloatingIpAddress, floatingIp.Status, floatingIp.PortId, floatingIp.Description));
        Assert.Equal((DeviceOwners.FloatingIp, floatingIp.Id, "", PortStatus.NotApplicable), (port.DeviceOwner, port.DeviceId, port.ProjectId, port.Status));
        Assert.Equal("172.24.4.3", again.FloatingIpAddress);
        await Assert.ThrowsAsync<NotFoundException>(() => node.Cloud.Ports.GetAsync(floatingIp.FloatingPortId));
    }

    [Fact]
    public async Task A_requested_address_is_taken_exactly_and_one_in_use_is_a_conflict()
    {
        await using var node = await NetworkNodeCloud.CreateAsync();

        var chosen = await node.FloatingIps.CreateAsync(On(node) with { FloatingIpAddress = "172.24.4.100" });
        var taken = await Assert.ThrowsAsync<ConflictException>(() => node.FloatingIps.CreateAsync(On(node) with { FloatingIpAddress = "172.24.4.100" }));

        Assert.Equal("172.24.4.100", chosen.FloatingIpAddress);
        Assert.Equal("IpAddressAlreadyAllocated", taken.Type);
    }

    [Fact]
    public async Task Only_an_external_network_has_floating_ips()
    {
        await using var node = await NetworkNodeCloud.CreateAsync();

        var error = await Assert.ThrowsAsync<InvalidInputException>(() => node.FloatingIps.CreateAsync(new FloatingIpSpec(Scenario.Demo, node.Private.Id)));

        Assert.Equal(("floating_network_id", $"Bad floatingip request: Network {node.Private.Id} is not a valid external network."), (error.Attribute, error.Message));
    }

    [Fact]
    public async Task Associating_finds_the_router_that_joins_the_fixed_ips_subnet_to_the_external_network()
    {
        await using var node = await NetworkNodeCloud.CreateAsync();

        var floatingIp = await node.FloatingIps.CreateAsync(On(node) with { PortId = node.Vm01.Id });

        Assert.Equal((node.Vm01.Id, "10.0.0.3", node.Router.Id, FloatingIpStatus.Down), (floatingIp.PortId, floatingIp.FixedIpAddress, floatingIp.RouterId, floatingIp.Status));
        await node.FloatingIps.ReportStatusAsync(host => host == "network1");
        Assert.Equal(FloatingIpStatus.Active, (await node.FloatingIps.GetAsync(floatingIp.Id)).Status);
    }

    [Fact]
    public async Task A_subnet_no_router_joins_to_the_external_network_is_external_gateway_not_found_and_nothing_is_left()
    {
        await using var node = await NetworkNodeCloud.CreateAsync();
        var (island, _) = await node.Cloud.NetworkWithSubnetAsync("10.9.0.0/24");
        var stranded = await node.Cloud.LaunchAsync("stranded", "compute2", island.Id);
        var portsBefore = (await node.Cloud.Ports.ListAsync()).Count;

        var error = await Assert.ThrowsAsync<NotFoundException>(() => node.FloatingIps.CreateAsync(On(node) with { PortId = stranded.Id }));

        Assert.Equal("ExternalGatewayForFloatingIPNotFound", error.Type);
        Assert.Contains($"External network {node.Public.Id} is not reachable from subnet", error.Message);
        Assert.Empty(await node.FloatingIps.ListAsync());
        Assert.Equal(portsBefore, (await node.Cloud.Ports.ListAsync()).Count);
    }

    [Fact]
    public async Task The_fixed_ip_must_be_the_ports_and_is_needed_when_it_has_several()
    {
        await using var node = await NetworkNodeCloud.CreateAsync();
        var twoIps = await node.Cloud.Ports.CreateAsync(new PortSpec(node.Private.Id, Scenario.Demo)
        {
            FixedIps = [new FixedIpRequest(node.PrivateSubnet.Id, "10.0.0.50"), new FixedIpRequest(node.PrivateSubnet.Id, "10.0.0.51")],
        });
        var floatingIp = await node.FloatingIps.CreateAsync(On(node));

        var ambiguous = await Assert.ThrowsAsync<InvalidInputException>(() => node.FloatingIps.UpdateAsync(floatingIp.Id, new FloatingIpChanges { PortId = twoIps.Id }));
        var notIts = await Assert.ThrowsAsync<InvalidInputException>(() => node.FloatingIps.UpdateAsync(floatingIp.Id, new FloatingIpChanges { PortId = twoIps.Id, FixedIpAddress = "10.0.0.52" }));
        var chosen = await node.FloatingIps.UpdateAsync(floatingIp.Id, new FloatingIpChanges { PortId = twoIps.Id, FixedIpAddress = "10.0.0.51" });

        Assert.Contains("has multiple fixed IPv4 addresses", ambiguous.Message);
        Assert.Equal(("fixed_ip_address", $"Bad floatingip request: Port {twoIps.Id} does not have fixed ip 10.0.0.52."), (notIts.Attribute, notIts.Message));
        Assert.Equal("10.0.0.51", chosen.FixedIpAddress);
    }

    [Fact]
    public async Task One_fixed_ip_has_at_most_one_floating_ip_per_external_network()
    {
        await using var node = await NetworkNodeCloud.CreateAsync();
        var first = await node.FloatingIps.CreateAsync(On(node) with { PortId = node.Vm01.Id });
        var second = await node.FloatingIps.CreateAsync(On(node));

        var error = await Assert.ThrowsAsync<ConflictException>(() => node.FloatingIps.UpdateAsync(second.Id, new FloatingIpChanges { PortId = node.Vm01.Id }));
        var reassociated = await node.FloatingIps.UpdateAsync(first.Id, new FloatingIpChanges { PortId = node.Vm01.Id });

        Assert.Equal("FloatingIPPortAlreadyAssociated", error.Type);
        Assert.Equal(node.Vm01.Id, reassociated.PortId);
        Assert.Null((await node.FloatingIps.GetAsync(second.Id)).PortId);
    }

    [Fact]
    public async Task Disassociating_or_deleting_the_port_clears_the_association()
    {
        await using var node = await NetworkNodeCloud.CreateAsync();
        var floatingIp = await node.FloatingIps.CreateAsync(On(node) with { PortId = node.Vm01.Id });
        await node.FloatingIps.ReportStatusAsync(host => host == "network1");

        var cleared = await node.FloatingIps.UpdateAsync(floatingIp.Id, new FloatingIpChanges { Disassociate = true });
        await node.FloatingIps.UpdateAsync(floatingIp.Id, new FloatingIpChanges { PortId = node.Vm01.Id });
        var instance = (await node.Cloud.Instances.ListAsync()).Single(i => i.Name == "VM01");
        await node.Cloud.Instances.DeleteAsync(instance.Id);
        var afterDelete = await node.FloatingIps.GetAsync(floatingIp.Id);

        Assert.Equal(((string?)null, (string?)null, (string?)null, FloatingIpStatus.Down), (cleared.PortId, cleared.FixedIpAddress, cleared.RouterId, cleared.Status));
        Assert.Equal(((string?)null, (string?)null, FloatingIpStatus.Down), (afterDelete.PortId, afterDelete.RouterId, afterDelete.Status));
    }

    [Fact]
    public async Task A_router_needed_by_a_floating_ip_keeps_its_gateway_and_that_interface()
    {
        await using var node = await NetworkNodeCloud.CreateAsync();
        await node.FloatingIps.CreateAsync(On(node) with { PortId = node.Vm01.Id });

        var gateway = await Assert.ThrowsAsync<InUseException>(() => node.Cloud.Routers.UpdateAsync(node.Router.Id, new RouterChanges { ClearGateway = true }));
        var iface = await Assert.ThrowsAsync<InUseException>(() => node.Cloud.Routers.RemoveInterfaceAsync(node.Router.Id, node.PrivateSubnet.Id, null));
        var delete = await Assert.ThrowsAsync<InUseException>(() => node.Cloud.Routers.DeleteAsync(node.Router.Id));
        var portApi = await Assert.ThrowsAsync<InUseException>(async () => await node.Cloud.Ports.DeleteAsync((await node.FloatingIps.ListAsync()).Single().FloatingPortId));

        Assert.Equal("RouterExternalGatewayInUseByFloatingIp", gateway.Type);
        Assert.Equal("RouterInterfaceInUseByFloatingIP", iface.Type);
        Assert.Equal("RouterInUse", delete.Type);
        Assert.Equal("L3PortInUse", portApi.Type);
        Assert.Equal(node.Public.Id, (await node.Cloud.Routers.GetAsync(node.Router.Id)).GatewayNetworkId);
    }

    [Fact]
    public async Task The_floatingip_quota_is_enforced()
    {
        await using var node = await NetworkNodeCloud.CreateAsync();
        await node.Cloud.Quotas.SetAsync(Scenario.Demo, new Dictionary<string, long> { ["floatingip"] = 1 });

        await node.FloatingIps.CreateAsync(On(node));
        var error = await Assert.ThrowsAsync<OverQuotaException>(() => node.FloatingIps.CreateAsync(On(node)));

        Assert.Equal("floatingip", error.Resource);
        Assert.Equal(1, (await node.Cloud.Quotas.GetUsageAsync(Scenario.Demo))["floatingip"].Used);
    }

    [Fact]
    public async Task A_gateways_external_fixed_ips_can_be_changed_and_a_route_may_go_via_the_gateways_subnet()
    {
        await using var node = await NetworkNodeCloud.CreateAsync();
        var externalSubnet = (await node.Cloud.Subnets.ListAsync(node.Public.Id)).Single();

        await node.Cloud.Routers.UpdateAsync(node.Router.Id, new RouterChanges
        {
            ExternalGateway = new GatewayInfo(node.Public.Id, null, [new FixedIpRequest(externalSubnet.Id, "172.24.4.200")]),
        });
        var routed = await node.Cloud.Routers.UpdateAsync(node.Router.Id, new RouterChanges { Routes = [new Ipam.HostRoute("203.0.113.0/24", "172.24.4.1")] });

        Assert.Equal(["172.24.4.200"], (await node.Cloud.Routers.GatewayIpsAsync(node.Router.Id)).Select(a => a.IpAddress));
        Assert.Equal("172.24.4.1", routed.Routes.Single().Nexthop);
    }

    [Fact]
    public async Task Deleting_an_external_network_takes_its_idle_floating_ips_and_an_associated_one_blocks_it()
    {
        await using var node = await NetworkNodeCloud.CreateAsync();
        var external = await node.Cloud.Networks.CreateAsync(new NetworkSpec("admin", "ext2") { External = true, Provider = new Dashboard.Core.Segmentation.Segment("vlan", "physnet1", 105) });
        await node.Cloud.Subnets.CreateAsync(new SubnetSpec(external.Id, "198.51.100.0/24") { EnableDhcp = false });
        var idle = await node.FloatingIps.CreateAsync(new FloatingIpSpec(Scenario.Demo, external.Id));
        var inUse = await node.FloatingIps.CreateAsync(On(node) with { PortId = node.Vm01.Id });

        await node.Cloud.Networks.DeleteAsync(external.Id);
        var blocked = await Assert.ThrowsAsync<InUseException>(() => node.Cloud.Networks.DeleteAsync(node.Public.Id));

        await Assert.ThrowsAsync<NotFoundException>(() => node.FloatingIps.GetAsync(idle.Id));
        await Assert.ThrowsAsync<NotFoundException>(() => node.Cloud.Ports.GetAsync(idle.FloatingPortId));
        Assert.Equal("NetworkInUse", blocked.Type);
        Assert.Equal(node.Vm01.Id, (await node.FloatingIps.GetAsync(inUse.Id)).PortId);
    }
}
