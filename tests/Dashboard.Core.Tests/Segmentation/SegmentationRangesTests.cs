using Dashboard.Core.Segmentation;

namespace Dashboard.Core.Tests.Segmentation;

public class SegmentationRangesTests
{
    [Fact]
    public void Bare_physnet_means_the_whole_vlan_range()
    {
        var ranges = new SegmentationRanges(new NeutronOptions { NetworkVlanRanges = "physnet1:100:200,physnet2" });

        Assert.Equal(["physnet1", "physnet2"], ranges.VlanRanges.Select(p => p.Key));
        Assert.Equal([new IdRange(100, 200)], ranges.VlanRanges[0].Value);
        Assert.Equal([new IdRange(1, 4094)], ranges.VlanRanges[1].Value);
    }

    [Fact]
    public void A_physnet_may_list_several_ranges_in_order()
    {
        var ranges = new SegmentationRanges(new NeutronOptions { NetworkVlanRanges = "physnet1:10:19, physnet1:30:39" });

        Assert.Equal([new IdRange(10, 19), new IdRange(30, 39)], ranges.VlanRanges.Single().Value);
    }

    [Fact]
    public void None_alone_disables_tenant_networks()
    {
        var ranges = new SegmentationRanges(new NeutronOptions { TenantNetworkTypes = "none" });

        Assert.True(ranges.TenantNetworksDisabled);
        Assert.Empty(ranges.TenantNetworkTypes);
    }

    [Fact]
    public void Tenant_types_keep_their_configured_order()
    {
        var ranges = new SegmentationRanges(new NeutronOptions { TenantNetworkTypes = "vxlan, vlan" });

        Assert.Equal(["vxlan", "vlan"], ranges.TenantNetworkTypes);
    }

    [Theory]
    [InlineData("physnet1:0:10")]
    [InlineData("physnet1:10:4095")]
    [InlineData("physnet1:20:10")]
    [InlineData("physnet1:a:b")]
    [InlineData("physnet1:10")]
    public void Invalid_vlan_ranges_are_refused_at_start(string value) =>
        Assert.Throws<InvalidOperationException>(() => new SegmentationRanges(new NeutronOptions { NetworkVlanRanges = value }));

    [Fact]
    public void Vni_range_beyond_24_bits_is_refused() =>
        Assert.Throws<InvalidOperationException>(() => new SegmentationRanges(new NeutronOptions { VniRanges = "1:16777216" }));

    [Fact]
    public void Unknown_tenant_network_type_is_refused() =>
        Assert.Throws<InvalidOperationException>(() => new SegmentationRanges(new NeutronOptions { TenantNetworkTypes = "vlan,geneve" }));

    [Fact]
    public void Mtu_accounts_for_encapsulation()
    {
        var ranges = new SegmentationRanges(new NeutronOptions());

        Assert.Equal(1500, ranges.MtuFor("vlan"));
        Assert.Equal(1450, ranges.MtuFor("vxlan"));
        Assert.Equal(1458, ranges.MtuFor("gre"));
    }
}
