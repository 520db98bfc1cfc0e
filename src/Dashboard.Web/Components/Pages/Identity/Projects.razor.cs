using Dashboard.Core.Identity;
using Dashboard.Web.Account;
using Dashboard.Web.Components.Shared;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace Dashboard.Web.Components.Pages.Identity;

using Project = Dashboard.Core.Identity.Project;

public partial class Projects
{
    private List<Project>? _projects;
    private string _current = "";
    private Dictionary<string, List<string>> _members = [];
    private Dictionary<string, string> _domains = [];

    protected override async Task OnInitializedAsync()
    {
        _current = (await CurrentUser.CallerAsync()).ProjectId;
        await LoadAsync();
    }

    private async Task LoadAsync()
    {
        _domains = (await Identity.ListDomainsAsync()).ToDictionary(d => d.Id, d => d.Name);
        _projects = await Identity.ListProjectsAsync();
        var users = (await Identity.ListUsersAsync()).ToDictionary(u => u.Id, u => u.Name);
        var roles = (await Identity.ListRolesAsync()).ToDictionary(r => r.Id, r => r.Name);
        _members = (await Identity.ListAssignmentsAsync()).GroupBy(a => a.ProjectId)
            .ToDictionary(g => g.Key, g => g.Select(a => $"{users.GetValueOrDefault(a.UserId, a.UserId)} ({roles.GetValueOrDefault(a.RoleId, a.RoleId)})").Order().ToList());
    }

    private async Task EditAsync(Project? project)
    {
        var dialog = await Dialogs.ShowAsync<ProjectDialog>(project is null ? "Create Project" : "Edit Project",
            new DialogParameters<ProjectDialog> { { d => d.Existing, project } }, new DialogOptions { MaxWidth = MaxWidth.Small, FullWidth = true });
        if (await dialog.Result is { Canceled: false })
        {
            Snackbar.Add(project is null ? "Created project." : "Updated project.", Severity.Success);
            await LoadAsync();
        }
    }

    private async Task MembersAsync(Project project)
    {
        var dialog = await Dialogs.ShowAsync<RoleAssignmentsDialog>($"Manage Members of {project.Name}", new DialogParameters<RoleAssignmentsDialog> { { d => d.ProjectId, project.Id } },
            new DialogOptions { MaxWidth = MaxWidth.Small, FullWidth = true });
        await dialog.Result;
        await LoadAsync();
    }

    private async Task QuotasAsync(Project project)
    {
        var dialog = await Dialogs.ShowAsync<ProjectQuotasDialog>($"Quotas of {project.Name}", new DialogParameters<ProjectQuotasDialog> { { d => d.ProjectId, project.Id } },
            new DialogOptions { MaxWidth = MaxWidth.Small, FullWidth = true });
        if (await dialog.Result is { Canceled: false })
        {
            Snackbar.Add($"Updated the quotas of {project.Name}.", Severity.Success);
        }
    }

    // The project the admin is signed in to is left out of a bulk delete, as Horizon does.
    private async Task DeleteSelectedAsync(IReadOnlyList<Project> projects)
    {
        await Dialogs.RunEachAsync(Snackbar, ("Delete", "Deleted"), "project", projects, p => p.Name, async p =>
        {
            await CurrentUser.EnforceAsync("identity:delete_project");
            await Identity.DeleteProjectAsync(p.Id);
        });
        await LoadAsync();
    }

    private async Task DeleteAsync(Project project)
    {
        await Dialogs.RunAsync(Snackbar, "Delete Project", $"You have selected: {project.Name}. Its role assignments go with it; its network resources stay, as in Keystone.", "Delete", async () =>
        {
            await CurrentUser.EnforceAsync("identity:delete_project");
            await Identity.DeleteProjectAsync(project.Id);
        }, $"Deleted project {project.Name}.");
        await LoadAsync();
    }
}
