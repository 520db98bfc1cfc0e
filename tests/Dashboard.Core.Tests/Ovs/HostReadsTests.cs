using Dashboard.Core.Ovs;

namespace Dashboard.Core.Tests.Ovs;

public sealed class HostReadsTests
{
    [Fact]
    public async Task A_started_read_is_taken_once_a_forgotten_or_unstarted_one_is_run_when_taken_and_a_failure_left_untaken_is_not_thrown()
    {
        var runs = 0;
        Task<string> Read(string text) { runs++; return Task.FromResult(text); }
        using var reads = new HostReads();
        reads.Start("flows br-int", () => Read("started"));
        reads.Start("flows br-eth1", () => Read("stale"));
        reads.Start("iptables-save", () => Task.FromException<string>(new HostCommandException("iptables-save: gone")));
        Assert.Equal(2, runs);

        Assert.Equal("started", await reads.TakeAsync("flows br-int", () => Read("fresh")));
        Assert.Equal("fresh", await reads.TakeAsync("flows br-int", () => Read("fresh"))); // taken once: the next take reads again
        reads.Forget(k => k == "flows br-eth1");
        Assert.Equal("fresh", await reads.TakeAsync("flows br-eth1", () => Read("fresh")));
        Assert.Equal("run", await HostReads.TakeAsync(null, "ipset save", () => Read("run")));
        Assert.Equal(5, runs);
        // The failed read is never taken: Dispose (end of the using) lets it go without throwing.
    }
}
