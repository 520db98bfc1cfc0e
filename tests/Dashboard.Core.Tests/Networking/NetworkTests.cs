using Dashboard.Core.Errors;
using Dashboard.Core.Networking;
using Dashboard.Core.Segmentation;
using Dashboard.Core.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace Dashboard.Core.Tests.Networking;

public class NetworkTests
{
    [Fact]
    public async Task Create_sets_standard_attributes_and_update_bumps_the_revision()
    {
        await using var cloud = await TestCloud.CreateAsync();

        var network = await cloud.Networks.CreateAsync(new NetworkSpec(Scenario.Demo, "net") { Description = "d" });
        var updated = await cloud.Networks.UpdateAsync(network.Id, new NetworkChanges { Name = "renamed", AdminStateUp = false });

        Assert.True(Guid.TryParse(network.Id, out _));
        Assert.Equal((0L, "ACTIVE", 1500, "d"), (network.RevisionNumber, network.Status, network.Mtu, network.Description));
        Assert.Equal((1L, "renamed", false), (updated.RevisionNumber, updated.Name, updated.AdminStateUp));
        Assert.True(updated.UpdatedAt >= network.CreatedAt);
        await Assert.ThrowsAsync<RevisionMismatchException>(() => cloud.Networks.UpdateAsync(network.Id, new NetworkChanges { Name = "x" }, expectedRevision: 0));
    }

    [Fact]
    public async Task Creating_a_network_ensures_the_projects_default_group_once()
    {
        await using var cloud = await TestCloud.CreateAsync();

        await cloud.Networks.CreateAsync(new NetworkSpec(Scenario.Demo, "a"));
        await cloud.Networks.CreateAsync(new NetworkSpec(Scenario.Demo, "b"));

        var group = Assert.Single(await cloud.SecurityGroups.ListAsync(Scenario.Demo));
        Assert.Equal("default", group.Name);
        Assert.Equal(4, group.Rules.Count);
    }

    [Fact]
    public async Task Network_with_a_compute_port_is_InUse_but_a_dhcp_port_is_deleted_with_it()
    {
        await using var cloud = await TestCloud.CreateAsync();
        var (network, _) = await cloud.NetworkWithSubnetAsync();
        await cloud.Ports.CreateAsync(new PortSpec(network.Id, Scenario.Demo) { DeviceOwner = DeviceOwners.Dhcp });
        var vmPort = await cloud.Ports.CreateAsync(new PortSpec(network.Id, Scenario.Demo) { DeviceOwner = DeviceOwners.Compute });

        var error = await Assert.ThrowsAsync<InUseException>(() => cloud.Networks.DeleteAsync(network.Id));
        await cloud.Ports.DeleteAsync(vmPort.Id);
        await cloud.Networks.DeleteAsync(network.Id);

        Assert.Equal("NetworkInUse", error.Type);
        Assert.Equal(0, await cloud.QueryAsync(db => db.Ports.CountAsync()));
        Assert.Equal(0, await cloud.QueryAsync(db => db.Subnets.CountAsync()));
        Assert.Equal(0, await cloud.QueryAsync(db => db.IpAllocations.CountAsync()));
        Assert.Equal(0, await cloud.QueryAsync(db => db.SegmentAllocations.CountAsync()));
    }

    [Fact]
    public async Task Router_gateway_blocks_deleting_the_external_network()
    {
        await using var cloud = await TestCloud.CreateAsync();
        var external = await cloud.Networks.CreateAsync(new NetworkSpec("admin", "public") { External = true, Provider = new Segment("flat", "physnet1") });
        await cloud.Subnets.CreateAsync(new SubnetSpec(external.Id, "172.24.4.0/24"));
        await cloud.Routers.CreateAsync(new Dashboard.Core.Routers.RouterSpec(Scenario.Demo, "r") { ExternalGateway = new(external.Id) });

        await Assert.ThrowsAsync<InUseException>(() => cloud.Networks.DeleteAsync(external.Id));
        var notExternal = await Assert.ThrowsAsync<InUseException>(() => cloud.Networks.UpdateAsync(external.Id, new NetworkChanges { External = false }));

        Assert.Equal("ExternalNetworkInUse", notExternal.Type);
    }

    [Fact]
    public async Task Unsharing_a_network_other_projects_use_is_refused()
    {
        await using var cloud = await TestCloud.CreateAsync();
        var shared = await cloud.Networks.CreateAsync(new NetworkSpec("admin", "shared") { Shared = true });
        await cloud.Subnets.CreateAsync(new SubnetSpec(shared.Id, "10.5.0.0/24"));
        await cloud.Ports.CreateAsync(new PortSpec(shared.Id, Scenario.Demo));

        var error = await Assert.ThrowsAsync<InUseException>(() => cloud.Networks.UpdateAsync(shared.Id, new NetworkChanges { Shared = false }));

        Assert.Equal("InvalidSharedSetting", error.Type);
    }

    [Fact]
    public async Task Mtu_above_what_the_type_carries_is_refused()
    {
        await using var cloud = await TestCloud.CreateAsync();

        var error = await Assert.ThrowsAsync<InvalidInputException>(() => cloud.Networks.CreateAsync(new NetworkSpec(Scenario.Demo, "big") { Mtu = 9000 }));
        var small = await cloud.Networks.CreateAsync(new NetworkSpec(Scenario.Demo, "small") { Mtu = 1400 });

        Assert.Equal("mtu", error.Attribute);
        Assert.Equal(1400, small.Mtu);
    }

    [Fact]
    public async Task Member_listing_shows_own_shared_and_external_networks_only()
    {
        await using var cloud = await TestCloud.CreateAsync();
        await cloud.Networks.CreateAsync(new NetworkSpec(Scenario.Demo, "mine"));
        await cloud.Networks.CreateAsync(new NetworkSpec(Scenario.Alt, "theirs"));
        await cloud.Networks.CreateAsync(new NetworkSpec(Scenario.Alt, "their-shared") { Shared = true });
        await cloud.Networks.CreateAsync(new NetworkSpec("admin", "public") { External = true, Provider = new Segment("flat", "physnet1") });

        var visible = await cloud.Networks.ListAsync(Scenario.Demo);

        Assert.Equal(["mine", "public", "their-shared"], visible.Select(n => n.Name));
        Assert.Equal(4, (await cloud.Networks.ListAsync()).Count);
    }

    [Fact]
    public async Task Unknown_network_is_NetworkNotFound()
    {
        await using var cloud = await TestCloud.CreateAsync();

        var error = await Assert.ThrowsAsync<NotFoundException>(() => cloud.Networks.DeleteAsync("missing"));

        Assert.Equal(("NetworkNotFound", "Network missing could not be found."), (error.Type, error.Message));
    }
}
