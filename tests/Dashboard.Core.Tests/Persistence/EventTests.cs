using System.Collections.Concurrent;
using Dashboard.Core.Errors;
using Dashboard.Core.Events;
using Dashboard.Core.Networking;
using Dashboard.Core.Tests.Support;

namespace Dashboard.Core.Tests.Persistence;

public class EventTests
{
    [Fact]
    public async Task Port_status_changes_are_announced_after_commit_with_old_and_new_status()
    {
        await using var cloud = await TestCloud.CreateAsync();
        await cloud.RegisterHostsAsync();
        var (network, _) = await cloud.NetworkWithSubnetAsync();
        var seen = new ConcurrentQueue<PortStatusChanged>();
        using var subscription = cloud.Get<INetworkEvents>().Subscribe<PortStatusChanged>(seen.Enqueue);

        var port = await cloud.Ports.CreateAsync(new PortSpec(network.Id, Scenario.Demo) { HostId = "compute1" });
        await cloud.Ports.UpdateAsync(port.Id, new PortChanges { AdminStateUp = false });
        await cloud.Ports.DeleteAsync(port.Id);

        Assert.Equal([(null, "DOWN"), ("DOWN", "BUILD"), ("BUILD", "DOWN"), ("DOWN", "DELETED")], seen.Select(e => (e.OldStatus, e.NewStatus)));
        Assert.All(seen, e => Assert.Equal((port.Id, network.Id), (e.PortId, e.NetworkId)));
        Assert.Equal(["", "compute1", "compute1", "compute1"], seen.Select(e => e.Host));
        Assert.Equal(("bound to compute1", "admin state down"), (seen.ElementAt(1).Reason, seen.ElementAt(2).Reason));
    }

    [Fact]
    public async Task Adding_and_deleting_a_security_group_rule_are_announced()
    {
        // Agents re-apply firewalls on announcements; a delete that bypassed the change tracker went unheard.
        await using var cloud = await TestCloud.CreateAsync();
        var group = await cloud.SecurityGroups.CreateAsync(Scenario.Demo, "web");
        var seen = new ConcurrentQueue<ResourceChanged>();
        using var subscription = cloud.Get<INetworkEvents>().Subscribe<ResourceChanged>(seen.Enqueue);

        var rule = await cloud.SecurityGroups.AddRuleAsync(group.Id, new Dashboard.Core.SecurityGroups.SecurityGroupRuleSpec("ingress", Protocol: "icmp"));
        await cloud.SecurityGroups.DeleteRuleAsync(rule.Id);

        Assert.Equal([(rule.Id, ResourceChanged.Created), (rule.Id, ResourceChanged.Deleted)],
            seen.Where(e => e.Resource == "security_group_rule").Select(e => (e.Id, e.Action)));
    }

    [Fact]
    public async Task A_rolled_back_operation_announces_nothing_and_an_unsubscribed_handler_hears_nothing()
    {
        await using var cloud = await TestCloud.CreateAsync();
        var (network, subnet) = await cloud.NetworkWithSubnetAsync();
        await cloud.Ports.CreateAsync(new PortSpec(network.Id, Scenario.Demo) { FixedIps = [new(subnet.Id, "10.0.0.9")] });
        var seen = new ConcurrentQueue<PortStatusChanged>();
        var subscription = cloud.Get<INetworkEvents>().Subscribe<PortStatusChanged>(seen.Enqueue);

        await Assert.ThrowsAsync<ConflictException>(() => cloud.Ports.CreateAsync(new PortSpec(network.Id, Scenario.Demo) { FixedIps = [new(subnet.Id, "10.0.0.9")] }));
        subscription.Dispose();
        await cloud.Ports.CreateAsync(new PortSpec(network.Id, Scenario.Demo));

        Assert.Empty(seen);
    }

    [Fact]
    public async Task Work_a_subscriber_queues_reads_the_committed_state_not_the_finished_writes_context()
    {
        await using var cloud = await TestCloud.CreateAsync();
        var (network, _) = await cloud.NetworkWithSubnetAsync();
        var port = await cloud.Ports.CreateAsync(new PortSpec(network.Id, Scenario.Demo));
        var reads = new ConcurrentQueue<Task<bool>>();
        // As a page does: the handler queues a re-read (the queued work flows the publisher's execution context).
        using var subscription = cloud.Get<INetworkEvents>().Subscribe<ResourceChanged>(change => reads.Enqueue(Task.Run(async () =>
        {
            await Task.Delay(50); // long after the write has returned and disposed its context
            return (await cloud.Ports.GetAsync(port.Id)).AdminStateUp;
        })));

        await cloud.Ports.UpdateAsync(port.Id, new PortChanges { AdminStateUp = false });

        Assert.NotEmpty(reads);
        foreach (var read in reads)
        {
            Assert.False(await read); // read afresh; before the fix this threw ObjectDisposedException
        }
    }

    [Fact]
    public async Task A_failing_subscriber_is_logged_and_the_others_still_hear_of_the_change()
    {
        await using var cloud = await TestCloud.CreateAsync();
        var events = cloud.Get<INetworkEvents>();
        var heard = 0;
        using var broken = events.Subscribe(_ => throw new InvalidOperationException("a subscriber's bug"));
        using var working = events.Subscribe(_ => Interlocked.Increment(ref heard));

        events.Publish(new AgentStateChanged("compute1", true, DateTime.UtcNow));

        Assert.Equal(1, heard);
        Assert.Contains(cloud.Logs.Lines, l => l.Contains("A subscriber failed on AgentStateChanged", StringComparison.Ordinal));
    }
}
