using Dashboard.Core.Errors;
using Dashboard.Core.Identity;
using Dashboard.Web.Account;
using Dashboard.Web.Components.Shared;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace Dashboard.Web.Components.Pages.Identity;

public partial class Users
{
    private List<User>? _users;
    private string _me = "";
    private Dictionary<string, string> _projects = [];
    private Dictionary<string, List<string>> _roles = [];
    private Dictionary<string, string> _domains = [];

    protected override async Task OnInitializedAsync()
    {
        _me = (await CurrentUser.CallerAsync()).UserId;
        await LoadAsync();
    }

    private async Task LoadAsync()
    {
        _domains = (await Identity.ListDomainsAsync()).ToDictionary(d => d.Id, d => d.Name);
        _users = await Identity.ListUsersAsync();
        _projects = (await Identity.ListProjectsAsync()).ToDictionary(p => p.Id, p => p.Name);
        var roleNames = (await Identity.ListRolesAsync()).ToDictionary(r => r.Id, r => r.Name);
        _roles = (await Identity.ListAssignmentsAsync()).GroupBy(a => a.UserId)
            .ToDictionary(g => g.Key, g => g.Select(a => $"{roleNames.GetValueOrDefault(a.RoleId, a.RoleId)} on {_projects.GetValueOrDefault(a.ProjectId, a.ProjectId)}").Order().ToList());
    }

    private async Task EditAsync(User? user)
    {
        var dialog = await Dialogs.ShowAsync<UserDialog>(user is null ? "Create User" : "Edit User",
            new DialogParameters<UserDialog> { { d => d.Existing, user } }, new DialogOptions { MaxWidth = MaxWidth.Small, FullWidth = true });
        if (await dialog.Result is { Canceled: false })
        {
            Snackbar.Add(user is null ? "Created user." : "Updated user.", Severity.Success);
            await LoadAsync();
        }
    }

    private async Task SetEnabledAsync(User user, bool enabled)
    {
        try
        {
            await CurrentUser.EnforceAsync("identity:update_user");
            await Identity.UpdateUserAsync(user.Id, enabled: enabled);
            Snackbar.Add($"{user.Name} {(enabled ? "enabled" : "disabled")}.", Severity.Success);
        }
        catch (Dashboard.Core.Errors.NeutronException e)
        {
            Snackbar.Add(e.Message, Severity.Error);
        }
        await LoadAsync();
    }

    // The signed-in user is left out of a bulk delete, as Horizon keeps you from deleting yourself.
    private async Task DeleteSelectedAsync(IReadOnlyList<User> users)
    {
        await Dialogs.RunEachAsync(Snackbar, ("Delete", "Deleted"), "user", users, u => u.Name, async u =>
        {
            await CurrentUser.EnforceAsync("identity:delete_user");
            await Identity.DeleteUserAsync(u.Id);
        });
        await LoadAsync();
    }

    private async Task DeleteAsync(User user)
    {
        await Dialogs.RunAsync(Snackbar, "Delete User", $"You have selected: {user.Name}. This action cannot be undone.", "Delete", async () =>
        {
            await CurrentUser.EnforceAsync("identity:delete_user");
            await Identity.DeleteUserAsync(user.Id);
        }, $"Deleted user {user.Name}.");
        await LoadAsync();
    }

    private async Task RolesAsync(User user)
    {
        var dialog = await Dialogs.ShowAsync<RoleAssignmentsDialog>($"Roles of {user.Name}", new DialogParameters<RoleAssignmentsDialog> { { d => d.UserId, user.Id } },
            new DialogOptions { MaxWidth = MaxWidth.Small, FullWidth = true });
        await dialog.Result;
        await LoadAsync();
    }
}
