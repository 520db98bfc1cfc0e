using System.Net;
using System.Text.Json.Nodes;

namespace Dashboard.Web.Tests.Api;

/// <summary>Neutron's network-ip-availability: an admin's count of each network's addresses, read only.</summary>
public class NetworkIpAvailabilityTests
{
    private const string N = "/networking/v2.0";

    [Fact]
    public async Task An_admin_reads_how_full_each_network_and_subnet_is_a_member_sees_none_and_nothing_is_written()
    {
        await using var factory = new DashboardFactory();
        var client = factory.CreateClient();
        var admin = await ApiSession.LoginAsync(client, "admin", "web-test-admin", "admin");
        var demo = await ApiSession.LoginAsync(client, "demo", "web-test-demo", "demo");
        var privateId = await demo.IdOfAsync("networks", "private");
        var (_, ports) = await admin.GetAsync($"{N}/ports?network_id={privateId}");
        var inPools = ports!["ports"]!.AsArray().SelectMany(p => p!["fixed_ips"]!.AsArray()).Count(ip => ip!["ip_address"]!.GetValue<string>() != "10.0.0.1");

        var (status, shown) = await admin.GetAsync($"{N}/network-ip-availabilities/{privateId}");

        Assert.Equal(HttpStatusCode.OK, status);
        var availability = shown!["network_ip_availability"]!;
        Assert.Equal(("private", 253, inPools), (availability["network_name"]!.GetValue<string>(), availability["total_ips"]!.GetValue<long>(), availability["used_ips"]!.GetValue<int>()));
        var subnet = availability["subnet_ip_availability"]!.AsArray().Single()!;
        Assert.Equal(("10.0.0.0/24", 4, 253), (subnet["cidr"]!.GetValue<string>(), subnet["ip_version"]!.GetValue<int>(), subnet["total_ips"]!.GetValue<long>()));

        // A new port takes one more; an IPv6 /64's pool is counted whole: 2^64 - 2 addresses, past a signed 64-bit number, written as the JSON number it is.
        await demo.PostAsync($"{N}/ports", new JsonObject { ["port"] = new JsonObject { ["network_id"] = privateId } });
        var (_, net6) = await admin.PostAsync($"{N}/networks", new JsonObject { ["network"] = new JsonObject { ["name"] = "six" } });
        var net6Id = net6!["network"]!["id"]!.GetValue<string>();
        await admin.PostAsync($"{N}/subnets", new JsonObject { ["subnet"] = new JsonObject { ["network_id"] = net6Id, ["ip_version"] = 6, ["cidr"] = "2001:db8:5::/64" } });
        var (_, list) = await admin.GetAsync($"{N}/network-ip-availabilities?network_name=private&fields=used_ips");
        Assert.Equal(inPools + 1, list!["network_ip_availabilities"]!.AsArray().Single()!["used_ips"]!.GetValue<int>());
        var six = (await admin.GetAsync($"{N}/network-ip-availabilities/{net6Id}")).Body!["network_ip_availability"]!;
        Assert.Null(six["ip_version"]); // a filter, never shown
        var (_, v6Only) = await admin.GetAsync($"{N}/network-ip-availabilities?ip_version=6");
        Assert.Equal([net6Id], v6Only!["network_ip_availabilities"]!.AsArray().Select(a => a!["network_id"]!.GetValue<string>()));
        Assert.Equal("18446744073709551614", six["total_ips"]!.ToJsonString()); // ::1 (the gateway) and ::0 are outside the pool

        Assert.Empty((await demo.GetAsync($"{N}/network-ip-availabilities")).Body!["network_ip_availabilities"]!.AsArray());
        Assert.Equal(HttpStatusCode.NotFound, (await demo.GetAsync($"{N}/network-ip-availabilities/{privateId}")).Status);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, (await admin.PostAsync($"{N}/network-ip-availabilities", new JsonObject { ["network_ip_availability"] = new JsonObject() })).Status);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, (await admin.DeleteAsync($"{N}/network-ip-availabilities/{privateId}")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync($"{N}/network-ip-availabilities/{Guid.NewGuid()}")).Status);
    }
}
