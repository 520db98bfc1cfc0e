using Dashboard.Core.Errors;
using Dashboard.Core.Ipam;
using Dashboard.Core.Networking;
using Dashboard.Core.Tests.Support;

namespace Dashboard.Core.Tests.Networking;

public class SubnetTests
{
    private static async Task<(TestCloud, Network)> NetworkAsync()
    {
        var cloud = await TestCloud.CreateAsync();
        return (cloud, await cloud.Networks.CreateAsync(new NetworkSpec(Scenario.Demo, "net")));
    }

    [Fact]
    public async Task Cidr_is_normalised_and_defaults_follow_neutron()
    {
        var (cloud, network) = await NetworkAsync();
        await using var _ = cloud;

        var subnet = await cloud.Subnets.CreateAsync(new SubnetSpec(network.Id, "10.0.0.77/24"));

        Assert.Equal(("10.0.0.0/24", 4, "10.0.0.1"), (subnet.Cidr, subnet.IpVersion, subnet.GatewayIp));
        Assert.Equal([new AllocationPool("10.0.0.2", "10.0.0.254")], subnet.AllocationPools);
        Assert.True(subnet.EnableDhcp);
    }

    [Fact]
    public async Task Ipv6_subnet_gets_first_address_as_gateway_and_the_rest_as_pool()
    {
        var (cloud, network) = await NetworkAsync();
        await using var _ = cloud;

        var subnet = await cloud.Subnets.CreateAsync(new SubnetSpec(network.Id, "FD00:0:0:1::/64"));

        Assert.Equal(("fd00:0:0:1::/64", 6, "fd00:0:0:1::1"), (subnet.Cidr, subnet.IpVersion, subnet.GatewayIp));
        Assert.Equal([new AllocationPool("fd00:0:0:1::2", "fd00::1:ffff:ffff:ffff:ffff")], subnet.AllocationPools);
    }

    [Fact]
    public async Task No_gateway_leaves_the_whole_range_to_the_pool()
    {
        var (cloud, network) = await NetworkAsync();
        await using var _ = cloud;

        var subnet = await cloud.Subnets.CreateAsync(new SubnetSpec(network.Id, "192.168.5.0/29") { NoGateway = true });

        Assert.Null(subnet.GatewayIp);
        Assert.Equal([new AllocationPool("192.168.5.1", "192.168.5.6")], subnet.AllocationPools);
    }

    [Fact]
    public async Task Gateway_in_the_middle_splits_the_default_pool()
    {
        var (cloud, network) = await NetworkAsync();
        await using var _ = cloud;

        var subnet = await cloud.Subnets.CreateAsync(new SubnetSpec(network.Id, "10.1.0.0/24") { GatewayIp = "10.1.0.100" });

        Assert.Equal([new AllocationPool("10.1.0.1", "10.1.0.99"), new AllocationPool("10.1.0.101", "10.1.0.254")], subnet.AllocationPools);
    }

    [Theory]
    [InlineData("10.0.0.0/33")]
    [InlineData("10.0.0/24")]
    [InlineData("not-a-cidr")]
    [InlineData("10.0.0.0")]
    [InlineData("300.0.0.0/24")]
    [InlineData("10.0.0.0/-1")]
    [InlineData("10.0.0.0/32")]
    public async Task Bad_cidr_is_InvalidInput_naming_cidr(string cidr)
    {
        var (cloud, network) = await NetworkAsync();
        await using var _ = cloud;

        var error = await Assert.ThrowsAsync<InvalidInputException>(() => cloud.Subnets.CreateAsync(new SubnetSpec(network.Id, cidr)));

        Assert.Equal("cidr", error.Attribute);
    }

    [Fact]
    public async Task Ip_version_must_match_the_cidr()
    {
        var (cloud, network) = await NetworkAsync();
        await using var _ = cloud;

        await Assert.ThrowsAsync<InvalidInputException>(() => cloud.Subnets.CreateAsync(new SubnetSpec(network.Id, "10.0.0.0/24") { IpVersion = 6 }));
    }

    [Fact]
    public async Task Overlapping_cidr_on_the_same_network_is_refused_but_fine_on_another()
    {
        var (cloud, network) = await NetworkAsync();
        await using var _ = cloud;
        await cloud.Subnets.CreateAsync(new SubnetSpec(network.Id, "10.0.0.0/16"));
        var other = await cloud.Networks.CreateAsync(new NetworkSpec(Scenario.Demo, "other"));

        var error = await Assert.ThrowsAsync<InvalidInputException>(() => cloud.Subnets.CreateAsync(new SubnetSpec(network.Id, "10.0.5.0/24")));
        await cloud.Subnets.CreateAsync(new SubnetSpec(other.Id, "10.0.5.0/24"));

        Assert.Contains("overlaps", error.Message);
    }

    [Fact]
    public async Task Pools_outside_the_cidr_are_refused()
    {
        var (cloud, network) = await NetworkAsync();
        await using var _ = cloud;

        var error = await Assert.ThrowsAsync<InvalidInputException>(() => cloud.Subnets.CreateAsync(new SubnetSpec(network.Id, "10.0.0.0/24")
        {
            AllocationPools = [new("10.0.0.10", "10.0.1.10")],
        }));

        Assert.Equal("OutOfBoundsAllocationPool", error.Type);
    }

    [Fact]
    public async Task Overlapping_pools_are_refused()
    {
        var (cloud, network) = await NetworkAsync();
        await using var _ = cloud;

        var error = await Assert.ThrowsAsync<ConflictException>(() => cloud.Subnets.CreateAsync(new SubnetSpec(network.Id, "10.0.0.0/24")
        {
            AllocationPools = [new("10.0.0.10", "10.0.0.20"), new("10.0.0.20", "10.0.0.30")],
        }));

        Assert.Equal("OverlappingAllocationPools", error.Type);
    }

    [Fact]
    public async Task Pool_containing_the_gateway_is_refused()
    {
        var (cloud, network) = await NetworkAsync();
        await using var _ = cloud;

        var error = await Assert.ThrowsAsync<InUseException>(() => cloud.Subnets.CreateAsync(new SubnetSpec(network.Id, "10.0.0.0/24")
        {
            AllocationPools = [new("10.0.0.1", "10.0.0.20")],
        }));

        Assert.Equal("GatewayConflictWithAllocationPools", error.Type);
    }

    [Fact]
    public async Task Reversed_pool_and_gateway_outside_the_cidr_are_refused()
    {
        var (cloud, network) = await NetworkAsync();
        await using var _ = cloud;

        await Assert.ThrowsAsync<InvalidInputException>(() => cloud.Subnets.CreateAsync(new SubnetSpec(network.Id, "10.0.0.0/24") { AllocationPools = [new("10.0.0.50", "10.0.0.40")] }));
        var gateway = await Assert.ThrowsAsync<InvalidInputException>(() => cloud.Subnets.CreateAsync(new SubnetSpec(network.Id, "10.0.0.0/24") { GatewayIp = "10.0.9.1" }));
        Assert.Equal("gateway_ip", gateway.Attribute);
    }

    [Fact]
    public async Task Dns_servers_and_host_routes_are_validated()
    {
        var (cloud, network) = await NetworkAsync();
        await using var _ = cloud;

        await Assert.ThrowsAsync<InvalidInputException>(() => cloud.Subnets.CreateAsync(new SubnetSpec(network.Id, "10.0.0.0/24") { DnsNameservers = ["8.8.8"] }));
        await Assert.ThrowsAsync<InvalidInputException>(() => cloud.Subnets.CreateAsync(new SubnetSpec(network.Id, "10.0.0.0/24") { DnsNameservers = ["8.8.8.8", "8.8.8.8"] }));
        await Assert.ThrowsAsync<InvalidInputException>(() => cloud.Subnets.CreateAsync(new SubnetSpec(network.Id, "10.0.0.0/24") { HostRoutes = [new("fd00::/64", "10.0.0.1")] }));
        var subnet = await cloud.Subnets.CreateAsync(new SubnetSpec(network.Id, "10.0.0.0/24") { HostRoutes = [new("172.16.0.5/16", "10.0.0.9")] });
        Assert.Equal([new HostRoute("172.16.0.0/16", "10.0.0.9")], subnet.HostRoutes);
    }

    [Fact]
    public async Task Gateway_used_by_a_router_cannot_be_changed()
    {
        var (cloud, network) = await NetworkAsync();
        await using var _ = cloud;
        var subnet = await cloud.Subnets.CreateAsync(new SubnetSpec(network.Id, "10.0.0.0/24"));
        var router = await cloud.Routers.CreateAsync(new Dashboard.Core.Routers.RouterSpec(Scenario.Demo, "r"));
        await cloud.Routers.AddInterfaceAsync(router.Id, subnet.Id);

        var error = await Assert.ThrowsAsync<InUseException>(() => cloud.Subnets.UpdateAsync(subnet.Id, new SubnetChanges { GatewayIp = "10.0.0.254" }));

        Assert.Equal("GatewayIpInUse", error.Type);
    }

    [Fact]
    public async Task Update_bumps_revision_and_a_stale_revision_is_refused()
    {
        var (cloud, network) = await NetworkAsync();
        await using var _ = cloud;
        var subnet = await cloud.Subnets.CreateAsync(new SubnetSpec(network.Id, "10.0.0.0/24"));

        var updated = await cloud.Subnets.UpdateAsync(subnet.Id, new SubnetChanges { Name = "renamed" }, expectedRevision: 0);
        var stale = await Assert.ThrowsAsync<RevisionMismatchException>(() => cloud.Subnets.UpdateAsync(subnet.Id, new SubnetChanges { Name = "again" }, expectedRevision: 0));

        Assert.Equal((1L, "renamed"), (updated.RevisionNumber, updated.Name));
        Assert.Equal("RevisionNumberConstraintFailed", stale.Type);
    }

    [Fact]
    public async Task Subnet_with_a_port_is_InUse_but_dhcp_ips_do_not_block()
    {
        var (cloud, network) = await NetworkAsync();
        await using var _ = cloud;
        var subnet = await cloud.Subnets.CreateAsync(new SubnetSpec(network.Id, "10.0.0.0/24"));
        await cloud.Ports.CreateAsync(new PortSpec(network.Id, Scenario.Demo) { DeviceOwner = DeviceOwners.Dhcp });
        var vmPort = await cloud.Ports.CreateAsync(new PortSpec(network.Id, Scenario.Demo) { DeviceOwner = DeviceOwners.Compute });

        var error = await Assert.ThrowsAsync<InUseException>(() => cloud.Subnets.DeleteAsync(subnet.Id));
        await cloud.Ports.DeleteAsync(vmPort.Id);
        await cloud.Subnets.DeleteAsync(subnet.Id);

        Assert.Equal("SubnetInUse", error.Type);
        Assert.Empty(await cloud.Subnets.ListAsync(network.Id));
    }

    [Fact]
    public void The_eui64_address_is_the_prefix_with_the_mac_around_fffe_and_the_universal_bit_flipped() =>
        Assert.Equal("2001:db8::f816:3eff:fe05:e121", Ipv6Modes.Eui64(Cidr.Parse("2001:db8::/64"), "fa:16:3e:05:e1:21"));

    public static TheoryData<string, string?, string?, bool, string> InvalidModes => new()
    {
        { "2001:db8:1::/64", "slaac", "dhcpv6-stateful", true, "must be the same value" },
        { "2001:db8:1::/80", null, "slaac", true, "requires the prefix to be /64" },
        { "2001:db8:1::/64", "dhcpv6-stateless", null, false, "cannot be set when enable_dhcp is set to False" },
        { "10.9.0.0/24", "slaac", null, true, "IPv4 subnet" },
    };

    [Theory]
    [MemberData(nameof(InvalidModes))]
    public async Task Ipv6_modes_are_checked_as_neutron_checks_them(string cidr, string? ra, string? address, bool dhcp, string reason)
    {
        var (cloud, network) = await NetworkAsync();
        await using var _ = cloud;

        var error = await Assert.ThrowsAsync<InvalidInputException>(() =>
            cloud.Subnets.CreateAsync(new SubnetSpec(network.Id, cidr) { Ipv6RaMode = ra, Ipv6AddressMode = address, EnableDhcp = dhcp }));

        Assert.Contains(reason, error.Message);
        Assert.Empty(await cloud.Subnets.ListAsync(network.Id));
    }

    [Fact]
    public async Task On_a_slaac_subnet_every_port_makes_its_eui64_address_and_the_subnet_goes_with_those_addresses()
    {
        var (cloud, network) = await NetworkAsync();
        await using var _ = cloud;
        var v4 = await cloud.Subnets.CreateAsync(new SubnetSpec(network.Id, "10.9.0.0/24"));
        var slaac = await cloud.Subnets.CreateAsync(new SubnetSpec(network.Id, "2001:db8:9::/64") { Ipv6RaMode = "slaac", Ipv6AddressMode = "slaac" });
        var stateful = await cloud.Subnets.CreateAsync(new SubnetSpec(network.Id, "2001:db8:8::/64") { Ipv6RaMode = "dhcpv6-stateful", Ipv6AddressMode = "dhcpv6-stateful" });

        var port = await cloud.Ports.CreateAsync(new PortSpec(network.Id, Scenario.Demo));
        var onlyV4 = await cloud.Ports.CreateAsync(new PortSpec(network.Id, Scenario.Demo) { FixedIps = [new FixedIpRequest(v4.Id)] });
        var direct = await Assert.ThrowsAsync<InvalidInputException>(() =>
            cloud.Ports.CreateAsync(new PortSpec(network.Id, Scenario.Demo) { FixedIps = [new FixedIpRequest(IpAddress: "2001:db8:9::55")] }));

        Assert.Equal(["10.9.0.2", "2001:db8:8::2", Ipv6Modes.Eui64(slaac.Prefix, port.MacAddress)],
            port.FixedIps.Select(f => f.IpAddress).Order(StringComparer.Ordinal));
        Assert.Contains(Ipv6Modes.Eui64(slaac.Prefix, onlyV4.MacAddress), onlyV4.FixedIps.Select(f => f.IpAddress)); // implied, as Neutron adds it
        Assert.Equal("AllocationOnAutoAddressSubnet", direct.Type);
        Assert.Equal(("slaac", "slaac"), (slaac.Ipv6RaMode, slaac.Ipv6AddressMode));
        Assert.Equal(stateful.Id, (await cloud.Subnets.GetAsync(stateful.Id)).Id);

        await cloud.Subnets.DeleteAsync(slaac.Id); // the ports' self-made addresses do not hold it
        await Assert.ThrowsAsync<InUseException>(() => cloud.Subnets.DeleteAsync(stateful.Id));
        Assert.DoesNotContain((await cloud.Ports.GetAsync(port.Id)).FixedIps, f => f.SubnetId == slaac.Id);
    }

    [Fact]
    public async Task The_dhcp_port_keeps_one_eui64_address_when_the_network_gets_another_subnet()
    {
        await using var node = await NetworkNodeCloud.CreateAsync(); // with network1's DHCP agent
        var cloud = node.Cloud;
        var network = await cloud.Networks.CreateAsync(new NetworkSpec(Scenario.Demo, "net6"));
        var slaac = await cloud.Subnets.CreateAsync(new SubnetSpec(network.Id, "2001:db8:7::/64") { Ipv6RaMode = "dhcpv6-stateless", Ipv6AddressMode = "dhcpv6-stateless" });

        await cloud.Subnets.CreateAsync(new SubnetSpec(network.Id, "10.7.0.0/24"));

        var dhcp = (await cloud.Ports.ListAsync(network.Id)).Single(p => p.DeviceOwner == DeviceOwners.Dhcp);
        Assert.Equal([Ipv6Modes.Eui64(slaac.Prefix, dhcp.MacAddress)], dhcp.FixedIps.Where(f => f.SubnetId == slaac.Id).Select(f => f.IpAddress));
        Assert.Contains(dhcp.FixedIps, f => f.IpAddress.StartsWith("10.7.0.", StringComparison.Ordinal));
    }
    [Fact]
    public async Task A_new_slaac_subnet_gives_the_ports_already_on_the_network_their_eui64_address_but_not_a_routers()
    {
        await using var node = await NetworkNodeCloud.CreateAsync(); // with network1's DHCP agent
        var cloud = node.Cloud;
        var network = await cloud.Networks.CreateAsync(new NetworkSpec(Scenario.Demo, "net-late6"));
        var v4 = await cloud.Subnets.CreateAsync(new SubnetSpec(network.Id, "10.8.0.0/24"));
        var vm = await cloud.Ports.CreateAsync(new PortSpec(network.Id, Scenario.Demo));
        var router = await cloud.Routers.CreateAsync(new Dashboard.Core.Routers.RouterSpec(Scenario.Demo, "r-late6"));
        await cloud.Routers.AddInterfaceAsync(router.Id, v4.Id);

        var slaac = await cloud.Subnets.CreateAsync(new SubnetSpec(network.Id, "2001:db8:6::/64") { Ipv6RaMode = "slaac", Ipv6AddressMode = "slaac" });

        var ports = await cloud.Ports.ListAsync(network.Id);
        Assert.Equal([Ipv6Modes.Eui64(slaac.Prefix, vm.MacAddress)], ports.Single(p => p.Id == vm.Id).FixedIps.Where(f => f.SubnetId == slaac.Id).Select(f => f.IpAddress));
        Assert.True(ports.Single(p => p.Id == vm.Id).RevisionNumber > vm.RevisionNumber); // its fixed IPs changed
        var dhcp = ports.Single(p => p.DeviceOwner == DeviceOwners.Dhcp);
        Assert.Equal([Ipv6Modes.Eui64(slaac.Prefix, dhcp.MacAddress)], dhcp.FixedIps.Where(f => f.SubnetId == slaac.Id).Select(f => f.IpAddress));
        Assert.DoesNotContain(ports.Single(p => p.DeviceOwner == DeviceOwners.RouterInterface).FixedIps, f => f.SubnetId == slaac.Id);
    }
}
