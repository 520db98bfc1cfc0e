using CsCheck;
using Dashboard.Core.Errors;
using Dashboard.Core.Networking;
using Dashboard.Core.Segmentation;
using Dashboard.Core.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace Dashboard.Core.Tests.Segmentation;

/// <summary>
/// Any interleaving of allocate (tenant), reserve (provider, inside or outside the range) and
/// release (delete) keeps every VLAN unique and within bounds, hands out exactly the lowest free
/// ID of the range, and never loses one: the store always equals a simple model of it.
/// </summary>
public class AllocatorPropertyTests
{
    private const int RangeMin = 100;
    private const int RangeMax = 107;

    private abstract record Op;
    private sealed record Allocate : Op;
    private sealed record Reserve(int Vlan) : Op;
    private sealed record Release(int Pick) : Op;

    private static readonly Gen<Op> OpGen = Gen.Frequency(
        (4, Gen.Const<Op>(new Allocate())),
        (2, Gen.Int[95, 112].Select(v => (Op)new Reserve(v))),
        (3, Gen.Int[0, 1000].Select(p => (Op)new Release(p))));

    [Fact]
    public void Interleaved_allocate_reserve_release_keeps_ids_unique_bounded_and_never_lost()
    {
        OpGen.Array[1, 30].Sample(ops => RunAsync(ops).GetAwaiter().GetResult(), iter: 25, threads: 1);
    }

    private static async Task RunAsync(Op[] ops)
    {
        await using var cloud = await TestCloud.CreateAsync(new Dictionary<string, string?>
        {
            ["Neutron:network_vlan_ranges"] = $"physnet1:{RangeMin}:{RangeMax}",
            ["Quotas:quota_network"] = "-1",
        });
        var model = new Dictionary<string, int>(); // network id -> vlan
        foreach (var op in ops)
        {
            switch (op)
            {
                case Allocate:
                    var expected = Enumerable.Range(RangeMin, RangeMax - RangeMin + 1).Where(v => !model.ContainsValue(v)).Cast<int?>().FirstOrDefault();
                    if (expected is null)
                    {
                        await Assert.ThrowsAsync<NoNetworkAvailableException>(() => cloud.Networks.CreateAsync(new NetworkSpec(Scenario.Demo)));
                    }
                    else
                    {
                        var network = await cloud.Networks.CreateAsync(new NetworkSpec(Scenario.Demo));
                        Assert.Equal(expected, (int?)network.SegmentationId);
                        model[network.Id] = expected.Value;
                    }
                    break;
                case Reserve(var vlan):
                    var spec = new NetworkSpec(Scenario.Demo) { Provider = new Segment("vlan", "physnet1", vlan) };
                    if (model.ContainsValue(vlan))
                    {
                        await Assert.ThrowsAsync<InUseException>(() => cloud.Networks.CreateAsync(spec));
                    }
                    else
                    {
                        model[(await cloud.Networks.CreateAsync(spec)).Id] = vlan;
                    }
                    break;
                case Release(var pick) when model.Count > 0:
                    var victim = model.Keys.Order().ElementAt(pick % model.Count);
                    await cloud.Networks.DeleteAsync(victim);
                    model.Remove(victim);
                    break;
            }
            var stored = await cloud.QueryAsync(db => db.SegmentAllocations.Select(a => new { a.NetworkId, a.SegmentationId }).ToListAsync());
            Assert.Equal(stored.Count, stored.Select(a => a.SegmentationId).Distinct().Count());
            Assert.All(stored, a => Assert.InRange(a.SegmentationId, 1, 4094));
            Assert.Equal(model.OrderBy(m => m.Key).Select(m => (m.Key, (long)m.Value)), stored.OrderBy(a => a.NetworkId).Select(a => (a.NetworkId, a.SegmentationId)));
        }
    }
}
