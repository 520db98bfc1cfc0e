using Bunit;
using Dashboard.Web.Components.Pages.Admin;

namespace Dashboard.Web.Tests.Components;

public class DefaultsPageTests() : ComponentTest(new Dictionary<string, string?> { ["Quotas:quota_network"] = "7", ["Quotas:quota_port"] = "-1" })
{
    [Fact]
    public async Task Defaults_show_the_network_quotas_the_service_is_configured_with()
    {
        await SignInAsync("admin", "admin");

        var page = Render<Defaults>();

        var rows = page.FindAll("[data-testid=default-quotas] tbody tr").Select(r => string.Join(" ", r.QuerySelectorAll("td").Select(td => td.TextContent.Trim()))).ToList();
        Assert.Equal(["Networks 7", "Subnets 100", "Ports Unlimited", "Routers 10", "Floating IPs 50", "Security Groups 10", "Security Group Rules 100"], rows);
    }
}
