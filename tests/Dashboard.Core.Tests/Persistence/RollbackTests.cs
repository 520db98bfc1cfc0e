using Dashboard.Core.Errors;
using Dashboard.Core.Networking;
using Dashboard.Core.Segmentation;
using Dashboard.Core.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace Dashboard.Core.Tests.Persistence;

public class RollbackTests
{
    [Fact]
    public async Task Network_create_failing_at_segment_allocation_leaves_no_network_and_no_default_group()
    {
        await using var cloud = await TestCloud.CreateAsync(new Dictionary<string, string?> { ["Neutron:network_vlan_ranges"] = "physnet1:5:5" });
        await cloud.Networks.CreateAsync(new NetworkSpec("first-project", "takes-the-only-vlan"));

        await Assert.ThrowsAsync<NoNetworkAvailableException>(() => cloud.Networks.CreateAsync(new NetworkSpec("fresh-project", "fails")));

        Assert.Equal(0, await cloud.QueryAsync(db => db.Networks.CountAsync(n => n.ProjectId == "fresh-project")));
        Assert.Equal(0, await cloud.QueryAsync(db => db.SecurityGroups.CountAsync(g => g.ProjectId == "fresh-project")));
        Assert.Equal(0, await cloud.QueryAsync(db => db.SecurityGroupRules.CountAsync(r => r.ProjectId == "fresh-project")));
    }

    [Fact]
    public async Task Bulk_create_is_all_or_nothing()
    {
        await using var cloud = await TestCloud.CreateAsync();
        var specs = new[]
        {
            new NetworkSpec(Scenario.Demo, "ok-1"),
            new NetworkSpec(Scenario.Demo, "ok-2"),
            new NetworkSpec(Scenario.Demo, "bad") { Provider = new Segment("vlan", "physnet1", 9999) },
        };

        await Assert.ThrowsAsync<InvalidInputException>(() => cloud.Networks.CreateManyAsync(specs));

        Assert.Equal(0, await cloud.QueryAsync(db => db.Networks.CountAsync()));
        Assert.Equal(0, await cloud.QueryAsync(db => db.SegmentAllocations.CountAsync()));
        Assert.Equal(100, (await cloud.Networks.CreateAsync(new NetworkSpec(Scenario.Demo, "after"))).SegmentationId);
    }

    [Fact]
    public async Task Port_create_failing_on_a_taken_ip_leaves_no_port_and_no_allocation()
    {
        await using var cloud = await TestCloud.CreateAsync();
        await cloud.RegisterHostsAsync();
        var (network, subnet) = await cloud.NetworkWithSubnetAsync();
        await cloud.Ports.CreateAsync(new PortSpec(network.Id, Scenario.Demo) { FixedIps = [new(subnet.Id, "10.0.0.20")] });

        await Assert.ThrowsAsync<ConflictException>(() => cloud.Ports.CreateAsync(new PortSpec(network.Id, Scenario.Demo)
        {
            FixedIps = [new(subnet.Id, "10.0.0.21"), new(subnet.Id, "10.0.0.20")],
            HostId = "compute1",
        }));

        Assert.Equal(1, await cloud.QueryAsync(db => db.Ports.CountAsync()));
        Assert.Equal(["10.0.0.20"], await cloud.QueryAsync(db => db.IpAllocations.Select(a => a.IpAddress).ToListAsync()));
        Assert.Equal(0, await cloud.QueryAsync(db => db.LocalVlans.CountAsync()));
    }

    [Fact]
    public async Task Service_calls_inside_one_write_are_all_or_nothing()
    {
        await using var cloud = await TestCloud.CreateAsync();
        var transactions = cloud.Get<Dashboard.Core.Persistence.Transactions>();

        await Assert.ThrowsAsync<InvalidInputException>(() => transactions.WriteAsync(async _ =>
        {
            var network = await cloud.Networks.CreateAsync(new NetworkSpec(Scenario.Demo, "n"));
            await cloud.Subnets.CreateAsync(new SubnetSpec(network.Id, "10.0.0.0/24"));
            await cloud.Subnets.CreateAsync(new SubnetSpec(network.Id, "bad-cidr"));
        }));

        Assert.Equal(0, await cloud.QueryAsync(db => db.Networks.CountAsync()));
        Assert.Equal(0, await cloud.QueryAsync(db => db.Subnets.CountAsync()));
        Assert.Equal(0, await cloud.QueryAsync(db => db.SecurityGroups.CountAsync()));
    }
}
