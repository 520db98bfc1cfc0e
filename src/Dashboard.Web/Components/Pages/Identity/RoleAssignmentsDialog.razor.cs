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

    /// <summary>Manage the members of this project; or, with <see cref="UserId"/>, this user's roles per project.</summary>
    [Parameter] public string? ProjectId { get; set; }
    [Parameter] public string? UserId { get; set; }

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
        _held = (await Identity.ListAssignmentsAsync(ProjectId, UserId)).Select(a => (a.ProjectId, a.UserId, a.RoleId)).ToHashSet();

    private async Task SetAsync(string projectId, string userId, Role role, bool grant)
    {
        _busy = true;
        try
        {
            if (grant)
            {
                await CurrentUser.EnforceAsync("identity:create_grant");
                await Identity.AssignRoleAsync(projectId, userId, role.Id);
            }
            else
            {
                await CurrentUser.EnforceAsync("identity:revoke_grant");
                await Identity.RevokeRoleAsync(projectId, userId, role.Id);
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
