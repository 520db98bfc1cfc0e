using System.Net;
using System.Text.Json.Nodes;
using Dashboard.Core.Hosts;
using Microsoft.Extensions.DependencyInjection;

namespace Dashboard.Web.Tests.Api;

/// <summary>Neutron's extra_dhcp_opt: a port's own DHCP options, set, merged on update as Neutron merges them, refused when wrong, and written for the DHCP agent's dnsmasq.</summary>
public class ExtraDhcpOptsTests
{
    private static JsonObject Opt(string name, string? value, JsonNode? ipVersion = null)
    {
        var opt = new JsonObject { ["opt_name"] = name, ["opt_value"] = value };
        if (ipVersion is not null)
        {
            opt["ip_version"] = ipVersion;
        }
        return opt;
    }

    private static JsonObject Port(params JsonObject[] opts) => new() { ["port"] = new JsonObject { ["extra_dhcp_opts"] = new JsonArray(opts) } };

    private static List<string> Shown(JsonNode? body) =>
        body!["port"]!["extra_dhcp_opts"]!.AsArray().Select(o => $"{o!["opt_name"]}={o["opt_value"]}/v{o["ip_version"]}").Order(StringComparer.Ordinal).ToList();

    [Fact]
    public async Task Options_are_created_merged_on_update_removed_by_null_refused_when_wrong_and_reach_the_dnsmasq_opts_file()
    {
        await using var factory = new DashboardFactory();
        var demo = await ApiSession.LoginAsync(factory.CreateClient(), "demo", "web-test-demo", "demo");
        var vm01 = (await factory.Services.GetRequiredService<InstanceService>().ListAsync()).Single(i => i.Name == "VM01");
        var port = (await demo.GetAsync($"/networking/v2.0/ports?device_id={vm01.Id}")).Body!["ports"]![0]!;
        var (id, networkId) = (port["id"]!.GetValue<string>(), port["network_id"]!.GetValue<string>());
        Assert.Empty(port["extra_dhcp_opts"]!.AsArray());
        Assert.Contains((await demo.GetAsync("/networking/v2.0/extensions")).Body!["extensions"]!.AsArray(), e => e!["alias"]!.GetValue<string>() == "extra_dhcp_opt");

        var (created, createdBody) = await demo.PostAsync("/networking/v2.0/ports", new JsonObject
        {
            ["port"] = new JsonObject { ["network_id"] = networkId, ["extra_dhcp_opts"] = new JsonArray(Opt("bootfile-name", "pxelinux.0"), Opt("tftp-server", "2001:db8::5", "6")) },
        });
        Assert.Equal(HttpStatusCode.Created, created);
        Assert.Equal(["bootfile-name=pxelinux.0/v4", "tftp-server=2001:db8::5/v6"], Shown(createdBody));

        // Update merges: a known name gets its new value, a new one is added, null removes, the rest stay.
        var (_, before) = await demo.PutAsync($"/networking/v2.0/ports/{id}", Port(Opt("bootfile-name", "pxelinux.0"), Opt("tftp-server", "10.0.0.9"), Opt("router", "")));
        var revision = before!["port"]!["revision_number"]!.GetValue<long>();
        var (ok, updated) = await demo.PutAsync($"/networking/v2.0/ports/{id}", Port(Opt("bootfile-name", "undionly.kpxe"), Opt("tftp-server", null), Opt("66", "10.0.0.9", 4)));
        Assert.Equal(HttpStatusCode.OK, ok);
        Assert.Equal(["66=10.0.0.9/v4", "bootfile-name=undionly.kpxe/v4", "router=/v4"], Shown(updated));
        Assert.True(updated!["port"]!["revision_number"]!.GetValue<long>() > revision);
        Assert.Equal(HttpStatusCode.OK, (await demo.PutAsync($"/networking/v2.0/ports/{id}", Port())).Status); // an empty list changes nothing
        Assert.Equal(3, (await demo.GetAsync($"/networking/v2.0/ports/{id}")).Body!["port"]!["extra_dhcp_opts"]!.AsArray().Count);

        // Wrong options are refused whole, with Neutron's messages, and change nothing.
        foreach (var (wrong, says) in new (JsonObject, string)[]
        {
            (Port(Opt("bootfile-name", "")), "No valid key specs matched"),
            (Port(Opt("", "x")), "No valid key specs matched"),
            (Port(Opt("mtu", "1400", 5)), "No valid key specs matched"),
            (Port(new JsonObject { ["opt_name"] = "mtu", ["opt_value"] = "1400", ["colour"] = "red" }), "No valid key specs matched"),
            (Port(Opt("mtu", "1400"), Opt("mtu", "1500")), "Duplicate extra DHCP option mtu"),
            (new JsonObject { ["port"] = new JsonObject { ["extra_dhcp_opts"] = "mtu=1400" } }, "is not a list"),
        })
        {
            var (status, body) = await demo.PutAsync($"/networking/v2.0/ports/{id}", wrong);
            Assert.Equal(HttpStatusCode.BadRequest, status);
            Assert.Contains(says, body!["NeutronError"]!["message"]!.GetValue<string>(), StringComparison.Ordinal);
        }
        Assert.Equal(["66=10.0.0.9/v4", "bootfile-name=undionly.kpxe/v4", "router=/v4"], Shown((await demo.GetAsync($"/networking/v2.0/ports/{id}")).Body));

        // The DHCP agent's dnsmasq gives them to this port alone.
        var server = (await factory.Services.GetRequiredService<ComputeNodeService>().LayoutAsync("network1")).DhcpServers.Single(s => s.NetworkId == networkId);
        Assert.Contains($",set:port-{id}", server.HostsFile.Single(l => l.StartsWith(port["mac_address"]!.GetValue<string>(), StringComparison.Ordinal)));
        Assert.Equal([$"tag:port-{id},66,10.0.0.9", $"tag:port-{id},option:bootfile-name,undionly.kpxe", $"tag:port-{id},option:router"],
            server.OptsFile.Where(l => l.StartsWith($"tag:port-{id},", StringComparison.Ordinal)).Order(StringComparer.Ordinal));
    }

}

/// <summary>The README says which extensions are served: it says what <c>GET /v2.0/extensions</c> says.</summary>
public class ExtensionListTests
{
    [Fact]
    public async Task The_readmes_list_of_extensions_is_the_one_the_api_serves()
    {
        await using var factory = new DashboardFactory();
        var demo = await ApiSession.LoginAsync(factory.CreateClient(), "demo", "web-test-demo", "demo");
        var served = (await demo.GetAsync("/networking/v2.0/extensions")).Body!["extensions"]!.AsArray().Select(e => e!["alias"]!.GetValue<string>()).Order(StringComparer.Ordinal);

        var readme = await File.ReadAllTextAsync(Path.Combine(DashboardFactory.FindRepositoryRoot(), "README.md"));
        var start = readme.IndexOf("Extensions served (", StringComparison.Ordinal);
        Assert.True(start >= 0, "README.md has no list of the extensions served");
        var paragraph = readme[start..readme.IndexOf("\n\n", start, StringComparison.Ordinal)];
        var listed = System.Text.RegularExpressions.Regex.Matches(paragraph[paragraph.IndexOf(':', StringComparison.Ordinal)..], "`([^`]+)`").Select(m => m.Groups[1].Value).Order(StringComparer.Ordinal);

        Assert.Equal(served, listed);
    }
}
