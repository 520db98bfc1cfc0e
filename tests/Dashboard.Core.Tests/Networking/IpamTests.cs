using Dashboard.Core.Errors;
using Dashboard.Core.Networking;
using Dashboard.Core.Persistence;
using Dashboard.Core.Tests.Support;

namespace Dashboard.Core.Tests.Networking;

public class IpamTests
{
    [Fact]
    public async Task Ports_get_the_next_free_pool_address_and_reuse_freed_ones()
    {
        await using var cloud = await TestCloud.CreateAsync();
        var (network, _) = await cloud.NetworkWithSubnetAsync();

        var a = await cloud.Ports.CreateAsync(new PortSpec(network.Id, Scenario.Demo));
        var b = await cloud.Ports.CreateAsync(new PortSpec(network.Id, Scenario.Demo));
        await cloud.Ports.DeleteAsync(a.Id);
        var c = await cloud.Ports.CreateAsync(new PortSpec(network.Id, Scenario.Demo));

        Assert.Equal(["10.0.0.2", "10.0.0.3", "10.0.0.2"], new[] { a, b, c }.Select(p => p.FixedIps.Single().IpAddress));
    }

    [Fact]
    public async Task Ports_created_in_one_unit_each_get_their_own_address_and_an_exhausted_pool_rolls_the_unit_back()
    {
        await using var cloud = await TestCloud.CreateAsync();
        var (network, subnet) = await cloud.NetworkWithSubnetAsync("10.0.0.0/28"); // .2-.14: 13 addresses
        var transactions = cloud.Get<Transactions>();
        var taken = await cloud.Ports.CreateAsync(new PortSpec(network.Id, Scenario.Demo) { FixedIps = [new(subnet.Id, "10.0.0.4")] });

        // A bulk create: the unit's addresses are read from the store once and then tracked, so none is given twice.
        var bulk = await transactions.WriteAsync(async _ =>
        {
            var created = new List<Port>();
            for (var i = 0; i < 6; i++)
            {
                created.Add(await cloud.Ports.CreateAsync(new PortSpec(network.Id, Scenario.Demo)));
            }
            created.Add(await cloud.Ports.CreateAsync(new PortSpec(network.Id, Scenario.Demo) { FixedIps = [new(subnet.Id, "10.0.0.12")] }));
            created.Add(await cloud.Ports.CreateAsync(new PortSpec(network.Id, Scenario.Demo)));
            return created;
        });
        var before = (await cloud.Ports.ListAsync(network.Id)).Count;
        var error = await Assert.ThrowsAsync<ConflictException>(() => transactions.WriteAsync(async _ =>
        {
            for (var i = 0; i < 10; i++)
            {
                await cloud.Ports.CreateAsync(new PortSpec(network.Id, Scenario.Demo));
            }
        }));

        Assert.Equal(["10.0.0.2", "10.0.0.3", "10.0.0.5", "10.0.0.6", "10.0.0.7", "10.0.0.8", "10.0.0.12", "10.0.0.9"], bulk.Select(p => p.FixedIps.Single().IpAddress));
        Assert.Equal("10.0.0.4", taken.FixedIps.Single().IpAddress);
        Assert.Equal("IpAddressGenerationFailure", error.Type);
        Assert.Equal(before, (await cloud.Ports.ListAsync(network.Id)).Count);
        Assert.Equal("10.0.0.10", (await cloud.Ports.CreateAsync(new PortSpec(network.Id, Scenario.Demo))).FixedIps.Single().IpAddress);
    }

    [Fact]
    public async Task Requested_ip_is_given_when_free_and_refused_when_taken()
    {
        await using var cloud = await TestCloud.CreateAsync();
        var (network, subnet) = await cloud.NetworkWithSubnetAsync();

        var port = await cloud.Ports.CreateAsync(new PortSpec(network.Id, Scenario.Demo) { FixedIps = [new(IpAddress: "10.0.0.50")] });
        var error = await Assert.ThrowsAsync<ConflictException>(() =>
            cloud.Ports.CreateAsync(new PortSpec(network.Id, Scenario.Demo) { FixedIps = [new(subnet.Id, "10.0.0.50")] }));

        Assert.Equal(("10.0.0.50", subnet.Id), (port.FixedIps.Single().IpAddress, port.FixedIps.Single().SubnetId));
        Assert.Equal("IpAddressAlreadyAllocated", error.Type);
    }

    [Theory]
    [InlineData("10.0.1.5")]
    [InlineData("10.0.0.0")]
    [InlineData("10.0.0.255")]
    public async Task Address_outside_the_subnet_or_reserved_is_refused(string ip)
    {
        await using var cloud = await TestCloud.CreateAsync();
        var (network, subnet) = await cloud.NetworkWithSubnetAsync();

        await Assert.ThrowsAsync<InvalidInputException>(() =>
            cloud.Ports.CreateAsync(new PortSpec(network.Id, Scenario.Demo) { FixedIps = [new(subnet.Id, ip)] }));
    }

    [Fact]
    public async Task Only_a_router_interface_may_take_the_gateway_address()
    {
        await using var cloud = await TestCloud.CreateAsync();
        var (network, subnet) = await cloud.NetworkWithSubnetAsync();

        var error = await Assert.ThrowsAsync<ConflictException>(() =>
            cloud.Ports.CreateAsync(new PortSpec(network.Id, Scenario.Demo) { FixedIps = [new(subnet.Id, "10.0.0.1")] }));
        var routerPort = await cloud.Ports.CreateAsync(new PortSpec(network.Id, Scenario.Demo)
        {
            DeviceOwner = DeviceOwners.RouterInterface,
            FixedIps = [new(subnet.Id, "10.0.0.1")],
        });

        Assert.Equal("IpAddressAlreadyAllocated", error.Type);
        Assert.Equal("10.0.0.1", routerPort.FixedIps.Single().IpAddress);
    }

    [Fact]
    public async Task Exhausted_pool_is_IpAddressGenerationFailure()
    {
        await using var cloud = await TestCloud.CreateAsync();
        var network = await cloud.Networks.CreateAsync(new NetworkSpec(Scenario.Demo, "tiny"));
        await cloud.Subnets.CreateAsync(new SubnetSpec(network.Id, "10.0.0.0/24") { AllocationPools = [new("10.0.0.10", "10.0.0.11")] });
        await cloud.Ports.CreateAsync(new PortSpec(network.Id, Scenario.Demo));
        await cloud.Ports.CreateAsync(new PortSpec(network.Id, Scenario.Demo));

        var error = await Assert.ThrowsAsync<ConflictException>(() => cloud.Ports.CreateAsync(new PortSpec(network.Id, Scenario.Demo)));

        Assert.Equal("IpAddressGenerationFailure", error.Type);
    }

    [Fact]
    public async Task Dual_stack_network_gives_one_address_of_each_version()
    {
        await using var cloud = await TestCloud.CreateAsync();
        var (network, _) = await cloud.NetworkWithSubnetAsync();
        await cloud.Subnets.CreateAsync(new SubnetSpec(network.Id, "fd00::/64"));

        var port = await cloud.Ports.CreateAsync(new PortSpec(network.Id, Scenario.Demo));

        Assert.Equal(["10.0.0.2", "fd00::2"], port.FixedIps.Select(f => f.IpAddress).Order());
    }

    [Fact]
    public async Task Empty_fixed_ips_means_no_address()
    {
        await using var cloud = await TestCloud.CreateAsync();
        var (network, _) = await cloud.NetworkWithSubnetAsync();

        var port = await cloud.Ports.CreateAsync(new PortSpec(network.Id, Scenario.Demo) { FixedIps = [] });

        Assert.Empty(port.FixedIps);
    }

    [Fact]
    public async Task Updating_fixed_ips_moves_the_port_to_the_new_address()
    {
        await using var cloud = await TestCloud.CreateAsync();
        var (network, subnet) = await cloud.NetworkWithSubnetAsync();
        var port = await cloud.Ports.CreateAsync(new PortSpec(network.Id, Scenario.Demo));

        var moved = await cloud.Ports.UpdateAsync(port.Id, new PortChanges { FixedIps = [new(subnet.Id, "10.0.0.99")] });
        var reused = await cloud.Ports.CreateAsync(new PortSpec(network.Id, Scenario.Demo));

        Assert.Equal("10.0.0.99", moved.FixedIps.Single().IpAddress);
        Assert.Equal("10.0.0.2", reused.FixedIps.Single().IpAddress);
    }
}
