using System.Net;
using System.Text.Json.Nodes;
using Dashboard.Core.Hosts;
using Microsoft.Extensions.DependencyInjection;

namespace Dashboard.Web.Tests.Api;

public class TraceApiTests : IAsyncLifetime
{
    private readonly DashboardFactory _factory = new();
    private ApiSession _admin = null!;

    public async Task InitializeAsync() => _admin = await ApiSession.LoginAsync(_factory.CreateClient(), "admin", "web-test-admin", "admin");

    public async Task DisposeAsync() => await _factory.DisposeAsync();

    /// <summary>The seeded instance's port, once its agent has wired it.</summary>
    private async Task<JsonNode> ActivePortAsync(string instance)
    {
        var vm = (await _factory.Services.GetRequiredService<InstanceService>().ListAsync()).Single(i => i.Name == instance);
        for (var attempt = 0; ; attempt++)
        {
            var (_, body) = await _admin.GetAsync($"/networking/v2.0/ports?device_id={vm.Id}");
            var port = body!["ports"]![0]!;
            if (port["status"]!.GetValue<string>() == "ACTIVE" || attempt == 100)
            {
                return port;
            }
            await Task.Delay(100);
        }
    }

    private static JsonObject Trace(JsonObject trace) => new() { ["trace"] = trace };

    [Fact]
    public async Task Post_traces_walks_VM01_to_VM05_across_hosts_and_the_trace_can_be_read_back()
    {
        var vm01 = await ActivePortAsync("VM01");
        var vm05 = await ActivePortAsync("VM05");

        var (status, body) = await _admin.PostAsync("/networking/v2.0/traces", Trace(new JsonObject
        {
            ["source_port_id"] = vm01["id"]!.GetValue<string>(),
            ["destination_port_id"] = vm05["id"]!.GetValue<string>(),
        }));

        Assert.True(status == HttpStatusCode.Created, body?.ToJsonString());
        var trace = body!["trace"]!;
        Assert.Equal("delivered", trace["verdict"]!.GetValue<string>());
        Assert.Equal("icmp", trace["protocol"]!.GetValue<string>());
        var hops = trace["hops"]!.AsArray();
        Assert.Equal("VM01", hops[0]!["device"]!.GetValue<string>());
        Assert.Equal("VM05", hops[^1]!["device"]!.GetValue<string>());
        var wire = hops.Single(h => h!["kind"]!.GetValue<string>() == "wire")!;
        Assert.Equal("compute1 -> compute2", wire["host"]!.GetValue<string>());
        Assert.Contains(hops, h => h!["device"]!.GetValue<string>() == "br-int" && h["table"]?.GetValue<int>() == 60 && h["actions"]!.GetValue<string>() == "NORMAL");
        Assert.Equal("delivered", trace["reply"]!["verdict"]!.GetValue<string>());
        Assert.False(trace["realised"]!.GetValue<bool>());
        Assert.Null(trace["realised_trace"]);

        var id = trace["id"]!.GetValue<string>();
        var (updateStatus, updateError) = await _admin.PutAsync($"/networking/v2.0/traces/{id}", Trace(new JsonObject()));
        Assert.Equal(HttpStatusCode.BadRequest, updateStatus); // a trace is a result: there is nothing to change
        Assert.Contains("cannot be changed", updateError!["NeutronError"]!["message"]!.GetValue<string>());
        var (_, shown) = await _admin.GetAsync($"/networking/v2.0/traces/{id}");
        Assert.Equal(hops.Count, shown!["trace"]!["hops"]!.AsArray().Count);
        Assert.Equal(HttpStatusCode.NoContent, (await _admin.DeleteAsync($"/networking/v2.0/traces/{id}")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await _admin.GetAsync($"/networking/v2.0/traces/{id}")).Status);
    }

    [Fact]
    public async Task The_extension_is_listed_and_bad_traces_get_neutron_errors()
    {
        var vm01 = await ActivePortAsync("VM01");
        var source = vm01["id"]!.GetValue<string>();
        var (_, extension) = await _admin.GetAsync("/networking/v2.0/extensions/packet-trace");
        Assert.Equal("Packet Trace", extension!["extension"]!["name"]!.GetValue<string>());

        var cases = new (JsonObject Body, HttpStatusCode Status, string Type)[]
        {
            (new() { ["source_port_id"] = source, ["destination_ip"] = "10.0.0.300" }, HttpStatusCode.BadRequest, "HTTPBadRequest"),
            (new() { ["source_port_id"] = source, ["destination_ip"] = "10.0.0.3", ["protocol"] = "tcp" }, HttpStatusCode.BadRequest, "InvalidInput"),
            (new() { ["source_port_id"] = source, ["destination_ip"] = "10.0.0.3", ["protocol"] = "gre" }, HttpStatusCode.BadRequest, "HTTPBadRequest"),
            (new() { ["source_port_id"] = source }, HttpStatusCode.BadRequest, "InvalidInput"),
            (new() { ["source_port_id"] = Guid.NewGuid().ToString(), ["destination_ip"] = "10.0.0.3" }, HttpStatusCode.NotFound, "PortNotFound"),
            (new() { ["source_port_id"] = source, ["destination_ip"] = "10.0.0.3", ["realised"] = "yes" }, HttpStatusCode.BadRequest, "HTTPBadRequest"),
            // Simulated agents: there are no real switches to put the packet through.
            (new() { ["source_port_id"] = source, ["destination_ip"] = "10.0.0.3", ["realised"] = true }, HttpStatusCode.BadRequest, "InvalidInput"),
        };
        foreach (var (body, expected, type) in cases)
        {
            var (status, error) = await _admin.PostAsync("/networking/v2.0/traces", Trace(body));
            Assert.True(expected == status, $"{body.ToJsonString()}: {status} {error}");
            Assert.Equal(type, error!["NeutronError"]!["type"]!.GetValue<string>());
        }

        var demo = await ApiSession.LoginAsync(_factory.CreateClient(), "demo", "web-test-demo", "demo");
        var (forbidden, _) = await demo.PostAsync("/networking/v2.0/traces", Trace(new() { ["source_port_id"] = source, ["destination_ip"] = "10.0.0.3" }));
        Assert.True(forbidden is HttpStatusCode.Forbidden or HttpStatusCode.NotFound, forbidden.ToString());
    }
}
