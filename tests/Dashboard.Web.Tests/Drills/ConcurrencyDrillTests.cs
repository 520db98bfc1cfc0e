using System.Collections.Concurrent;
using System.Net;
using System.Text.Json.Nodes;
using Dashboard.Web.Tests.Api;

namespace Dashboard.Web.Tests.Drills;

/// <summary>32 clients at once through the API until a pool is exhausted: every ID handed out once, exactly the pool's size, then the documented error, never a 500.</summary>
public class ConcurrencyDrillTests
{
    private const int Clients = 32;

    [Fact]
    public async Task Thirty_two_clients_exhaust_a_vlan_range_with_each_vlan_handed_out_exactly_once()
    {
        await using var factory = new DashboardFactory();
        factory.Settings["Neutron:tenant_network_types"] = "vlan";
        factory.Settings["Neutron:network_vlan_ranges"] = "physnet1:100:163";
        factory.Settings["Quotas:quota_network"] = "-1";
        factory.Settings["Demo:Seed"] = "false";
        var admin = await ApiSession.LoginAsync(factory.CreateClient(), "admin", "web-test-admin", "admin");
        var vlans = new ConcurrentBag<int>();
        var statuses = new ConcurrentBag<HttpStatusCode>();

        await Task.WhenAll(Enumerable.Range(0, Clients).Select(async client =>
        {
            for (var i = 0; ; i++)
            {
                var (status, body) = await admin.PostAsync("/networking/v2.0/networks", new JsonObject { ["network"] = new JsonObject { ["name"] = $"c{client}-{i}" } });
                statuses.Add(status);
                if (status != HttpStatusCode.Created)
                {
                    Assert.Equal("NoNetworkAvailable", body!["NeutronError"]!["type"]!.GetValue<string>());
                    return;
                }
                vlans.Add(body!["network"]!["provider:segmentation_id"]!.GetValue<int>());
            }
        }));

        Assert.Equal(64, vlans.Count);
        Assert.Equal(Enumerable.Range(100, 64), vlans.Order());
        Assert.All(statuses, s => Assert.Contains(s, new[] { HttpStatusCode.Created, HttpStatusCode.ServiceUnavailable }));
        Assert.Equal(Clients, statuses.Count(s => s == HttpStatusCode.ServiceUnavailable));
    }

    [Fact]
    public async Task Thirty_two_clients_exhaust_a_slash_28_with_each_address_handed_out_exactly_once()
    {
        await using var factory = new DashboardFactory();
        factory.Settings["Quotas:quota_port"] = "-1";
        factory.Settings["Demo:Seed"] = "false";
        var admin = await ApiSession.LoginAsync(factory.CreateClient(), "admin", "web-test-admin", "admin");
        var (_, network) = await admin.PostAsync("/networking/v2.0/networks", new JsonObject { ["network"] = new JsonObject { ["name"] = "small" } });
        var networkId = network!["network"]!["id"]!.GetValue<string>();
        await admin.PostAsync("/networking/v2.0/subnets", new JsonObject { ["subnet"] = new JsonObject { ["network_id"] = networkId, ["cidr"] = "10.28.0.0/28", ["ip_version"] = 4 } });
        var addresses = new ConcurrentBag<string>();
        var statuses = new ConcurrentBag<HttpStatusCode>();

        await Task.WhenAll(Enumerable.Range(0, Clients).Select(async _ =>
        {
            while (true)
            {
                var (status, body) = await admin.PostAsync("/networking/v2.0/ports", new JsonObject { ["port"] = new JsonObject { ["network_id"] = networkId } });
                statuses.Add(status);
                if (status != HttpStatusCode.Created)
                {
                    Assert.Equal("IpAddressGenerationFailure", body!["NeutronError"]!["type"]!.GetValue<string>());
                    return;
                }
                addresses.Add(body!["port"]!["fixed_ips"]![0]!["ip_address"]!.GetValue<string>());
            }
        }));

        Assert.Equal(Enumerable.Range(2, 13).Select(i => $"10.28.0.{i}"), addresses.OrderBy(a => int.Parse(a.Split('.')[3])));
        Assert.All(statuses, s => Assert.Contains(s, new[] { HttpStatusCode.Created, HttpStatusCode.Conflict }));
    }
}
