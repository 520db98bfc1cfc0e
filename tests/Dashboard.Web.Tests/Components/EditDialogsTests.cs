using Bunit;
using Dashboard.Core.Identity;
using Dashboard.Core.Networking;
using Dashboard.Core.Quotas;
using Dashboard.Web.Components.Pages.Identity;
using Dashboard.Web.Components.Pages.Project.Networks;
using MudBlazor;

namespace Dashboard.Web.Tests.Components;

public class EditDialogsTests : ComponentTest
{

    [Fact]
    public async Task Edit_network_renames_it_and_refuses_a_stale_copy()
    {
        await SignInAsync("demo", "demo");
        var caller = await Get<Dashboard.Web.Account.CurrentUser>().CallerAsync();
        var network = (await Get<NetworkService>().ListAsync(caller.ProjectId)).Single(n => n.Name == "private");

        var provider = await OpenDialogAsync(new DialogParameters<EditNetworkDialog> { { d => d.Network, network }, { d => d.Caller, caller } });
        provider.FindAll("input").First().Change("private-renamed");
        provider.ClickOn(r => r.FindAll("button").Single(b => b.TextContent.Trim() == "Save Changes"));
        provider.WaitForAssertion(() => Assert.Equal("private-renamed", Get<NetworkService>().GetAsync(network.Id).Result.Name));

        var stale = await OpenDialogAsync(new DialogParameters<EditNetworkDialog> { { d => d.Network, network }, { d => d.Caller, caller } });
        stale.ClickOn(r => r.FindAll("button").Single(b => b.TextContent.Trim() == "Save Changes"));
        stale.WaitForAssertion(() => Assert.Contains("Someone changed this network meanwhile", stale.Markup));
    }

    [Fact]
    public async Task An_admin_makes_a_network_external_and_a_member_is_not_offered_it()
    {
        await SignInAsync("demo", "demo");
        var member = await Get<Dashboard.Web.Account.CurrentUser>().CallerAsync();
        var network = (await Get<NetworkService>().ListAsync(member.ProjectId)).Single(n => n.Name == "private");
        var offered = await OpenDialogAsync(new DialogParameters<EditNetworkDialog> { { d => d.Network, network }, { d => d.Caller, member } });
        Assert.Empty(offered.FindAll("[data-testid=network-external]"));
        offered.ClickOn(r => r.FindAll("button").Single(b => b.TextContent.Trim() == "Cancel"));

        await SignInAsync("admin", "admin");
        var admin = await Get<Dashboard.Web.Account.CurrentUser>().CallerAsync();
        var provider = await OpenDialogAsync(new DialogParameters<EditNetworkDialog> { { d => d.Network, network }, { d => d.Caller, admin } });
        await provider.InvokeAsync(() => provider.Find("[data-testid=network-external]").Change(true));
        provider.ClickOn(r => r.FindAll("button").Single(b => b.TextContent.Trim() == "Save Changes"));

        provider.WaitForAssertion(() => Assert.True(Get<NetworkService>().GetAsync(network.Id).Result.External));
    }

    [Fact]
    public async Task An_admin_shares_a_network_with_one_project_and_taking_it_off_while_the_project_has_ports_there_is_said_beside_the_field()
    {
        await SignInAsync("demo", "demo");
        var member = await Get<Dashboard.Web.Account.CurrentUser>().CallerAsync();
        var network = (await Get<NetworkService>().ListAsync(member.ProjectId)).Single(n => n.Name == "private");
        var offered = await OpenDialogAsync(new DialogParameters<EditNetworkDialog> { { d => d.Network, network }, { d => d.Caller, member } });
        Assert.Empty(offered.FindAll("[data-testid=network-shared-with]")); // a member cannot list the projects to choose from
        offered.ClickOn(r => r.FindAll("button").Single(b => b.TextContent.Trim() == "Cancel"));
        offered.WaitForAssertion(() => Assert.Empty(offered.FindAll(".mud-dialog")));

        await SignInAsync("admin", "admin");
        var admin = await Get<Dashboard.Web.Account.CurrentUser>().CallerAsync();
        var alt = (await Get<IdentityService>().FindProjectAsync("alt_demo"))!;
        var provider = await OpenDialogAsync(new DialogParameters<EditNetworkDialog> { { d => d.Network, network }, { d => d.Caller, admin } });
        await provider.InvokeAsync(() => provider.Find("[data-testid=network-shared-with]").Closest(".mud-input-control")!.MouseDown());
        Popovers.WaitForAssertion(() => Assert.Contains(Popovers.FindAll(".mud-list-item"), i => i.TextContent.Trim() == "alt_demo"));
        Popovers.ClickOn(r => r.FindAll(".mud-list-item").First(i => i.TextContent.Trim() == "alt_demo"));
        provider.ClickOn(r => r.FindAll("button").Single(b => b.TextContent.Trim() == "Save Changes"));
        provider.WaitForAssertion(() => Assert.Contains(Get<NetworkService>().ListAsync(alt.Id).Result, n => n.Id == network.Id));

        await Get<PortService>().CreateAsync(new PortSpec(network.Id, alt.Id) { Name = "alts" });
        network = await Get<NetworkService>().GetAsync(network.Id);
        provider = await OpenDialogAsync(new DialogParameters<EditNetworkDialog> { { d => d.Network, network }, { d => d.Caller, admin } });
        provider.WaitForAssertion(() => Assert.Contains("alt_demo", provider.Find("[data-testid=network-shared-with]").Closest(".mud-input-control")!.InnerHtml));
        await provider.InvokeAsync(() => provider.Find("[data-testid=network-shared-with]").Closest(".mud-input-control")!.MouseDown());
        Popovers.WaitForAssertion(() => Assert.Contains(Popovers.FindAll(".mud-list-item"), i => i.TextContent.Trim() == "alt_demo"));
        Popovers.ClickOn(r => r.FindAll(".mud-list-item").First(i => i.TextContent.Trim() == "alt_demo"));
        provider.ClickOn(r => r.FindAll("button").Single(b => b.TextContent.Trim() == "Save Changes"));
        provider.WaitForAssertion(() => Assert.Contains("still has ports on this network", provider.Find("[data-testid=network-shared-with]").Closest(".mud-input-control")!.TextContent));
        Assert.Contains(await Get<NetworkService>().ListAsync(alt.Id), n => n.Id == network.Id);
    }

    [Fact]
    public async Task Project_quotas_show_usage_and_save_new_limits()
    {
        await SignInAsync("admin", "admin");
        var demo = (await Get<IdentityService>().FindProjectAsync("demo"))!;

        var provider = await OpenDialogAsync(new DialogParameters<ProjectQuotasDialog> { { d => d.ProjectId, demo.Id } });
        provider.WaitForAssertion(() => Assert.Contains("In use: 1; -1 for unlimited", provider.Markup));
        provider.FindAll("input").First().Change("7");
        provider.ClickOn(r => r.FindAll("button").Single(b => b.TextContent.Trim() == "Save"));

        provider.WaitForAssertion(() => Assert.Equal(7, Get<QuotaService>().GetAsync(demo.Id).Result[QuotaResources.Network]));
    }

    [Fact]
    public async Task Manage_members_grants_and_revokes_roles_and_keeps_the_admin_from_locking_themselves_out()
    {
        await SignInAsync("admin", "admin");
        var identity = Get<IdentityService>();
        var demo = (await identity.FindProjectAsync("demo"))!;
        var alt = (await identity.FindUserAsync("alt_demo"))!;
        var admin = (await identity.FindUserAsync("admin"))!;

        var provider = await OpenDialogAsync(new DialogParameters<RoleAssignmentsDialog> { { d => d.ProjectId, demo.Id } });
        provider.WaitForAssertion(() => Assert.NotNull(provider.Find("[aria-label='reader for alt_demo']")));
        provider.Find("[aria-label='reader for alt_demo']").Change(true);
        provider.WaitForAssertion(() => Assert.Equal(["reader"], identity.RolesOnAsync(alt.Id, demo.Id).Result));
        provider.Find("[aria-label='reader for alt_demo']").Change(false);
        provider.WaitForAssertion(() => Assert.Empty(identity.RolesOnAsync(alt.Id, demo.Id).Result));
        provider.ClickOn(r => r.FindAll("button").Single(b => b.TextContent.Trim() == "Done"));
        provider.WaitForAssertion(() => Assert.Empty(provider.FindAll("[data-testid=role-grid]")));

        var adminProject = (await identity.FindProjectAsync("admin"))!;
        var own = await OpenDialogAsync(new DialogParameters<RoleAssignmentsDialog> { { d => d.UserId, admin.Id } });
        own.WaitForAssertion(() => Assert.NotNull(own.Find("[aria-label='admin for admin']")));
        Assert.True(own.Find("[aria-label='admin for admin']").HasAttribute("disabled"));
        Assert.Contains("admin", await identity.RolesOnAsync(admin.Id, adminProject.Id));
    }
}
