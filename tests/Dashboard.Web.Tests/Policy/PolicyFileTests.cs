using System.Net;
using System.Text.Json.Nodes;
using Bunit;
using Dashboard.Core.Policies;
using Dashboard.Web.Components.Pages.Project.Networks;
using Dashboard.Web.Tests.Api;
using Dashboard.Web.Tests.Components;

namespace Dashboard.Web.Tests.Policy;

/// <summary>A deployment's policy file, as an operator writes one: it changes decisions in the API and on the pages alike.</summary>
public sealed class PolicyFileOnDisk : IDisposable
{
    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"policy-{Guid.NewGuid():N}.yaml");

    public PolicyFileOnDisk(string text) => File.WriteAllText(Path, text);

    /// <summary>Here only admins create networks, and a project's members may list the agents.</summary>
    public static PolicyFileOnDisk AdminsMakeNetworks() => new("""
        # Networks are made by the operators here.
        "create_network": "rule:admin_only"
        "get_agent": "rule:admin_only or role:member"
        """);

    public void Dispose() => File.Delete(Path);
}

public class PolicyFileApiTests : IAsyncLifetime
{
    private readonly PolicyFileOnDisk _file = PolicyFileOnDisk.AdminsMakeNetworks();
    private readonly DashboardFactory _factory = new();
    private ApiSession _demo = null!;

    public async Task InitializeAsync()
    {
        _factory.Settings["Policy:File"] = _file.Path;
        _demo = await ApiSession.LoginAsync(_factory.CreateClient(), "demo", "web-test-demo", "demo");
    }

    public async Task DisposeAsync()
    {
        await _factory.DisposeAsync();
        _file.Dispose();
    }

    [Fact]
    public async Task An_override_refuses_what_the_defaults_allow_and_allows_what_they_refuse()
    {
        var (created, error) = await _demo.PostAsync("/networking/v2.0/networks", new JsonObject { ["network"] = new JsonObject { ["name"] = "not-here" } });
        var (ported, _) = await _demo.PostAsync("/networking/v2.0/ports", new JsonObject { ["port"] = new JsonObject { ["network_id"] = await _demo.IdOfAsync("networks", "private") } });
        var (agents, list) = await _demo.GetAsync("/networking/v2.0/agents");

        Assert.Equal(HttpStatusCode.Forbidden, created);
        Assert.Equal("PolicyNotAuthorized", error!["NeutronError"]!["type"]!.GetValue<string>());
        Assert.Equal("(rule:create_network) is disallowed by policy", error["NeutronError"]!["message"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.Created, ported);
        Assert.Equal(HttpStatusCode.OK, agents);
        Assert.NotEmpty(list!["agents"]!.AsArray());
    }

    [Fact]
    public void A_bad_policy_file_stops_the_start_with_its_line_and_reason()
    {
        using var bad = new PolicyFileOnDisk("\"create_network\": \"rule:admin_only\"\n\"get_network\": \"role:admin or (role:member\"\n");
        using var factory = new DashboardFactory();
        factory.Settings["Policy:File"] = bad.Path;

        var error = Assert.Throws<PolicyFileException>(() => factory.CreateClient());

        Assert.Equal($"{bad.Path}:2: rule 'get_network': a '(' is not closed.", error.Message);
    }
}

public class PolicyFilePageTests : ComponentTest
{
    private static readonly PolicyFileOnDisk File = Kept(PolicyFileOnDisk.AdminsMakeNetworks());

    /// <summary>The class's one file (the base constructor needs its path), removed when the test run ends.</summary>
    private static PolicyFileOnDisk Kept(PolicyFileOnDisk file)
    {
        AppDomain.CurrentDomain.ProcessExit += (_, _) => file.Dispose();
        return file;
    }

    public PolicyFilePageTests() : base(new Dictionary<string, string?> { ["Policy:File"] = File.Path })
    {
    }

    [Fact]
    public async Task The_networks_page_follows_the_override_the_api_follows()
    {
        await SignInAsync("demo", "demo");

        var page = Render<Networks>();

        page.WaitForAssertion(() => Assert.Contains("private", page.Markup));
        var create = page.FindAll("button").Single(b => b.TextContent.Contains("Create Network"));
        Assert.True(create.HasAttribute("disabled"));
    }
}
