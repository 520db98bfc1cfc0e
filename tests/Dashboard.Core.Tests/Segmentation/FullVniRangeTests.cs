using Dashboard.Core.Networking;
using Dashboard.Core.Segmentation;
using Dashboard.Core.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace Dashboard.Core.Tests.Segmentation;

/// <summary>vni_ranges = 1:16777215: nothing may store or scan one row per ID of the range.</summary>
public class FullVniRangeTests
{
    private static readonly Dictionary<string, string?> FullVxlan = new()
    {
        ["Neutron:tenant_network_types"] = "vxlan",
        ["Neutron:vni_ranges"] = "1:16777215",
        ["Quotas:quota_network"] = "-1",
    };

    [Fact]
    public async Task Start_up_stores_nothing_for_the_range()
    {
        await using var cloud = await TestCloud.CreateAsync(FullVxlan, bootstrap: true);

        Assert.Equal(0, await cloud.QueryAsync(db => db.SegmentAllocations.CountAsync()));
        Assert.Equal(16_777_215, cloud.Get<SegmentationRanges>().VxlanRanges.Single().Count);
    }

    [Fact]
    public async Task Allocate_and_release_store_only_what_is_allocated()
    {
        await using var cloud = await TestCloud.CreateAsync(FullVxlan);

        var created = await cloud.Networks.CreateManyAsync(Enumerable.Range(0, 500).Select(i => new NetworkSpec(Scenario.Demo, $"n{i}")).ToList());
        Assert.Equal(Enumerable.Range(1, 500).Select(i => (long)i), created.Select(n => n.SegmentationId!.Value));
        Assert.Equal(500, await cloud.QueryAsync(db => db.SegmentAllocations.CountAsync()));

        await cloud.Networks.DeleteAsync(created[249].Id);
        Assert.Equal(250, (await cloud.Networks.CreateAsync(new NetworkSpec(Scenario.Demo, "refill"))).SegmentationId);
        Assert.Equal(501, (await cloud.Networks.CreateAsync(new NetworkSpec(Scenario.Demo, "next"))).SegmentationId);
        Assert.Equal(501, await cloud.QueryAsync(db => db.SegmentAllocations.CountAsync()));
    }

    [Fact]
    public async Task Top_of_the_range_is_reachable_and_then_full()
    {
        await using var cloud = await TestCloud.CreateAsync(new Dictionary<string, string?>
        {
            ["Neutron:tenant_network_types"] = "vxlan",
            ["Neutron:vni_ranges"] = "16777214:16777215",
        });

        var a = await cloud.Networks.CreateAsync(new NetworkSpec(Scenario.Demo, "a"));
        var b = await cloud.Networks.CreateAsync(new NetworkSpec(Scenario.Demo, "b"));

        Assert.Equal([16777214L, 16777215L], new[] { a.SegmentationId!.Value, b.SegmentationId!.Value });
        await Assert.ThrowsAsync<Errors.NoNetworkAvailableException>(() => cloud.Networks.CreateAsync(new NetworkSpec(Scenario.Demo, "c")));
    }
}
