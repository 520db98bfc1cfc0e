using Dashboard.Core.Extensions;
using Dashboard.Core.Policies;
using Dashboard.Core.Quotas;
using Dashboard.Core.SecurityGroups;
using Dashboard.Web.Account;
using Dashboard.Web.Components.Shared;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace Dashboard.Web.Components.Pages.Project.SecurityGroups;

public partial class SecurityGroups
{
    private List<SecurityGroup>? _groups;
    private bool _quotaExceeded;
    private bool _mayCreate;
    private Caller _caller = default!;

    protected override async Task OnInitializedAsync()
    {
        _caller = await CurrentUser.CallerAsync();
        _mayCreate = CurrentUser.Policy.Allows(_caller, "create_security_group", Dashboard.Core.Policies.PolicyTarget.OfProject(_caller.ProjectId));
        await Groups.EnsureDefaultAsync(_caller.ProjectId);
        await LoadAsync();
    }

    private async Task LoadAsync()
    {
        _groups = await Groups.ListAsync(_caller.ProjectId);
        var (limit, used) = (await Quotas.GetUsageAsync(_caller.ProjectId))[QuotaResources.SecurityGroup];
        _quotaExceeded = limit >= 0 && used >= limit;
    }

    private async Task EditAsync(SecurityGroup? group)
    {
        var dialog = await Dialogs.ShowAsync<SecurityGroupDialog>(group is null ? "Create Security Group" : "Edit Security Group",
            new DialogParameters<SecurityGroupDialog> { { d => d.ProjectId, _caller.ProjectId }, { d => d.Existing, group } },
            new DialogOptions { MaxWidth = MaxWidth.Small, FullWidth = true });
        if (await dialog.Result is { Canceled: false })
        {
            Snackbar.Add(group is null ? "Created security group." : "Updated security group.", Severity.Success);
            await LoadAsync();
        }
    }

    // The default group is left out of a bulk delete (only an admin may delete it, one at a time, as Neutron's tools do).
    private async Task DeleteSelectedAsync(IReadOnlyList<SecurityGroup> groups)
    {
        await Dialogs.RunEachAsync(Snackbar, ("Delete", "Deleted"), "security group", groups, g => g.Name, g => Operations.DeleteAsync(CurrentUser, "security-groups", g.Id));
        await LoadAsync();
    }

    private async Task DeleteAsync(SecurityGroup group)
    {
        await Dialogs.RunAsync(Snackbar, "Delete Security Group", $"You have selected: {group.Name}. This action cannot be undone.", "Delete", () => Operations.DeleteAsync(CurrentUser, "security-groups", group.Id), $"Deleted security group {group.Name}.");
        await LoadAsync();
    }

    /// <summary>Whether the policy lets the signed-in user do <paramref name="rule"/> to a resource of <paramref name="projectId"/>.</summary>
    private bool May(string rule, string projectId) => CurrentUser.Policy.Allows(_caller, rule, Dashboard.Core.Policies.PolicyTarget.OfProject(projectId));
}
