using Bunit;
using Dashboard.Core.SecurityGroups;
using Dashboard.Web.Components.Pages.Project.SecurityGroups;
using MudBlazor;

namespace Dashboard.Web.Tests.Components;

public class SecurityGroupDialogTests : ComponentTest
{
    [Fact]
    public async Task Add_rule_with_a_custom_port_out_of_range_says_so_beside_the_field_and_adds_nothing()
    {
        await SignInAsync("demo", "demo");
        var caller = await Get<Dashboard.Web.Account.CurrentUser>().CallerAsync();
        var group = await Get<SecurityGroupService>().CreateAsync(caller.ProjectId, "bunit-sg");
        var provider = Render<MudDialogProvider>();
        _ = Render<MudPopoverProvider>();
        await provider.InvokeAsync(() => Get<IDialogService>().ShowAsync<AddRuleDialog>("Add Rule",
            new DialogParameters<AddRuleDialog> { { d => d.Group, group }, { d => d.Groups, new Dictionary<string, string> { [group.Id] = group.Name } } }));

        provider.ClickOn(r => r.FindAll("button").Single(b => b.TextContent.Trim() == "Add"));

        provider.WaitForAssertion(() => Assert.Contains("Enter a port from 1 to 65535.", provider.Markup));
        Assert.Equal(2, (await Get<SecurityGroupService>().GetAsync(group.Id)).Rules.Count);
    }

    [Fact]
    public async Task The_default_group_cannot_be_deleted_and_the_reason_is_shown()
    {
        await SignInAsync("demo", "demo");
        _ = Render<MudPopoverProvider>();
        var snackbars = Render<MudSnackbarProvider>();
        var dialogs = Render<MudDialogProvider>();
        var page = Render<SecurityGroups>();
        page.WaitForAssertion(() => Assert.Contains("default", page.Markup));

        page.ClickOn(r => r.Find("button[aria-label='Delete default']"));
        dialogs.WaitForAssertion(() => dialogs.FindAll("button").Single(b => b.TextContent.Trim() == "Delete").Click());

        snackbars.WaitForAssertion(() => Assert.Contains("Insufficient rights for removing default security group", snackbars.Markup));
        Assert.Contains(await Get<SecurityGroupService>().ListAsync(), g => g.IsDefault);
    }
}
