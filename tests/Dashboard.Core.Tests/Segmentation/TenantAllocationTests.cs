using Dashboard.Core.Errors;
using Dashboard.Core.Networking;
using Dashboard.Core.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace Dashboard.Core.Tests.Segmentation;

public class TenantAllocationTests
{
    [Fact]
    public async Task Tenant_network_gets_the_lowest_free_vlan_of_the_first_physnet()
    {
        await using var cloud = await TestCloud.CreateAsync();

        var first = await cloud.Networks.CreateAsync(new NetworkSpec(Scenario.Demo, "a"));
        var second = await cloud.Networks.CreateAsync(new NetworkSpec(Scenario.Demo, "b"));

        Assert.Equal(("vlan", "physnet1", 100L), (first.NetworkType, first.PhysicalNetwork, first.SegmentationId!.Value));
        Assert.Equal(101, second.SegmentationId);
    }

    [Fact]
    public async Task Full_physnet_moves_on_to_the_next_physnet_in_order()
    {
        await using var cloud = await TestCloud.CreateAsync(new Dictionary<string, string?>
        {
            ["Neutron:network_vlan_ranges"] = "physnet1:5:6,physnet2:7:7",
        });

        var ids = new List<(string?, long?)>();
        for (var i = 0; i < 3; i++)
        {
            var n = await cloud.Networks.CreateAsync(new NetworkSpec(Scenario.Demo, $"n{i}"));
            ids.Add((n.PhysicalNetwork, n.SegmentationId));
        }

        Assert.Equal([("physnet1", 5L), ("physnet1", 6L), ("physnet2", 7L)], ids.Select(x => (x.Item1, x.Item2)));
    }

    [Fact]
    public async Task Exhausted_vlans_fall_through_to_the_next_tenant_type()
    {
        await using var cloud = await TestCloud.CreateAsync(new Dictionary<string, string?>
        {
            ["Neutron:tenant_network_types"] = "vlan,vxlan",
            ["Neutron:network_vlan_ranges"] = "physnet1:5:5",
            ["Neutron:vni_ranges"] = "1000:1001",
        });

        var vlan = await cloud.Networks.CreateAsync(new NetworkSpec(Scenario.Demo, "a"));
        var vxlan = await cloud.Networks.CreateAsync(new NetworkSpec(Scenario.Demo, "b"));

        Assert.Equal(("vlan", 5L), (vlan.NetworkType, vlan.SegmentationId!.Value));
        Assert.Equal(("vxlan", (string?)null, 1000L, 1450), (vxlan.NetworkType, vxlan.PhysicalNetwork, vxlan.SegmentationId!.Value, vxlan.Mtu));
    }

    [Fact]
    public async Task Nothing_left_in_any_tenant_type_is_NoNetworkAvailable()
    {
        await using var cloud = await TestCloud.CreateAsync(new Dictionary<string, string?> { ["Neutron:network_vlan_ranges"] = "physnet1:5:6" });
        await cloud.Networks.CreateAsync(new NetworkSpec(Scenario.Demo, "a"));
        await cloud.Networks.CreateAsync(new NetworkSpec(Scenario.Demo, "b"));

        var error = await Assert.ThrowsAsync<NoNetworkAvailableException>(() => cloud.Networks.CreateAsync(new NetworkSpec(Scenario.Demo, "c")));

        Assert.IsAssignableFrom<ServiceUnavailableException>(error);
        Assert.Equal("NoNetworkAvailable", error.Type);
    }

    [Fact]
    public async Task Tenant_networks_disabled_by_none()
    {
        await using var cloud = await TestCloud.CreateAsync(new Dictionary<string, string?> { ["Neutron:tenant_network_types"] = "none" });

        var error = await Assert.ThrowsAsync<TenantNetworksDisabledException>(() => cloud.Networks.CreateAsync(new NetworkSpec(Scenario.Demo, "a")));

        Assert.Equal("TenantNetworksDisabled", error.Type);
        Assert.Equal(0, await cloud.QueryAsync(db => db.Networks.CountAsync()));
    }

    [Fact]
    public async Task Local_tenant_type_needs_no_segment()
    {
        await using var cloud = await TestCloud.CreateAsync(new Dictionary<string, string?> { ["Neutron:tenant_network_types"] = "local" });

        var network = await cloud.Networks.CreateAsync(new NetworkSpec(Scenario.Demo, "a"));

        Assert.Equal(("local", (long?)null), (network.NetworkType, network.SegmentationId));
        Assert.Equal(0, await cloud.QueryAsync(db => db.SegmentAllocations.CountAsync()));
    }

    [Fact]
    public async Task Deleting_a_network_returns_its_vlan_to_the_pool()
    {
        await using var cloud = await TestCloud.CreateAsync();
        var a = await cloud.Networks.CreateAsync(new NetworkSpec(Scenario.Demo, "a"));
        await cloud.Networks.CreateAsync(new NetworkSpec(Scenario.Demo, "b"));

        await cloud.Networks.DeleteAsync(a.Id);
        var c = await cloud.Networks.CreateAsync(new NetworkSpec(Scenario.Demo, "c"));

        Assert.Equal(100, c.SegmentationId);
        Assert.Equal(2, await cloud.QueryAsync(db => db.SegmentAllocations.CountAsync()));
    }

    [Fact]
    public async Task Vlan_range_of_4094_is_exhausted_exactly_and_then_refuses()
    {
        await using var cloud = await TestCloud.CreateAsync(new Dictionary<string, string?>
        {
            ["Neutron:network_vlan_ranges"] = "physnet1",
            ["Quotas:quota_network"] = "-1",
        });

        var specs = Enumerable.Range(0, 4094).Select(i => new NetworkSpec(Scenario.Demo, $"n{i}")).ToList();
        var created = await cloud.Networks.CreateManyAsync(specs);

        Assert.Equal(Enumerable.Range(1, 4094).Select(i => (long)i), created.Select(n => n.SegmentationId!.Value).Order());
        await Assert.ThrowsAsync<NoNetworkAvailableException>(() => cloud.Networks.CreateAsync(new NetworkSpec(Scenario.Demo, "one-more")));
    }
}
