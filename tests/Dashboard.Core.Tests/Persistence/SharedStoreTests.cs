using System.Collections.Concurrent;
using Dashboard.Core.Errors;
using Dashboard.Core.Events;
using Dashboard.Core.Identity;
using Dashboard.Core.Networking;
using Dashboard.Core.Dataplane;
using Dashboard.Core.Tests.Support;

namespace Dashboard.Core.Tests.Persistence;

/// <summary>
/// Two instances on one PostgreSQL database (two independent service sets, each with its bus): what one commits, the
/// other hears; what one rolls back, nobody hears; a token one revokes, the other refuses. Runs in the PostgreSQL pass.
/// </summary>
public class SharedStoreTests
{
    private const string PostgresOnly = "instances share a store on PostgreSQL: runs in test.sh's PostgreSQL pass";

    private static async Task<(TestCloud First, TestCloud Second)> TwoInstancesAsync(bool bootstrap = false)
    {
        var first = await TestCloud.CreateAsync(bootstrap: bootstrap);
        var second = first.Reopen();
        foreach (var instance in new[] { first, second })
        {
            var bus = instance.Get<PostgresEventBus>();
            await bus.StartAsync(CancellationToken.None);
            await bus.Listening.WaitAsync(TimeSpan.FromSeconds(60));
        }
        return (first, second);
    }

    [SkippableFact]
    public async Task A_change_committed_by_one_instance_is_heard_by_the_other_once_and_a_rolled_back_one_by_none()
    {
        Skip.IfNot(TestDatabase.IsPostgres, PostgresOnly);
        var (first, second) = await TwoInstancesAsync();
        await using var _ = first;
        await using var __ = second;
        var heardBySecond = new ConcurrentQueue<ResourceChanged>();
        var heardByFirst = new ConcurrentQueue<ResourceChanged>();
        using var s1 = second.Get<INetworkEvents>().Subscribe<ResourceChanged>(heardBySecond.Enqueue);
        using var s2 = first.Get<INetworkEvents>().Subscribe<ResourceChanged>(heardByFirst.Enqueue);

        var (network, subnet) = await first.NetworkWithSubnetAsync();
        await first.Ports.CreateAsync(new PortSpec(network.Id, Scenario.Demo) { FixedIps = [new(subnet.Id, "10.0.0.9")] });
        await Assert.ThrowsAsync<ConflictException>(() => first.Ports.CreateAsync(new PortSpec(network.Id, Scenario.Demo) { Name = "rolled-back", FixedIps = [new(subnet.Id, "10.0.0.9")] }));
        var marker = await first.Networks.CreateAsync(new NetworkSpec(Scenario.Demo, "marker"));

        await Eventually.EqualAsync(true, () => Task.FromResult(heardBySecond.Any(c => c.Id == marker.Id)));
        // In commit order, each once, as the instance that made them heard them; nothing of the rolled-back create.
        Assert.Equal(heardByFirst.Select(c => (c.Resource, c.Id, c.Action)), heardBySecond.Select(c => (c.Resource, c.Id, c.Action)));
        Assert.Contains(heardBySecond, c => c.Resource == "network" && c.Id == network.Id && c.Action == ResourceChanged.Created);
        Assert.Single(heardBySecond, c => c.Resource == "port");
    }

    [SkippableFact]
    public async Task A_token_revoked_through_one_instance_is_refused_by_the_other_which_had_it_cached()
    {
        Skip.IfNot(TestDatabase.IsPostgres, PostgresOnly);
        var (first, second) = await TwoInstancesAsync(bootstrap: true);
        await using var _ = first;
        await using var __ = second;
        var admin = (await first.Identity.FindUserAsync("admin"))!;
        var (token, _) = await first.Get<TokenService>().IssueAsync(admin, null, ["password"]);
        Assert.NotNull(await second.Get<TokenService>().ValidateAsync(token)); // now cached by the second instance

        Assert.True(await first.Get<TokenService>().RevokeAsync(token));

        await Eventually.EqualAsync(true, async () => await second.Get<TokenService>().ValidateAsync(token) is null);
    }

    [SkippableFact]
    public async Task Allocations_from_two_instances_at_once_take_each_vlan_once_then_refuse()
    {
        Skip.IfNot(TestDatabase.IsPostgres, PostgresOnly);
        var (first, second) = await TwoInstancesAsync();
        await using var _ = first;
        await using var __ = second;

        // The test range is 10 VLANs (physnet1:100:109): 16 creates split across the instances, all at once.
        var attempts = Enumerable.Range(0, 16).Select(i => Task.Run(async () =>
        {
            var instance = i % 2 == 0 ? first : second;
            try
            {
                return (await instance.Networks.CreateAsync(new NetworkSpec(Scenario.Demo, $"n{i}"))).SegmentationId;
            }
            catch (NoNetworkAvailableException)
            {
                return null;
            }
        })).ToList();
        var taken = (await Task.WhenAll(attempts)).Where(v => v is not null).ToList();

        Assert.Equal(10, taken.Count);
        Assert.Equal(Enumerable.Range(100, 10).Select(v => (long?)v).ToHashSet(), taken.ToHashSet());
    }

    [SkippableFact]
    public async Task An_agent_stopped_through_one_instance_stops_reporting_in_the_other_and_starts_again_in_both()
    {
        Skip.IfNot(TestDatabase.IsPostgres, PostgresOnly);
        var (first, second) = await TwoInstancesAsync();
        await using var _ = first;
        await using var __ = second;
        await first.RegisterHostsAsync();
        var secondStates = second.Get<Dashboard.Core.Agents.AgentStates>();

        await first.Get<Dashboard.Core.Agents.SimulatedAgents>().StopAgentAsync("compute1");

        await Eventually.EqualAsync(false, () => Task.FromResult(secondStates.IsRunning("compute1")));
        Assert.True(secondStates.IsRunning("compute2"));
        // The second instance's reports now leave compute1 silent, as the first's do.
        var before = await second.QueryAsync(db => Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.SingleAsync(db.ComputeNodes, n => n.Name == "compute1"));
        await second.Get<Dashboard.Core.Agents.AgentHeartbeats>().ReportAsync();
        var after = await second.QueryAsync(db => Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.SingleAsync(db.ComputeNodes, n => n.Name == "compute1"));
        Assert.Equal(before.LastHeartbeatAt, after.LastHeartbeatAt);

        await first.Get<Dashboard.Core.Agents.SimulatedAgents>().StartAgentAsync("compute1");
        await Eventually.EqualAsync(true, () => Task.FromResult(secondStates.IsRunning("compute1")));
    }

    [SkippableFact]
    public async Task A_hosts_agents_run_in_one_instance_only_and_move_to_another_when_it_goes()
    {
        Skip.IfNot(TestDatabase.IsPostgres, PostgresOnly);
        await using var staying = await TestCloud.CreateAsync();
        var going = staying.Reopen();
        await staying.RegisterHostsAsync();
        var goingLeases = going.Get<Dashboard.Core.Agents.AgentLeases>();
        var stayingLeases = staying.Get<Dashboard.Core.Agents.AgentLeases>();

        Assert.True(await goingLeases.HoldsAsync("compute1"));
        Assert.False(await stayingLeases.HoldsAsync("compute1"));
        Assert.True(await stayingLeases.HoldsAsync("compute2"));
        Assert.False(await goingLeases.HoldsAsync("compute2"));
        // Only the holder reports: the staying instance's report leaves compute1 as it was (never reported).
        await staying.Get<Dashboard.Core.Agents.AgentHeartbeats>().ReportAsync();
        var nodes = await staying.Nodes.ListAsync();
        Assert.Null(nodes.Single(n => n.Name == "compute1").LastHeartbeatAt);
        Assert.NotNull(nodes.Single(n => n.Name == "compute2").LastHeartbeatAt);

        var takenOver = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        stayingLeases.Acquired += host => takenOver.TrySetResult(host);
        await going.DisposeAsync(); // that instance goes: its session, and its leases, with it (once its server process ends)

        await Eventually.EqualAsync(true, () => stayingLeases.HoldsAsync("compute1"));
        Assert.Equal("compute1", await takenOver.Task.WaitAsync(TimeSpan.FromSeconds(60)));
    }

    [SkippableFact]
    public async Task An_instance_whose_bus_connection_breaks_tells_its_views_to_re_read_and_hears_again()
    {
        Skip.IfNot(TestDatabase.IsPostgres, PostgresOnly);
        var (first, second) = await TwoInstancesAsync();
        await using var _ = first;
        await using var __ = second;
        var missed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var heard = new ConcurrentQueue<ResourceChanged>();
        using var s1 = second.Get<INetworkEvents>().Subscribe<EventsMissed>(_ => missed.TrySetResult());
        using var s2 = second.Get<INetworkEvents>().Subscribe<ResourceChanged>(heard.Enqueue);

        // The server ends the listening sessions, as a server restart or a cut network would.
        await second.QueryAsync(db => Microsoft.EntityFrameworkCore.RelationalDatabaseFacadeExtensions.ExecuteSqlRawAsync(db.Database,
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND query = 'LISTEN dashboard_events'"));

        await missed.Task.WaitAsync(TimeSpan.FromSeconds(60));
        await second.Get<PostgresEventBus>().Listening;
        // Heard again: a change committed by the other instance after the break reaches this one.
        var deadline = DateTime.UtcNow.AddSeconds(60);
        string? id = null;
        while (!heard.Any(c => c.Id == id) && DateTime.UtcNow < deadline)
        {
            id = (await first.Networks.CreateAsync(new NetworkSpec(Scenario.Demo, "after-the-break"))).Id;
            await Task.Delay(500);
        }
        Assert.Contains(heard, c => c.Id == id);
    }

    [SkippableFact]
    public async Task A_port_set_admin_down_through_one_instance_changes_the_other_instances_cached_flows()
    {
        Skip.IfNot(TestDatabase.IsPostgres, PostgresOnly);
        var (first, second) = await TwoInstancesAsync();
        await using var _ = first;
        await using var __ = second;
        await first.RegisterHostsAsync();
        var (network, _) = await first.NetworkWithSubnetAsync();
        var a = await first.LaunchAsync("a", "compute1", network.Id);
        var b = await first.LaunchAsync("b", "compute2", network.Id);
        await first.WireAsync();
        Task<TraceResult> TraceOnSecond() => second.Get<PacketTracer>().TraceAsync(new TraceRequest(a.Id, DestinationPortId: b.Id));
        Assert.True((await TraceOnSecond()).Delivered); // the second instance now holds both hosts' flows in its cache

        await first.Ports.UpdateAsync(a.Id, new PortChanges { AdminStateUp = false });

        // Only the bus tells the second instance that its cached flows are stale: the port is now on the dead VLAN.
        await Eventually.EqualAsync(DropReasons.IsolatedVlan, async () => (await TraceOnSecond()).ReasonCode);
    }
}
