using System.Collections.Concurrent;
using System.Net;
using System.Text.Json.Nodes;
using Dashboard.Core.Networking;
using Dashboard.Core.Persistence;
using Dashboard.Web.Tests.Api;
using Dashboard.Web.Tests.Cli;
using Microsoft.EntityFrameworkCore;

namespace Dashboard.Web.Tests.Drills;

/// <summary>
/// The product is killed (SIGKILL) in the middle of a burst of concurrent creates and deletes; after
/// a restart every resource the API confirmed exists, and nothing is half-written.
/// </summary>
public class CrashDrillTests
{
    [Fact]
    public async Task After_a_kill_mid_burst_everything_confirmed_exists_and_nothing_is_half_written()
    {
        var app = new RunningApp();
        await app.InitializeAsync();
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri(app.BaseUrl), Timeout = TimeSpan.FromSeconds(20) };
            var admin = await ApiSession.LoginAsync(http, "admin", RunningApp.AdminPassword, "admin");
            var confirmedNetworks = new ConcurrentDictionary<string, bool>();
            var confirmedPorts = new ConcurrentDictionary<string, string>();
            var deleteAttempted = new ConcurrentDictionary<string, bool>();
            using var stop = new CancellationTokenSource();

            var workers = Enumerable.Range(0, 16).Select(worker => Task.Run(async () =>
            {
                for (var i = 0; !stop.IsCancellationRequested; i++)
                {
                    try
                    {
                        var (status, body) = await admin.PostAsync("/networking/v2.0/networks", new JsonObject { ["network"] = new JsonObject { ["name"] = $"w{worker}-{i}" } });
                        if (status != HttpStatusCode.Created)
                        {
                            continue;
                        }
                        var networkId = body!["network"]!["id"]!.GetValue<string>();
                        confirmedNetworks[networkId] = true;
                        var (subnetStatus, _) = await admin.PostAsync("/networking/v2.0/subnets", new JsonObject
                        {
                            ["subnet"] = new JsonObject { ["network_id"] = networkId, ["cidr"] = $"10.{worker}.{i % 250}.0/24", ["ip_version"] = 4 },
                        });
                        if (subnetStatus != HttpStatusCode.Created)
                        {
                            continue;
                        }
                        var (portStatus, port) = await admin.PostAsync("/networking/v2.0/ports", new JsonObject { ["port"] = new JsonObject { ["network_id"] = networkId, ["binding:host_id"] = "compute1" } });
                        if (portStatus == HttpStatusCode.Created)
                        {
                            confirmedPorts[port!["port"]!["id"]!.GetValue<string>()] = networkId;
                        }
                        if (i % 3 == 0 && confirmedPorts.FirstOrDefault(p => p.Value == networkId).Key is { } portId)
                        {
                            deleteAttempted[portId] = true;
                            deleteAttempted[networkId] = true;
                            if ((await admin.DeleteAsync($"/networking/v2.0/ports/{portId}")).Status == HttpStatusCode.NoContent)
                            {
                                confirmedPorts.TryRemove(portId, out _);
                                if ((await admin.DeleteAsync($"/networking/v2.0/networks/{networkId}")).Status == HttpStatusCode.NoContent)
                                {
                                    confirmedNetworks.TryRemove(networkId, out _);
                                }
                            }
                        }
                    }
                    catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                    {
                        return;
                    }
                }
            })).ToList();

            // Kill mid-burst once some work is confirmed, however fast this machine is (the workers are still going).
            var waited = System.Diagnostics.Stopwatch.StartNew();
            while (confirmedNetworks.Count <= 20 && waited.Elapsed < TimeSpan.FromSeconds(90))
            {
                await Task.Delay(50);
            }
            app.KillHard();
            stop.Cancel();
            await Task.WhenAll(workers);
            Assert.True(confirmedNetworks.Count > 20, $"the burst should have confirmed some work before the kill ({confirmedNetworks.Count} networks)");

            await app.RestartAsync();
            using var after = new HttpClient { BaseAddress = new Uri(app.BaseUrl) };
            var session = await ApiSession.LoginAsync(after, "admin", RunningApp.AdminPassword, "admin");
            foreach (var networkId in confirmedNetworks.Keys.Where(id => !deleteAttempted.ContainsKey(id)))
            {
                Assert.Equal(HttpStatusCode.OK, (await session.GetAsync($"/networking/v2.0/networks/{networkId}")).Status);
            }
            foreach (var portId in confirmedPorts.Keys.Where(id => !deleteAttempted.ContainsKey(id)))
            {
                var (status, port) = await session.GetAsync($"/networking/v2.0/ports/{portId}");
                Assert.Equal(HttpStatusCode.OK, status);
                Assert.Single(port!["port"]!["fixed_ips"]!.AsArray());
            }

            var options = new DbContextOptionsBuilder<NetworkDbContext>().UseSqlite($"Data Source={app.DatabasePath}").Options;
            await using var db = new NetworkDbContext(options);
            Assert.Equal(["ok"], await db.Database.SqlQueryRaw<string>("PRAGMA integrity_check").ToListAsync());
            Assert.Equal(0, await db.SegmentAllocations.CountAsync(a => !db.Networks.Any(n => n.Id == a.NetworkId)));
            Assert.Equal(0, await db.Networks.CountAsync(n => n.NetworkType == "vlan" && !db.SegmentAllocations.Any(a => a.NetworkId == n.Id && a.SegmentationId == n.SegmentationId)));
            Assert.Equal(0, await db.Ports.CountAsync(p => db.Subnets.Any(s => s.NetworkId == p.NetworkId) && !db.IpAllocations.Any(a => a.PortId == p.Id)));
            Assert.Equal(0, await db.IpAllocations.CountAsync(a => !db.Ports.Any(p => p.Id == a.PortId)));
            Assert.Equal(0, await db.LocalVlans.CountAsync(v => !db.Ports.Any(p => p.NetworkId == v.NetworkId && p.BindingHostId == v.HostName && p.VifType == VifTypes.Ovs)));
            Assert.Equal(0, await db.Ports.CountAsync(p => p.VifType == VifTypes.Ovs && !db.LocalVlans.Any(v => v.NetworkId == p.NetworkId && v.HostName == p.BindingHostId)));
        }
        finally
        {
            await app.DisposeAsync();
        }
    }
}
