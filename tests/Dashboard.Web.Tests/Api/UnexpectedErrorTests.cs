using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;

namespace Dashboard.Web.Tests.Api;

/// <summary>What the APIs answer when something nothing maps goes wrong (here: a table the code needs is gone).</summary>
public class UnexpectedErrorTests
{
    [Fact]
    public async Task An_unexpected_error_is_a_500_in_neutrons_error_body_with_the_request_id_not_an_html_page()
    {
        await using var factory = new DashboardFactory();
        var client = factory.CreateClient();
        var demo = await ApiSession.LoginAsync(client, "demo", "web-test-demo", "demo");
        await using (var db = await factory.Services.GetRequiredService<Microsoft.EntityFrameworkCore.IDbContextFactory<Dashboard.Core.Persistence.NetworkDbContext>>().CreateDbContextAsync())
        {
            await Microsoft.EntityFrameworkCore.RelationalDatabaseFacadeExtensions.ExecuteSqlRawAsync(db.Database, "DROP TABLE FloatingIps");
        }

        using var request = new HttpRequestMessage(HttpMethod.Get, "/networking/v2.0/floatingips");
        request.Headers.Add("X-Auth-Token", demo.Token);
        using var response = await client.SendAsync(request);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("HTTPInternalServerError", body!["NeutronError"]!["type"]!.GetValue<string>());
        var requestId = response.Headers.GetValues("X-Openstack-Request-Id").Single();
        Assert.Contains(requestId, body["NeutronError"]!["message"]!.GetValue<string>());
    }
}
