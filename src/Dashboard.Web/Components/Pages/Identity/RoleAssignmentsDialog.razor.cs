using Dashboard.Core.Errors;
using Dashboard.Core.Identity;
using Dashboard.Web.Account;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace Dashboard.Web.Components.Pages.Identity;

public partial class RoleAssignmentsDialog
{
    private List<(string Id, string Name)>? _rows;
    private List<Role> _roles = [];
    private HashSet<(string ProjectId, string UserId, string RoleId)> _held = [];
    private string _me = "";
    private string _myProject = "";
    private bool _busy;

    [CascadingParameter] private IMudDialogInstance MudDialog { get; set; } = default!;

    /// <summary>
    /// Manage the members of this project; or, with <see cref="UserId"/>, this user's roles per project; or, with
    /// <see cref="GroupId"/>, this group's roles per project (each member's there).
    /// </summary>
    [Parameter] public string? ProjectId { get; set; }
    [Parameter] public string? UserId { get; set; }
    [Parameter] public string? GroupId { get; set; }

    // Who holds the roles of a row: the user or group the dialog is about, or the row's user.
    private string ActorOf(string rowId) => ProjectId is null ? GroupId ?? UserId! : rowId;

    protected override async Task OnInitializedAsync()
    {
        var caller = await CurrentUser.CallerAsync();
        (_me, _myProject) = (caller.UserId, caller.ProjectId);
        _roles = (await Identity.ListRolesAsync()).OrderBy(r => r.Name, StringComparer.Ordinal).ToList();
        _rows = ProjectId is null
            ? (await Identity.ListProjectsAsync()).OrderBy(p => p.Name, StringComparer.Ordinal).Select(p => (p.Id, p.Name)).ToList()
            : (await Identity.ListUsersAsync()).OrderBy(u => u.Name, StringComparer.Ordinal).Select(u => (u.Id, u.Name)).ToList();
        await LoadAsync();
    }

    private async Task LoadAsync() =>
        _held = GroupId is null
            ? (await Identity.ListAssignmentsAsync(ProjectId, UserId)).Select(a => (a.ProjectId, a.UserId, a.RoleId)).ToHashSet()
            : (await Identity.ListGroupAssignmentsAsync(null, GroupId)).Select(a => (a.ProjectId, a.GroupId, a.RoleId)).ToHashSet();

    private async Task SetAsync(string projectId, string userId, Role role, bool grant)
    {
        _busy = true;
        try
        {
            if (grant)
            {
                await CurrentUser.EnforceAsync("identity:create_grant");
                await (GroupId is null ? Identity.AssignRoleAsync(projectId, userId, role.Id) : Identity.AssignGroupRoleAsync(projectId, GroupId, role.Id));
            }
            else
            {
                await CurrentUser.EnforceAsync("identity:revoke_grant");
                await (GroupId is null ? Identity.RevokeRoleAsync(projectId, userId, role.Id) : Identity.RevokeGroupRoleAsync(projectId, GroupId, role.Id));
            }
            Snackbar.Add($"{(grant ? "Granted" : "Revoked")} {role.Name}.", Severity.Success);
        }
        catch (NeutronException e)
        {
            Snackbar.Add(e.Message, Severity.Error);
        }
        finally
        {
            await LoadAsync();
            _busy = false;
        }
    }
}
