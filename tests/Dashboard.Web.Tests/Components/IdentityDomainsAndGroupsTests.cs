using Bunit;
using Dashboard.Core.Identity;
using Dashboard.Web.Components.Pages.Identity;
using MudBlazor;

namespace Dashboard.Web.Tests.Components;

/// <summary>Identity > Domains and Identity > Groups, as an admin uses them.</summary>
public class IdentityDomainsAndGroupsTests : ComponentTest
{
    private static void Press(IRenderedComponent<MudDialogProvider> provider, string button) =>
        provider.ClickOn(r => r.FindAll("button").Single(b => b.TextContent.Trim() == button));

    /// <summary>Opens the labelled select (MudSelect opens on mouse-down of its input); its options render in the popover provider.</summary>
    private static void Open(IRenderedComponent<MudDialogProvider> provider, string label) =>
        provider.InvokeAsync(() => provider.FindAll(".mud-select").First(c => c.QuerySelector("label")?.TextContent.Trim().TrimEnd('*') == label)
            .QuerySelector(".mud-input-control")!.MouseDown()).GetAwaiter().GetResult();

    [Fact]
    public async Task A_domain_is_created_refused_deletion_while_enabled_then_disabled_and_deleted_with_its_users()
    {
        await SignInAsync("admin", "admin");
        var dialogs = Render<MudDialogProvider>();
        var snackbars = Render<MudSnackbarProvider>();
        Render<MudPopoverProvider>();
        var page = Render<IdentityDomains>();
        page.WaitForAssertion(() => Assert.Single(page.FindAll("[data-testid=domains] tbody tr")));
        Assert.Empty(page.FindAll("[aria-label='Delete Default']")); // the Default domain stays

        page.ClickOn(p => p.FindAll("button").Single(b => b.TextContent.Trim() == "Create Domain"));
        dialogs.WaitForAssertion(() => Assert.NotEmpty(dialogs.FindAll("[data-testid=domain-name] input, input[data-testid=domain-name]")));
        Press(dialogs, "Create Domain");
        dialogs.WaitForAssertion(() => Assert.Contains("name must not be empty", dialogs.Markup));
        dialogs.ChangeOn(d => d.FindAll(".mud-input-control").Single(c => c.QuerySelector("label")?.TextContent.Trim().TrimEnd('*') == "Name").QuerySelector("input")!, "acme");
        Press(dialogs, "Create Domain");
        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("[data-testid=domains] tbody tr").Count));
        var acme = (await Get<IdentityService>().FindDomainAsync("acme"))!;
        await Get<IdentityService>().CreateUserAsync("carol", "carol-pw", domainId: acme.Id);
        page.ClickOn(p => p.Find("[aria-label='Delete acme']"));
        dialogs.ClickOn(d => d.FindAll("button").Single(b => b.TextContent.Trim() == "Delete"));
        snackbars.WaitForAssertion(() => Assert.Contains("Cannot delete a domain that is enabled, please disable it first.", snackbars.Markup));

        await page.InvokeAsync(() => page.Find("[aria-label='Enabled acme']").Change(false));
        page.WaitForAssertion(() => Assert.False(Get<IdentityService>().FindDomainAsync("acme").Result!.Enabled));
        page.ClickOn(p => p.Find("[aria-label='Delete acme']"));
        dialogs.WaitForAssertion(() => Assert.Contains("1 user", dialogs.Markup));
        dialogs.ClickOn(d => d.FindAll("button").Single(b => b.TextContent.Trim() == "Delete"));
        page.WaitForAssertion(() => Assert.Single(page.FindAll("[data-testid=domains] tbody tr")));
        Assert.Null(await Get<IdentityService>().FindUserAsync("carol", domainId: acme.Id));
    }

    [Fact]
    public async Task A_groups_members_are_added_and_removed_and_its_role_on_a_project_is_each_members()
    {
        await SignInAsync("admin", "admin");
        var identity = Get<IdentityService>();
        var group = await identity.CreateGroupAsync("netops", "Network operators");
        var alt = (await identity.FindUserAsync("alt_demo"))!;
        var demo = (await identity.FindProjectAsync("demo"))!;
        var dialogs = Render<MudDialogProvider>();
        var popovers = Render<MudPopoverProvider>();
        var page = Render<Groups>();
        page.WaitForAssertion(() => Assert.Contains("netops", page.Find("[data-testid=groups] tbody").TextContent));

        page.ClickOn(p => p.Find("[aria-label='Manage Members netops']"));
        dialogs.WaitForAssertion(() => Assert.Contains("No members yet.", dialogs.Markup));
        Open(dialogs, "Add a user");
        popovers.WaitForAssertion(() => Assert.Contains(popovers.FindAll(".mud-list-item"), i => i.TextContent.Trim() == "alt_demo"));
        popovers.ClickOn(r => r.FindAll(".mud-list-item").First(i => i.TextContent.Trim() == "alt_demo"));
        Press(dialogs, "Add");
        dialogs.WaitForAssertion(() => Assert.Contains("alt_demo", dialogs.Find("[data-testid=members]").TextContent));
        Assert.Equal([alt.Id], (await identity.MembersOfAsync(group.Id)).Select(u => u.Id));
        Press(dialogs, "Done");
        page.WaitForAssertion(() => Assert.Contains("alt_demo", page.Find("[data-testid=groups] tbody").TextContent));

        page.ClickOn(p => p.Find("[aria-label='Roles netops']"));
        dialogs.WaitForAssertion(() => Assert.NotEmpty(dialogs.FindAll("[data-testid=role-grid] input[type=checkbox]")));
        await dialogs.InvokeAsync(() => dialogs.Find("[aria-label='member for demo']").Change(true));
        dialogs.WaitForAssertion(() => Assert.Contains(Role.Member, identity.RolesOnAsync(alt.Id, demo.Id).Result));
        Press(dialogs, "Done");
        page.WaitForAssertion(() => Assert.Contains("member on demo", page.Find("[data-testid=groups] tbody").TextContent));

        page.ClickOn(p => p.Find("[aria-label='Manage Members netops']"));
        dialogs.WaitForAssertion(() => Assert.NotEmpty(dialogs.FindAll("[aria-label='Remove alt_demo']")));
        dialogs.ClickOn(d => d.Find("[aria-label='Remove alt_demo']"));
        dialogs.WaitForAssertion(() => Assert.Contains("No members yet.", dialogs.Markup));
        Assert.Empty(await identity.RolesOnAsync(alt.Id, demo.Id));
    }
}

/// <summary>Identity > Roles: roles with the roles they imply (Keystone's inference rules), as an admin edits them.</summary>
public class RolesPageTests : ComponentTest
{
    private static void Press(IRenderedComponent<MudDialogProvider> provider, string button) =>
        provider.ClickOn(r => r.FindAll("button").Single(b => b.TextContent.Trim() == button && !b.HasAttribute("disabled")));

    private static string RowOf(IRenderedComponent<Roles> page, string name) =>
        page.FindAll("[data-testid=roles] tbody tr").Single(r => r.QuerySelector("td[data-label='Role Name']")?.TextContent.Trim() == name).TextContent;

    [Fact]
    public async Task A_role_is_created_implying_member_the_bootstraps_rules_show_and_an_immutable_roles_rules_change_but_not_its_name()
    {
        await SignInAsync("admin", "admin");
        var identity = Get<IdentityService>();
        var dialogs = Render<MudDialogProvider>();
        var popovers = Render<MudPopoverProvider>();
        var page = Render<Roles>();
        page.WaitForAssertion(() => Assert.Contains("reader", RowOf(page, "member (immutable)")));
        Assert.True(page.Find("[aria-label='Delete admin']").HasAttribute("disabled"));

        page.ClickOn(p => p.FindAll("button").Single(b => b.TextContent.Trim() == "Create Role"));
        dialogs.WaitForAssertion(() => Assert.Contains(dialogs.FindAll("button"), b => b.TextContent.Trim() == "Create Role" && !b.HasAttribute("disabled")));
        dialogs.ChangeOn(d => d.FindAll(".mud-input-control").Single(c => c.QuerySelector("label")?.TextContent.Trim().TrimEnd('*') == "Role Name").QuerySelector("input")!, "member");
        Press(dialogs, "Create Role");
        dialogs.WaitForAssertion(() => Assert.Contains("Duplicate entry found with name member", dialogs.Markup)); // beside the field
        dialogs.ChangeOn(d => d.FindAll(".mud-input-control").Single(c => c.QuerySelector("label")?.TextContent.Trim().TrimEnd('*') == "Role Name").QuerySelector("input")!, "operator");
        await dialogs.InvokeAsync(() => dialogs.FindAll(".mud-select").First(c => c.QuerySelector("label")?.TextContent.Trim() == "Implies").QuerySelector(".mud-input-control")!.MouseDown());
        popovers.WaitForAssertion(() => Assert.Contains(popovers.FindAll(".mud-list-item"), i => i.TextContent.Trim() == "member"));
        Assert.DoesNotContain(popovers.FindAll(".mud-list-item"), i => i.TextContent.Trim() == "admin"); // admin is never implied
        popovers.ClickOn(r => r.FindAll(".mud-list-item").First(i => i.TextContent.Trim() == "member"));
        Press(dialogs, "Create Role");
        page.WaitForAssertion(() => Assert.Contains("member", RowOf(page, "operator")));
        var operatorRole = (await identity.ListRolesOfAsync(null)).Single(r => r.Name == "operator");
        Assert.Equal(["member"], (await identity.ImpliedByAsync(operatorRole.Id)).Select(r => r.Name));

        // member's name cannot change; its rule to reader can go.
        page.ClickOn(p => p.Find("[aria-label='Edit member']"));
        dialogs.WaitForAssertion(() => Assert.True(dialogs.FindAll(".mud-input-control").Single(c => c.QuerySelector("label")?.TextContent.Trim().TrimEnd('*') == "Role Name").QuerySelector("input")!.HasAttribute("disabled")));
        await dialogs.InvokeAsync(() => dialogs.FindAll(".mud-select").First(c => c.QuerySelector("label")?.TextContent.Trim() == "Implies").QuerySelector(".mud-input-control")!.MouseDown());
        popovers.WaitForAssertion(() => Assert.Contains(popovers.FindAll(".mud-list-item"), i => i.TextContent.Trim() == "reader"));
        popovers.ClickOn(r => r.FindAll(".mud-list-item").First(i => i.TextContent.Trim() == "reader"));
        Press(dialogs, "Save");
        page.WaitForAssertion(() => Assert.DoesNotContain("reader", RowOf(page, "member (immutable)")));
        var member = (await identity.ListRolesOfAsync(null)).Single(r => r.Name == Role.Member);
        Assert.Empty(await identity.ImpliedByAsync(member.Id));
    }
}
