using Dashboard.Core.Identity;
using Dashboard.Web.Components.Shared;
using Dashboard.Web.Account;
using MudBlazor;

namespace Dashboard.Web.Components.Pages.Identity;

public partial class Groups
{
    private List<Group>? _groups;
    private Dictionary<string, string> _domains = [];
    private Dictionary<string, List<string>> _members = [];
    private Dictionary<string, List<string>> _roles = [];

    protected override Task OnInitializedAsync() => LoadAsync();

    private async Task LoadAsync()
    {
        _domains = (await Identity.ListDomainsAsync()).ToDictionary(d => d.Id, d => d.Name);
        var groups = await Identity.ListGroupsAsync();
        var members = (await Identity.MembersByGroupAsync()).ToDictionary(m => m.Key, m => m.Value.Select(u => u.Name).ToList());
        var projects = (await Identity.ListProjectsAsync()).ToDictionary(p => p.Id, p => p.Name);
        var roles = (await Identity.ListRolesAsync()).ToDictionary(r => r.Id, r => r.Name);
        _roles = (await Identity.ListGroupAssignmentsAsync()).GroupBy(a => a.GroupId)
            .ToDictionary(g => g.Key, g => g.Select(a => $"{roles.GetValueOrDefault(a.RoleId, a.RoleId)} on {projects.GetValueOrDefault(a.ProjectId, a.ProjectId)}").Order().ToList());
        (_members, _groups) = (members, groups);
    }

    private string DomainOf(Group group) => _domains.GetValueOrDefault(group.DomainId, group.DomainId);

    private async Task EditAsync(Group? group)
    {
        var dialog = await Dialogs.ShowAsync<GroupDialog>(group is null ? "Create Group" : "Edit Group",
            new DialogParameters<GroupDialog> { { d => d.Existing, group } }, new DialogOptions { MaxWidth = MaxWidth.Small, FullWidth = true });
        if (await dialog.Result is { Canceled: false })
        {
            Snackbar.Add(group is null ? "Created group." : "Updated group.", Severity.Success);
            await LoadAsync();
        }
    }

    private async Task MembersAsync(Group group)
    {
        var dialog = await Dialogs.ShowAsync<GroupMembersDialog>($"Members of {group.Name}", new DialogParameters<GroupMembersDialog> { { d => d.GroupId, group.Id } },
            new DialogOptions { MaxWidth = MaxWidth.Small, FullWidth = true });
        await dialog.Result;
        await LoadAsync();
    }

    private async Task RolesAsync(Group group)
    {
        var dialog = await Dialogs.ShowAsync<RoleAssignmentsDialog>($"Roles of {group.Name}", new DialogParameters<RoleAssignmentsDialog> { { d => d.GroupId, group.Id } },
            new DialogOptions { MaxWidth = MaxWidth.Small, FullWidth = true });
        await dialog.Result;
        await LoadAsync();
    }

    private async Task DeleteSelectedAsync(IReadOnlyList<Group> groups)
    {
        await Dialogs.RunEachAsync(Snackbar, ("Delete", "Deleted"), "group", groups, g => g.Name, async g =>
        {
            await CurrentUser.EnforceAsync("identity:delete_group");
            await Identity.DeleteGroupAsync(g.Id);
        });
        await LoadAsync();
    }

    private async Task DeleteAsync(Group group)
    {
        await Dialogs.RunAsync(Snackbar, "Delete Group", $"You have selected: {group.Name}. Its members lose the roles they hold through it. This action cannot be undone.", "Delete", async () =>
        {
            await CurrentUser.EnforceAsync("identity:delete_group");
            await Identity.DeleteGroupAsync(group.Id);
        }, $"Deleted group {group.Name}.");
        await LoadAsync();
    }
}
