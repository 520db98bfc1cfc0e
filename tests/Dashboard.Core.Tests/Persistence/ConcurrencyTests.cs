using Dashboard.Core.Errors;
using Dashboard.Core.Hosts;
using Dashboard.Core.Networking;
using Dashboard.Core.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace Dashboard.Core.Tests.Persistence;

public class ConcurrencyTests
{
    [Fact]
    public async Task Parallel_creates_from_two_service_sets_on_one_file_never_share_a_vlan()
    {
        await using var first = await TestCloud.CreateAsync(new Dictionary<string, string?> { ["Quotas:quota_network"] = "-1" });
        await using var second = first.Reopen();
        var clouds = new[] { first, second };

        var attempts = Enumerable.Range(0, 24).Select(async i =>
        {
            try
            {
                return (await clouds[i % 2].Networks.CreateAsync(new NetworkSpec(Scenario.Demo, $"n{i}"))).SegmentationId;
            }
            catch (NoNetworkAvailableException)
            {
                return null;
            }
        });
        var results = await Task.WhenAll(attempts);

        var granted = results.Where(r => r is not null).Select(r => r!.Value).ToList();
        Assert.Equal(10, granted.Count);
        Assert.Equal(Enumerable.Range(100, 10).Select(i => (long)i), granted.Order());
        Assert.Equal(10, await first.QueryAsync(db => db.SegmentAllocations.CountAsync()));
    }

    [Fact]
    public async Task A_writer_waiting_behind_a_long_unit_is_queued_not_refused_as_busy()
    {
        if (TestDatabase.IsPostgres)
        {
            return; // PostgreSQL's writers queue on the advisory lock; this is SQLite's file lock
        }
        await using var created = await TestCloud.CreateAsync();
        // SQLite's own wait for a locked file is cut to one second: only the process's queue can make a writer wait longer.
        await using var cloud = created.Reopen(new Dictionary<string, string?> { ["ConnectionStrings:Dashboard"] = $"Data Source={created.DatabasePath};Default Timeout=1" });
        var transactions = cloud.Get<Dashboard.Core.Persistence.Transactions>();
        var holding = new TaskCompletionSource();

        var first = transactions.WriteAsync(async _ =>
        {
            var network = await cloud.Networks.CreateAsync(new NetworkSpec(Scenario.Demo, "first"));
            holding.SetResult();
            await Task.Delay(TimeSpan.FromSeconds(2.5));
            return network;
        });
        await holding.Task;
        var second = await cloud.Networks.CreateAsync(new NetworkSpec(Scenario.Demo, "second"));
        await first;

        Assert.Equal(["first", "second"], (await cloud.Networks.ListAsync()).Select(n => n.Name).Where(n => n is "first" or "second").Order());
        Assert.Equal("second", second.Name);
    }

    [Fact]
    public async Task Parallel_port_creates_never_share_an_ip()
    {
        await using var first = await TestCloud.CreateAsync(new Dictionary<string, string?> { ["Quotas:quota_port"] = "-1" });
        await using var second = first.Reopen();
        var (network, _) = await first.NetworkWithSubnetAsync("10.9.0.0/28");
        var clouds = new[] { first, second };

        var attempts = Enumerable.Range(0, 20).Select(async i =>
        {
            try
            {
                return (await clouds[i % 2].Ports.CreateAsync(new PortSpec(network.Id, Scenario.Demo))).FixedIps.Single().IpAddress;
            }
            catch (ConflictException e) when (e.Type == "IpAddressGenerationFailure")
            {
                return null;
            }
        });
        var ips = (await Task.WhenAll(attempts)).Where(ip => ip is not null).ToList();

        Assert.Equal(13, ips.Count); // a /28 less network, gateway and broadcast
        Assert.Equal(ips.Count, ips.Distinct().Count());
    }

    [Fact]
    public async Task Parallel_bindings_on_one_host_get_one_local_vlan_per_network()
    {
        await using var first = await TestCloud.CreateAsync();
        await using var second = first.Reopen();
        await first.RegisterHostsAsync();
        var networks = new List<Network>();
        for (var i = 0; i < 4; i++)
        {
            networks.Add((await first.NetworkWithSubnetAsync($"10.{i}.0.0/24")).Network);
        }
        var clouds = new[] { first, second };

        await Task.WhenAll(Enumerable.Range(0, 16).Select(i =>
            clouds[i % 2].Ports.CreateAsync(new PortSpec(networks[i % 4].Id, Scenario.Demo) { HostId = "compute1" })));

        var vlans = await first.QueryAsync(db => db.LocalVlans.Where(v => v.HostName == "compute1").ToListAsync());
        Assert.Equal(4, vlans.Count);
        Assert.Equal([1, 2, 3, 4], vlans.Select(v => v.Vlan).Order());
    }
}
