using Bunit;
using Dashboard.Core.Hosts;
using Dashboard.Core.Identity;
using Dashboard.Core.Networking;
using Dashboard.Core.Routers;
using Dashboard.Web.Components.Pages;
using Dashboard.Web.Components.Pages.Admin;
using Dashboard.Web.Components.Pages.Admin.ComputeNodes;
using Dashboard.Web.Components.Pages.Admin.Extensions;
using Dashboard.Web.Components.Pages.Identity;
using Dashboard.Web.Components.Pages.Project;
using Dashboard.Web.Components.Pages.Project.Instances;
using Dashboard.Web.Components.Pages.Project.Networks;
using Dashboard.Web.Components.Pages.Project.Routers;
using Dashboard.Web.Components.Pages.Project.SecurityGroups;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace Dashboard.Web.Tests.Components;

/// <summary>Each page renders the demo cloud's data for its role, and shows only what that role may see.</summary>
public class PageRenderTests : ComponentTest
{
    private bool _providers;

    private IRenderedComponent<DynamicComponent> Show<TPage>(Dictionary<string, object>? parameters = null) where TPage : IComponent
    {
        if (!_providers)
        {
            (_, _, _providers) = (Render<MudPopoverProvider>(), Render<MudDialogProvider>(), true);
        }
        return Render<DynamicComponent>(p => p
            .Add(d => d.Type, typeof(TPage))
            .Add(d => d.Parameters, parameters ?? []));
    }

    private static void Shows(IRenderedComponent<DynamicComponent> page, params string[] texts)
    {
        try
        {
            page.WaitForAssertion(() => Assert.All(texts, t => Assert.Contains(t, Text(page))), TimeSpan.FromSeconds(30));
        }
        catch (Exception)
        {
            File.WriteAllText($"/tmp/page-{texts[0].Replace('/', '_')}.html", page.Markup);
            throw;
        }
    }

    /// <summary>The page's text as a reader sees it (markup has Blazor's markers between dynamic parts).</summary>
    private static string Text(IRenderedComponent<DynamicComponent> page) =>
        System.Text.RegularExpressions.Regex.Replace(string.Concat(page.Nodes.Select(n => n.TextContent)), @"\s+", " ");

    private static void OpenTab(IRenderedComponent<DynamicComponent> page, string tab) =>
        page.ClickOn(r => r.FindAll(".mud-tab").Single(t => t.TextContent.Trim() == tab));

    [Fact]
    public async Task Project_overview_shows_quota_charts_with_usage()
    {
        await SignInAsync("demo", "demo");
        var page = Show<Overview>();
        Shows(page, "Networks", "Subnets", "Ports", "Routers", "Security Groups", "Security Group Rules", "Used 1 of 100");
    }

    [Fact]
    public async Task Network_detail_shows_overview_subnets_and_ports_and_hides_provider_attributes_from_members()
    {
        await SignInAsync("demo", "demo");
        var privateNet = (await Get<NetworkService>().ListAsync()).Single(n => n.Name == "private");
        var page = Show<NetworkDetail>(new() { ["NetworkId"] = privateNet.Id });
        Shows(page, privateNet.Id, "MTU");
        Assert.Empty(page.FindAll("[data-testid=segmentation-id]"));
        OpenTab(page, "Subnets");
        Shows(page, "10.0.0.0/24", "10.0.0.1");
        OpenTab(page, "Ports");
        Shows(page, "compute:nova", "fa:16:3e");
    }

    [Fact]
    public async Task Network_detail_shows_provider_attributes_to_admins()
    {
        await SignInAsync("admin", "admin");
        var privateNet = (await Get<NetworkService>().ListAsync()).Single(n => n.Name == "private");
        var page = Show<NetworkDetail>(new() { ["NetworkId"] = privateNet.Id });
        page.WaitForAssertion(() => Assert.Equal(privateNet.SegmentationId.ToString(), page.Find("[data-testid=segmentation-id]").TextContent));
        Assert.Equal("vlan", page.Find("[data-testid=provider-type]").TextContent);
    }

    [Fact]
    public async Task Routers_and_router_detail_show_gateway_and_interfaces()
    {
        await SignInAsync("demo", "demo");
        Shows(Show<Routers>(), "router1", "public");
        var router = (await Get<RouterService>().ListAsync()).Single(r => r.Name == "router1");
        var detail = Show<RouterDetail>(new() { ["RouterId"] = router.Id });
        Shows(detail, "router1", "public (172.24.4.");
        OpenTab(detail, "Interfaces");
        Shows(detail, "10.0.0.1");
    }

    [Fact]
    public async Task Security_groups_and_instances_show_the_projects_own_only()
    {
        await SignInAsync("demo", "demo");
        Shows(Show<SecurityGroups>(), "default");
        var instances = Show<Instances>();
        Shows(instances, "VM01", "VM02", "VM05");
        Assert.DoesNotContain("VM03", instances.Markup); // alt_demo's
    }

    [Fact]
    public async Task A_tenant_sees_its_instances_without_the_hypervisor_hosts_an_admin_sees_them()
    {
        await SignInAsync("demo", "demo");
        var asMember = Show<Instances>();
        Shows(asMember, "VM01", "VM05");
        Assert.DoesNotContain("compute1", asMember.Markup);
        Assert.DoesNotContain(asMember.FindAll("th"), th => th.TextContent.Trim() == "Host");

        await SignInAsync("admin", "admin");
        var asAdmin = Show<Instances>();
        Assert.Single(asAdmin.FindAll("th"), th => th.TextContent.Trim() == "Host");
    }

    [Fact]
    public async Task Admin_pages_show_every_project()
    {
        await SignInAsync("admin", "admin");
        Shows(Show<AdminOverview>(), "Hosts", "Instances");
        Shows(Show<AdminNetworks>(), "alt_private", "private", "public", "alt_demo");
        Shows(Show<ComputeNodes>(), "compute1", "compute2", "physnet1:br-eth1", "Stop agent");
        Shows(Show<Extensions>(), "Packet Trace", "packet-trace", "Credential", "traces");
        Shows(Show<ExtensionResource>(new() { ["Alias"] = "credential", ["Collection"] = "credentials" }), "credential_name", "user_name");
        Shows(Show<Projects>(), "demo", "alt_demo", "Manage Members");
        Shows(Show<Users>(), "alt_demo", "member on alt_demo");
        Shows(Show<PacketTracerPage>(), "Packet Tracer", "Trace");
    }

    [Fact]
    public async Task Launch_instance_says_the_name_is_required_beside_the_field_and_launches_nothing()
    {
        await SignInAsync("demo", "demo");
        var caller = await Get<Dashboard.Web.Account.CurrentUser>().CallerAsync();
        var provider = await OpenDialogAsync(new DialogParameters<LaunchInstanceDialog> { { d => d.Caller, caller } });

        provider.ClickOn(r => r.FindAll("button").Single(b => b.TextContent.Trim() == "Launch Instance"));
        provider.WaitForAssertion(() => Assert.Contains("Instance Name is required.", provider.Markup));
        Assert.DoesNotContain(await Get<InstanceService>().ListAsync(caller.ProjectId), i => i.Name == "");
    }

    [Fact]
    public async Task Add_interface_says_a_subnet_is_required_and_attaches_nothing()
    {
        await SignInAsync("demo", "demo");
        var caller = await Get<Dashboard.Web.Account.CurrentUser>().CallerAsync();
        var network = await Get<NetworkService>().CreateAsync(new NetworkSpec(caller.ProjectId, "db"));
        var subnet = await Get<SubnetService>().CreateAsync(new SubnetSpec(network.Id, "10.9.0.0/24") { Name = "db-sub" });
        var router = (await Get<RouterService>().ListAsync(caller.ProjectId)).Single();
        var provider = await OpenDialogAsync(new DialogParameters<AddInterfaceDialog> { { d => d.RouterId, router.Id }, { d => d.Caller, caller } });

        provider.ClickOn(r => r.FindAll("button").Single(b => b.TextContent.Trim() == "Submit"));
        provider.WaitForAssertion(() => Assert.Contains("Choose a subnet.", provider.Markup));
        Assert.DoesNotContain(await Get<RouterService>().InterfacesAsync(router.Id), i => i.SubnetId == subnet.Id);
    }
}
