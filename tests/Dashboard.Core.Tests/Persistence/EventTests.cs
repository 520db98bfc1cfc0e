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
}
