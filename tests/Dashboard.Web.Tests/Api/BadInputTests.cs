using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Dashboard.Core.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Dashboard.Web.Tests.Api;

/// <summary>The demo cloud, logged-in sessions, and the IDs the malformed requests aim at.</summary>
public sealed class BadInputFixture : IAsyncLifetime
{
    public DashboardFactory Factory { get; } = new();
    public Dictionary<string, string> Tokens { get; } = [];
    public Dictionary<string, string> Ids { get; } = [];

    public async Task InitializeAsync()
    {
        var client = Factory.CreateClient();
        var admin = await ApiSession.LoginAsync(client, "admin", "web-test-admin", "admin");
        var demo = await ApiSession.LoginAsync(client, "demo", "web-test-demo", "demo");
        var alt = await ApiSession.LoginAsync(client, "alt_demo", "web-test-demo", "alt_demo");
        var revoked = await ApiSession.LoginAsync(client, "demo", "web-test-demo", "demo");
        var expired = await ApiSession.LoginAsync(client, "demo", "web-test-demo", "demo");
        await admin.SendAsync(HttpMethod.Delete, "/identity/v3/auth/tokens", tweak: r => r.Headers.Add("X-Subject-Token", revoked.Token));
        await using (var db = await Factory.Services.GetRequiredService<IDbContextFactory<NetworkDbContext>>().CreateDbContextAsync())
        {
            var expiredId = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(expired.Token)));
            await db.Tokens.Where(t => t.Id == expiredId).ExecuteUpdateAsync(s => s.SetProperty(t => t.ExpiresAt, DateTime.UtcNow.AddMinutes(-1)));
        }
        Tokens["admin"] = admin.Token;
        Tokens["demo"] = demo.Token;
        Tokens["revoked"] = revoked.Token;
        Tokens["expired"] = expired.Token;
        Tokens["garbage"] = "not-a-token";
        Ids["net"] = await demo.IdOfAsync("networks", "private");
        Ids["sub"] = await demo.IdOfAsync("subnets", "private-subnet");
        Ids["public"] = await demo.IdOfAsync("networks", "public");
        Ids["alt_net"] = await alt.IdOfAsync("networks", "alt_private");
        Ids["router"] = await demo.IdOfAsync("routers", "router1");
        Ids["sg"] = await demo.IdOfAsync("security-groups", "default");
        Ids["project"] = demo.ProjectId;
    }

    public async Task DisposeAsync() => await Factory.DisposeAsync();

    /// <summary>Everything a request could have changed, as one comparable string.</summary>
    public async Task<string> SnapshotAsync()
    {
        await using var db = await Factory.Services.GetRequiredService<IDbContextFactory<NetworkDbContext>>().CreateDbContextAsync();
        var parts = new object[]
        {
            await db.Networks.Select(n => n.Id + n.Name + n.RevisionNumber + n.Mtu + n.AdminStateUp).OrderBy(x => x).ToListAsync(),
            await db.Subnets.Select(s => s.Id + s.Name + s.RevisionNumber).OrderBy(x => x).ToListAsync(),
            await db.Ports.Select(p => p.Id + p.Name + p.RevisionNumber + p.Status).OrderBy(x => x).ToListAsync(),
            await db.Routers.Select(r => r.Id + r.Name + r.RevisionNumber + r.GatewayNetworkId).OrderBy(x => x).ToListAsync(),
            await db.SecurityGroups.CountAsync(), await db.SecurityGroupRules.CountAsync(), await db.SegmentAllocations.CountAsync(),
            await db.IpAllocations.CountAsync(), await db.Quotas.CountAsync(), await db.Projects.CountAsync(), await db.Users.CountAsync(),
            await db.RoleAssignments.CountAsync(), await db.LocalVlans.CountAsync(), await db.PortSecurityGroups.CountAsync(),
        };
        return string.Join("|", parts.Select(p => p is IEnumerable<string> list ? string.Join(",", list) : p.ToString()));
    }
}

public class BadInputTests(BadInputFixture fixture) : IClassFixture<BadInputFixture>
{
    private const string N = "/networking/v2.0";
    private static readonly string Huge = $"{{\"network\": {{\"name\": \"{new string('x', 1_100_000)}\"}}}}";
    private static readonly string LongName = new('n', 256);

    /// <summary>Who sends it, method, path ({placeholders} are fixture IDs), raw body, content type, expected status, body kind.</summary>
    public static TheoryData<string, string, string, string?, string?, int, string> Cases => new()
    {
        // Malformed bodies
        { "demo", "POST", $"{N}/networks", "{", null, 400, "neutron" },
        { "demo", "POST", $"{N}/networks", "[]", null, 400, "neutron" },
        { "demo", "POST", $"{N}/networks", "{\"network\": \"x\"}", null, 400, "neutron" },
        { "demo", "POST", $"{N}/networks", "{\"network\": {\"name\": 5}}", null, 400, "neutron" },
        { "demo", "POST", $"{N}/networks", $"{{\"network\": {{\"name\": \"{LongName}\"}}}}", null, 400, "neutron" },
        { "demo", "POST", $"{N}/networks", "{\"network\": {\"bogus\": 1}}", null, 400, "neutron" },
        { "demo", "POST", $"{N}/networks", "{\"network\": {\"id\": \"3b8d6a8e-8f4e-4c59-9d5e-0a7b8c9d0e1f\"}}", null, 400, "neutron" },
        { "demo", "POST", $"{N}/networks", "{\"network\": {\"admin_state_up\": \"maybe\"}}", null, 400, "neutron" },
        { "demo", "POST", $"{N}/networks", "{\"network\": {\"mtu\": \"big\"}}", null, 400, "neutron" },
        { "demo", "POST", $"{N}/networks", "{\"network\": {\"status\": \"DOWN\"}}", null, 400, "neutron" },
        { "demo", "POST", $"{N}/networks", Huge, null, 413, "neutron" },
        { "demo", "POST", $"{N}/networks", "{\"network\": {}}", "text/plain", 415, "neutron" },
        { "demo", "PUT", $"{N}/networks/{{net}}", "{\"network\": {\"name\": null}}", null, 400, "neutron" },
        { "demo", "PUT", $"{N}/networks/{{net}}", "{\"network\": {\"subnets\": []}}", null, 400, "neutron" },
        // Provider attributes
        { "admin", "POST", $"{N}/networks", "{\"network\": {\"provider:network_type\": \"vlan\", \"provider:physical_network\": \"physnet1\", \"provider:segmentation_id\": 0}}", null, 400, "neutron" },
        { "admin", "POST", $"{N}/networks", "{\"network\": {\"provider:network_type\": \"vlan\", \"provider:physical_network\": \"physnet1\", \"provider:segmentation_id\": 4095}}", null, 400, "neutron" },
        { "admin", "POST", $"{N}/networks", "{\"network\": {\"provider:network_type\": \"vlan\", \"provider:physical_network\": \"physnet1\", \"provider:segmentation_id\": 5000}}", null, 400, "neutron" },
        { "admin", "POST", $"{N}/networks", "{\"network\": {\"provider:network_type\": \"vlan\", \"provider:physical_network\": \"physnet9\", \"provider:segmentation_id\": 100}}", null, 400, "neutron" },
        { "admin", "POST", $"{N}/networks", "{\"network\": {\"provider:network_type\": \"foo\"}}", null, 400, "neutron" },
        { "admin", "POST", $"{N}/networks", "{\"network\": {\"provider:network_type\": \"flat\", \"provider:physical_network\": \"physnet1\", \"provider:segmentation_id\": 5}}", null, 400, "neutron" },
        { "admin", "POST", $"{N}/networks", "{\"network\": {\"provider:segmentation_id\": 5}}", null, 400, "neutron" },
        { "admin", "PUT", $"{N}/networks/{{net}}", "{\"network\": {\"provider:network_type\": \"vlan\"}}", null, 400, "neutron" },
        { "demo", "POST", $"{N}/networks", "{\"network\": {\"provider:network_type\": \"vlan\"}}", null, 403, "neutron" },
        { "demo", "POST", $"{N}/networks", "{\"network\": {\"shared\": true}}", null, 403, "neutron" },
        // Another project's IDs, unknown IDs
        { "demo", "GET", $"{N}/networks/not-a-uuid", null, null, 404, "neutron" },
        { "demo", "GET", $"{N}/networks/{{alt_net}}", null, null, 404, "neutron" },
        { "demo", "PUT", $"{N}/networks/{{alt_net}}", "{\"network\": {\"name\": \"mine\"}}", null, 404, "neutron" },
        { "demo", "DELETE", $"{N}/networks/{{alt_net}}", null, null, 404, "neutron" },
        { "demo", "POST", $"{N}/subnets", "{\"subnet\": {\"network_id\": \"{alt_net}\", \"cidr\": \"10.50.0.0/24\", \"ip_version\": 4}}", null, 404, "neutron" },
        { "demo", "POST", $"{N}/ports", "{\"port\": {\"network_id\": \"{alt_net}\"}}", null, 404, "neutron" },
        { "demo", "POST", $"{N}/unknowns", "{\"unknown\": {}}", null, 404, "neutron" },
        // Subnets: CIDRs, pools, gateways
        { "demo", "POST", $"{N}/subnets", "{\"subnet\": {\"network_id\": \"{net}\", \"ip_version\": 4}}", null, 400, "neutron" },
        { "demo", "POST", $"{N}/subnets", "{\"subnet\": {\"network_id\": \"{net}\", \"cidr\": \"10.0.0.0/33\", \"ip_version\": 4}}", null, 400, "neutron" },
        { "demo", "POST", $"{N}/subnets", "{\"subnet\": {\"network_id\": \"{net}\", \"cidr\": \"foo\", \"ip_version\": 4}}", null, 400, "neutron" },
        { "demo", "POST", $"{N}/subnets", "{\"subnet\": {\"network_id\": \"{net}\", \"cidr\": \"10.40.0.5/24\", \"ip_version\": 4}}", null, 400, "neutron" },
        { "demo", "POST", $"{N}/subnets", "{\"subnet\": {\"network_id\": \"not-uuid\", \"cidr\": \"10.1.0.0/24\", \"ip_version\": 4}}", null, 400, "neutron" },
        { "demo", "POST", $"{N}/subnets", "{\"subnet\": {\"network_id\": \"{net}\", \"cidr\": \"10.1.0.0/24\", \"ip_version\": 5}}", null, 400, "neutron" },
        { "demo", "POST", $"{N}/subnets", "{\"subnet\": {\"network_id\": \"{net}\", \"cidr\": \"10.0.0.0/25\", \"ip_version\": 4}}", null, 400, "neutron" },
        { "demo", "POST", $"{N}/subnets", "{\"subnet\": {\"network_id\": \"{net}\", \"cidr\": \"10.1.0.0/24\", \"ip_version\": 4, \"allocation_pools\": [{\"start\": \"10.2.0.1\", \"end\": \"10.2.0.9\"}]}}", null, 400, "neutron" },
        { "demo", "POST", $"{N}/subnets", "{\"subnet\": {\"network_id\": \"{net}\", \"cidr\": \"10.1.0.0/24\", \"ip_version\": 4, \"allocation_pools\": [{\"start\": \"10.1.0.5\", \"end\": \"10.1.0.9\"}, {\"start\": \"10.1.0.8\", \"end\": \"10.1.0.20\"}]}}", null, 409, "neutron" },
        { "demo", "POST", $"{N}/subnets", "{\"subnet\": {\"network_id\": \"{net}\", \"cidr\": \"10.1.0.0/24\", \"ip_version\": 4, \"gateway_ip\": \"10.1.0.5\", \"allocation_pools\": [{\"start\": \"10.1.0.2\", \"end\": \"10.1.0.9\"}]}}", null, 409, "neutron" },
        { "demo", "POST", $"{N}/subnets", "{\"subnet\": {\"network_id\": \"{net}\", \"cidr\": \"10.1.0.0/24\", \"ip_version\": 4, \"gateway_ip\": \"abc\"}}", null, 400, "neutron" },
        { "demo", "POST", $"{N}/subnets", "{\"subnet\": {\"network_id\": \"{net}\", \"cidr\": \"10.1.0.0/24\", \"ip_version\": 4, \"dns_nameservers\": [\"1.2.3\"]}}", null, 400, "neutron" },
        { "demo", "POST", $"{N}/subnets", "{\"subnet\": {\"network_id\": \"{net}\", \"cidr\": \"10.1.0.0/24\", \"ip_version\": 4, \"host_routes\": [{\"destination\": \"0.0.0.0/0\"}]}}", null, 400, "neutron" },
        { "demo", "DELETE", $"{N}/subnets/{{sub}}", null, null, 409, "neutron" },
        // Ports
        { "demo", "POST", $"{N}/ports", "{\"port\": {\"name\": \"p\"}}", null, 400, "neutron" },
        { "demo", "POST", $"{N}/ports", "{\"port\": {\"network_id\": \"{net}\", \"mac_address\": \"zz\"}}", null, 400, "neutron" },
        { "demo", "POST", $"{N}/ports", "{\"port\": {\"network_id\": \"{net}\", \"fixed_ips\": [{\"ip_address\": \"192.168.99.5\"}]}}", null, 400, "neutron" },
        { "demo", "POST", $"{N}/ports", "{\"port\": {\"network_id\": \"{net}\", \"fixed_ips\": [{\"ip_address\": \"nope\"}]}}", null, 400, "neutron" },
        { "demo", "POST", $"{N}/ports", "{\"port\": {\"network_id\": \"{net}\", \"fixed_ips\": [{\"subnet_id\": \"{sub}\", \"ip_address\": \"10.0.0.1\"}]}}", null, 409, "neutron" },
        { "demo", "POST", $"{N}/ports", "{\"port\": {\"network_id\": \"{net}\", \"security_groups\": [\"not-a-uuid\"]}}", null, 400, "neutron" },
        { "demo", "POST", $"{N}/ports", "{\"port\": {\"network_id\": \"{net}\", \"security_groups\": [\"3b8d6a8e-8f4e-4c59-9d5e-0a7b8c9d0e1f\"]}}", null, 404, "neutron" },
        { "demo", "POST", $"{N}/ports", "{\"port\": {\"network_id\": \"{net}\", \"binding:host_id\": \"compute1\"}}", null, 403, "neutron" },
        // Security group rules and groups
        { "demo", "POST", $"{N}/security-group-rules", "{\"security_group_rule\": {\"security_group_id\": \"{sg}\", \"direction\": \"ingress\", \"protocol\": \"tcp\", \"port_range_min\": 80, \"port_range_max\": 22}}", null, 400, "neutron" },
        { "demo", "POST", $"{N}/security-group-rules", "{\"security_group_rule\": {\"security_group_id\": \"{sg}\", \"direction\": \"ingress\", \"protocol\": \"tcp\", \"port_range_min\": 22, \"port_range_max\": 70000}}", null, 400, "neutron" },
        { "demo", "POST", $"{N}/security-group-rules", "{\"security_group_rule\": {\"security_group_id\": \"{sg}\", \"direction\": \"up\"}}", null, 400, "neutron" },
        { "demo", "POST", $"{N}/security-group-rules", "{\"security_group_rule\": {\"security_group_id\": \"{sg}\", \"direction\": \"ingress\", \"ethertype\": \"IPv5\"}}", null, 400, "neutron" },
        { "demo", "POST", $"{N}/security-group-rules", "{\"security_group_rule\": {\"security_group_id\": \"{sg}\", \"direction\": \"ingress\", \"protocol\": \"bogus\"}}", null, 400, "neutron" },
        { "demo", "POST", $"{N}/security-group-rules", "{\"security_group_rule\": {\"security_group_id\": \"{sg}\", \"direction\": \"ingress\", \"ethertype\": \"IPv6\", \"remote_ip_prefix\": \"10.0.0.0/8\"}}", null, 400, "neutron" },
        { "demo", "POST", $"{N}/security-group-rules", "{\"security_group_rule\": {\"security_group_id\": \"{sg}\", \"direction\": \"ingress\", \"remote_ip_prefix\": \"10.0.0.0/8\", \"remote_group_id\": \"{sg}\"}}", null, 400, "neutron" },
        { "demo", "POST", $"{N}/security-group-rules", "{\"security_group_rule\": {\"security_group_id\": \"{sg}\", \"direction\": \"egress\", \"ethertype\": \"IPv4\"}}", null, 409, "neutron" },
        { "demo", "POST", $"{N}/security-groups", "{\"security_group\": {\"name\": \"default\"}}", null, 409, "neutron" },
        { "demo", "DELETE", $"{N}/security-groups/{{sg}}", null, null, 409, "neutron" },
        // Routers
        { "demo", "PUT", $"{N}/routers/{{router}}/add_router_interface", "{}", null, 400, "neutron" },
        { "demo", "PUT", $"{N}/routers/{{router}}/add_router_interface", "{\"subnet_id\": \"x\"}", null, 400, "neutron" },
        { "demo", "PUT", $"{N}/routers/{{router}}/add_router_interface", "{\"subnet_id\": \"{sub}\"}", null, 400, "neutron" },
        { "demo", "PUT", $"{N}/routers/{{router}}", "{\"router\": {\"external_gateway_info\": {\"network_id\": \"{net}\"}}}", null, 400, "neutron" },
        { "demo", "PUT", $"{N}/routers/{{router}}", "{\"router\": {\"routes\": [{\"destination\": \"192.168.0.0/24\", \"nexthop\": \"10.99.0.1\"}]}}", null, 400, "neutron" },
        { "demo", "DELETE", $"{N}/routers/{{router}}", null, null, 409, "neutron" },
        { "demo", "DELETE", $"{N}/networks/{{net}}", null, null, 409, "neutron" },
        // Queries and preconditions
        { "demo", "GET", $"{N}/networks?limit=-1", null, null, 400, "neutron" },
        { "demo", "GET", $"{N}/networks?sort_key=bogus", null, null, 400, "neutron" },
        { "demo", "GET", $"{N}/networks?sort_key=name&sort_dir=sideways", null, null, 400, "neutron" },
        { "demo", "GET", $"{N}/networks?bogus=1", null, null, 400, "neutron" },
        { "demo", "GET", $"{N}/networks?limit=2&marker=3b8d6a8e-8f4e-4c59-9d5e-0a7b8c9d0e1f", null, null, 404, "neutron" },
        { "demo", "PUT-IFMATCH", $"{N}/networks/{{net}}", "{\"network\": {\"name\": \"x\"}}", null, 412, "neutron" },
        // Quotas
        { "demo", "PUT", $"{N}/quotas/{{project}}", "{\"quota\": {\"network\": 5}}", null, 403, "neutron" },
        { "admin", "PUT", $"{N}/quotas/{{project}}", "{\"quota\": {\"network\": -5}}", null, 400, "neutron" },
        { "admin", "PUT", $"{N}/quotas/{{project}}", "{\"quota\": {\"floatingipz\": 5}}", null, 400, "neutron" },
        // Tokens
        { "none", "GET", $"{N}/networks", null, null, 401, "keystone" },
        { "garbage", "GET", $"{N}/networks", null, null, 401, "keystone" },
        { "revoked", "GET", $"{N}/networks", null, null, 401, "keystone" },
        { "expired", "GET", $"{N}/networks", null, null, 401, "keystone" },
        { "none", "POST", "/identity/v3/auth/tokens", "{", null, 400, "keystone" },
        { "none", "POST", "/identity/v3/auth/tokens", "{\"auth\": {}}", null, 400, "keystone" },
        { "none", "POST", "/identity/v3/auth/tokens", "{\"auth\": {\"identity\": {\"methods\": [\"password\"], \"password\": {\"user\": {\"name\": \"admin\", \"domain\": {\"name\": \"Default\"}, \"password\": 5}}}}}", null, 400, "keystone" },
        { "demo", "GET", "/identity/v3/users", null, null, 403, "keystone" },
        { "admin", "POST", "/identity/v3/projects", "{\"project\": {\"name\": \"admin\"}}", null, 409, "keystone" },
        { "admin", "POST", "/identity/v3/users", "{\"user\": {\"name\": \"\", \"password\": \"x\"}}", null, 400, "keystone" },
        // Values of the wrong JSON kind: the client's error (System.Text.Json's), answered 400, not taken for a server fault
        { "admin", "POST", "/identity/v3/projects", "{\"project\": {\"name\": 5}}", null, 400, "keystone" },
        { "admin", "POST", "/identity/v3/users", "{\"user\": {\"name\": [\"x\"], \"password\": \"x\"}}", null, 400, "keystone" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Malformed_request_gets_its_4xx_with_an_error_body_and_changes_nothing(
        string who, string method, string path, string? body, string? contentType, int status, string kind)
    {
        var before = await fixture.SnapshotAsync();
        using var request = new HttpRequestMessage(new HttpMethod(method == "PUT-IFMATCH" ? "PUT" : method), Fill(path));
        if (fixture.Tokens.TryGetValue(who, out var token))
        {
            request.Headers.Add("X-Auth-Token", token);
        }
        if (method == "PUT-IFMATCH")
        {
            request.Headers.TryAddWithoutValidation("If-Match", "revision_number=999");
        }
        if (body is not null)
        {
            request.Content = new StringContent(Fill(body), Encoding.UTF8);
            request.Content.Headers.ContentType = new MediaTypeHeaderValue(contentType ?? "application/json");
        }

        using var response = await fixture.Factory.CreateClient().SendAsync(request);

        var text = await response.Content.ReadAsStringAsync();
        Assert.True(status == (int)response.StatusCode, $"expected {status}, got {(int)response.StatusCode}: {text}");
        var json = JsonNode.Parse(text)!;
        if (kind == "neutron")
        {
            Assert.False(string.IsNullOrEmpty(json["NeutronError"]!["type"]!.GetValue<string>()));
            Assert.False(string.IsNullOrEmpty(json["NeutronError"]!["message"]!.GetValue<string>()));
        }
        else
        {
            Assert.Equal(status, json["error"]!["code"]!.GetValue<int>());
        }
        Assert.Equal(before, await fixture.SnapshotAsync());
    }

    private string Fill(string text) => fixture.Ids.Aggregate(text, (t, id) => t.Replace($"{{{id.Key}}}", id.Value));
}
