using System.Text.RegularExpressions;
using Dashboard.Core.Overview;
using Microsoft.Extensions.DependencyInjection;

namespace Dashboard.Web.Tests;

public partial class HomePageTests
{
    [Fact]
    public async Task Fresh_database_is_migrated_seeded_and_its_counts_shown()
    {
        await using var factory = new DashboardFactory();
        var client = Ui.Browser.Open(factory);
        await Ui.Browser.LogInAsync(client, "admin", "web-test-admin");

        var html = await client.GetStringAsync("/admin/overview");

        var counts = await factory.Services.GetRequiredService<CloudSummaryService>().CountsAsync();
        Assert.Equal((3, 3, 4, 3), (counts.Networks, counts.ComputeNodes, counts.Instances, counts.Projects));
        Assert.Equal(counts.Networks.ToString(), Count(html, "networks"));
        Assert.Equal(counts.Instances.ToString(), Count(html, "instances"));
        Assert.Equal(counts.Ports.ToString(), Count(html, "ports"));
        Assert.Contains("compute1", html);
        Assert.Contains("physnet1:br-eth1", html);
        Assert.True(File.Exists(factory.DatabasePath));
    }

    [Fact]
    public async Task Without_demo_seed_only_the_bootstrap_exists()
    {
        await using var factory = new DashboardFactory();
        factory.Settings["Demo:Seed"] = "false";
        var client = Ui.Browser.Open(factory);
        await Ui.Browser.LogInAsync(client, "admin", "web-test-admin");

        var html = await client.GetStringAsync("/admin/overview");

        Assert.Equal("0", Count(html, "networks"));
        Assert.Equal("1", Count(html, "projects"));
        Assert.Contains("No compute nodes registered.", html);
    }

    [Fact]
    public async Task Framework_and_mudblazor_assets_are_served()
    {
        await using var factory = new DashboardFactory();
        var client = factory.CreateClient();

        Assert.True((await client.GetAsync("/_framework/blazor.web.js")).IsSuccessStatusCode);
        Assert.True((await client.GetAsync("/_content/MudBlazor/MudBlazor.min.css")).IsSuccessStatusCode);
    }

    private static string Count(string html, string name) =>
        CountPattern().Matches(html).Single(m => m.Groups[1].Value == name).Groups[2].Value;

    [GeneratedRegex("data-testid=\"count-([a-z-]+)\"[^>]*>(\\d+)<")]
    private static partial Regex CountPattern();
}
