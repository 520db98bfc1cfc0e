using Dashboard.Core.Errors;
using Dashboard.Core.Networking;
using Dashboard.Core.Segmentation;
using Dashboard.Core.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace Dashboard.Core.Tests.Segmentation;

public class ProviderReservationTests
{
    private static NetworkSpec Provider(string type, string? physnet = null, long? id = null) =>
        new(Scenario.Demo, "provider") { Provider = new Segment(type, physnet, id) };

    [Fact]
    public async Task Provider_vlan_reserves_exactly_the_id_asked_for()
    {
        await using var cloud = await TestCloud.CreateAsync();

        var network = await cloud.Networks.CreateAsync(Provider("vlan", "physnet1", 105));
        var tenant = await cloud.Networks.CreateAsync(new NetworkSpec(Scenario.Demo, "tenant"));

        Assert.Equal(105, network.SegmentationId);
        Assert.Equal(100, tenant.SegmentationId);
    }

    [Fact]
    public async Task Provider_vlan_outside_the_ranges_is_reserved_and_forgotten_on_delete()
    {
        await using var cloud = await TestCloud.CreateAsync();

        var network = await cloud.Networks.CreateAsync(Provider("vlan", "physnet1", 3000));
        await Assert.ThrowsAsync<InUseException>(() => cloud.Networks.CreateAsync(Provider("vlan", "physnet1", 3000)));
        await cloud.Networks.DeleteAsync(network.Id);

        Assert.Equal(0, await cloud.QueryAsync(db => db.SegmentAllocations.CountAsync()));
        Assert.Equal(3000, (await cloud.Networks.CreateAsync(Provider("vlan", "physnet1", 3000))).SegmentationId);
    }

    [Fact]
    public async Task Taken_vlan_is_VlanIdInUse()
    {
        await using var cloud = await TestCloud.CreateAsync();
        var tenant = await cloud.Networks.CreateAsync(new NetworkSpec(Scenario.Demo, "tenant"));

        var error = await Assert.ThrowsAsync<InUseException>(() => cloud.Networks.CreateAsync(Provider("vlan", "physnet1", tenant.SegmentationId)));

        Assert.Equal("VlanIdInUse", error.Type);
        Assert.IsAssignableFrom<ConflictException>(error);
    }

    [Fact]
    public async Task Same_vlan_on_another_physnet_is_free()
    {
        await using var cloud = await TestCloud.CreateAsync(new Dictionary<string, string?> { ["Neutron:network_vlan_ranges"] = "physnet1:100:109,physnet2" });
        await cloud.Networks.CreateAsync(Provider("vlan", "physnet1", 42));

        var other = await cloud.Networks.CreateAsync(Provider("vlan", "physnet2", 42));

        Assert.Equal(("physnet2", 42L), (other.PhysicalNetwork, other.SegmentationId!.Value));
    }

    [Fact]
    public async Task Taken_tunnel_id_is_TunnelIdInUse()
    {
        await using var cloud = await TestCloud.CreateAsync();
        await cloud.Networks.CreateAsync(Provider("vxlan", id: 5000));

        var error = await Assert.ThrowsAsync<InUseException>(() => cloud.Networks.CreateAsync(Provider("vxlan", id: 5000)));

        Assert.Equal("TunnelIdInUse", error.Type);
    }

    [Fact]
    public async Task Gre_and_vxlan_ids_are_separate_pools()
    {
        await using var cloud = await TestCloud.CreateAsync();
        await cloud.Networks.CreateAsync(Provider("vxlan", id: 7));

        var gre = await cloud.Networks.CreateAsync(Provider("gre", id: 7));

        Assert.Equal(("gre", 7L, 1458), (gre.NetworkType, gre.SegmentationId!.Value, gre.Mtu));
    }

    [Fact]
    public async Task A_flat_physnet_holds_one_network()
    {
        await using var cloud = await TestCloud.CreateAsync();
        var flat = await cloud.Networks.CreateAsync(Provider("flat", "physnet1"));

        var error = await Assert.ThrowsAsync<InUseException>(() => cloud.Networks.CreateAsync(Provider("flat", "physnet1")));

        Assert.Equal("FlatNetworkInUse", error.Type);
        Assert.Null(flat.SegmentationId);
        await cloud.Networks.DeleteAsync(flat.Id);
        await cloud.Networks.CreateAsync(Provider("flat", "physnet1"));
    }

    [Fact]
    public async Task Provider_vlan_without_id_allocates_on_that_physnet()
    {
        await using var cloud = await TestCloud.CreateAsync(new Dictionary<string, string?> { ["Neutron:network_vlan_ranges"] = "physnet1:100:109,physnet2:200:209" });

        var network = await cloud.Networks.CreateAsync(Provider("vlan", "physnet2"));

        Assert.Equal(("physnet2", 200L), (network.PhysicalNetwork, network.SegmentationId!.Value));
    }

    [Theory]
    [InlineData("vlan", "physnet9", 100L)]   // unknown physnet
    [InlineData("vlan", "physnet1", 0L)]     // VLAN below range
    [InlineData("vlan", "physnet1", 4095L)]  // VLAN above range
    [InlineData("vlan", "physnet1", 5000L)]
    [InlineData("vlan", null, 100L)]         // segmentation ID without physnet
    [InlineData("flat", "physnet1", 5L)]     // segmentation ID on flat
    [InlineData("flat", null, null)]         // flat without physnet
    [InlineData("flat", "physnet9", null)]   // flat on an unknown physnet
    [InlineData("local", null, 5L)]          // segmentation ID on local
    [InlineData("local", "physnet1", null)]  // physnet on local
    [InlineData("vxlan", "physnet1", 5L)]    // physnet on vxlan
    [InlineData("gre", "physnet1", null)]    // physnet on gre
    [InlineData("vxlan", null, 0L)]          // VNI below range
    [InlineData("vxlan", null, 16777216L)]   // VNI above 24 bits
    [InlineData("geneve", null, null)]       // unsupported type
    public async Task Invalid_provider_combinations_are_InvalidInput_and_leave_nothing(string type, string? physnet, long? id)
    {
        await using var cloud = await TestCloud.CreateAsync();

        await Assert.ThrowsAsync<InvalidInputException>(() => cloud.Networks.CreateAsync(Provider(type, physnet, id)));

        Assert.Equal(0, await cloud.QueryAsync(db => db.Networks.CountAsync()));
        Assert.Equal(0, await cloud.QueryAsync(db => db.SegmentAllocations.CountAsync()));
        Assert.Equal(0, await cloud.QueryAsync(db => db.SecurityGroups.CountAsync()));
    }

    [Fact]
    public async Task Allocations_survive_a_range_change_between_runs()
    {
        await using var cloud = await TestCloud.CreateAsync();
        var kept = await cloud.Networks.CreateAsync(new NetworkSpec(Scenario.Demo, "kept"));
        await using var restarted = cloud.Reopen(new Dictionary<string, string?> { ["Neutron:network_vlan_ranges"] = "physnet1:100:100,physnet1:500:501" });

        var next = await restarted.Networks.CreateAsync(new NetworkSpec(Scenario.Demo, "next"));
        var reserved = await Assert.ThrowsAsync<InUseException>(() => restarted.Networks.CreateAsync(Provider("vlan", "physnet1", kept.SegmentationId)));

        Assert.Equal(100, kept.SegmentationId);
        Assert.Equal(500, next.SegmentationId);
        Assert.Equal("VlanIdInUse", reserved.Type);
        await restarted.Networks.DeleteAsync(kept.Id);
        Assert.Equal(100, (await restarted.Networks.CreateAsync(new NetworkSpec(Scenario.Demo, "again"))).SegmentationId);
    }
}
