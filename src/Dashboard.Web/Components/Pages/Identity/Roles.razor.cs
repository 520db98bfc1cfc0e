using Dashboard.Core.Identity;
using Dashboard.Web.Components.Shared;
using Dashboard.Web.Account;
using MudBlazor;

namespace Dashboard.Web.Components.Pages.Identity;

public partial class Roles
{
    private List<Role>? _roles;
    private Dictionary<string, string> _domains = [];
    private Dictionary<string, List<string>> _implies = [];

    protected override Task OnInitializedAsync() => LoadAsync();

    private async Task LoadAsync()
    {
        _domains = (await Identity.ListDomainsAsync()).ToDictionary(d => d.Id, d => d.Name);
        var roles = await Identity.ListRolesAsync();
        var names = roles.ToDictionary(r => r.Id, r => r.Name);
        _implies = (await Identity.ListInferencesAsync()).GroupBy(i => i.PriorRoleId)
            .ToDictionary(g => g.Key, g => g.Select(i => names.GetValueOrDefault(i.ImpliedRoleId, i.ImpliedRoleId)).Order(StringComparer.Ordinal).ToList());
        // Global roles first, then each domain's own.
        _roles = roles.OrderBy(r => r.DomainId is null ? "" : DomainOf(r), StringComparer.Ordinal).ThenBy(r => r.Name, StringComparer.Ordinal).ToList();
    }

    private string DomainOf(Role role) => role.DomainId is null ? "" : _domains.GetValueOrDefault(role.DomainId, role.DomainId);

    private List<string> ImpliedBy(Role role) => _implies.GetValueOrDefault(role.Id, []);

    private async Task EditAsync(Role? role)
    {
        var dialog = await Dialogs.ShowAsync<RoleDialog>(role is null ? "Create Role" : "Edit Role",
            new DialogParameters<RoleDialog> { { d => d.Existing, role } }, new DialogOptions { MaxWidth = MaxWidth.Small, FullWidth = true });
        if (await dialog.Result is { Canceled: false })
        {
            Snackbar.Add(role is null ? "Created role." : "Updated role.", Severity.Success);
            await LoadAsync();
        }
    }

    private async Task DeleteSelectedAsync(IReadOnlyList<Role> roles)
    {
        await Dialogs.RunEachAsync(Snackbar, ("Delete", "Deleted"), "role", roles, r => r.Name, async r =>
        {
            await CurrentUser.EnforceAsync("identity:delete_role");
            await Identity.DeleteRoleAsync(r.Id);
        });
        await LoadAsync();
    }

    private async Task DeleteAsync(Role role)
    {
        await Dialogs.RunAsync(Snackbar, "Delete Role", $"You have selected: {role.Name}. Every assignment of it ends, and every rule that names it. This action cannot be undone.", "Delete", async () =>
        {
            await CurrentUser.EnforceAsync("identity:delete_role");
            await Identity.DeleteRoleAsync(role.Id);
        }, $"Deleted role {role.Name}.");
        await LoadAsync();
    }
}
