using Dashboard.Core.Errors;
using Dashboard.Core.Identity;
using Dashboard.Web.Components.Shared;
using Dashboard.Web.Account;
using MudBlazor;

namespace Dashboard.Web.Components.Pages.Identity;

public partial class IdentityDomains
{
    private List<Domain>? _domains;
    private Dictionary<string, (int Projects, int Users, int Groups)> _holds = [];

    protected override Task OnInitializedAsync() => LoadAsync();

    private async Task LoadAsync()
    {
        var projects = (await Identity.ListProjectsAsync()).CountBy(p => p.DomainId).ToDictionary();
        var users = (await Identity.ListUsersAsync()).CountBy(u => u.DomainId).ToDictionary();
        var groups = (await Identity.ListGroupsAsync()).CountBy(g => g.DomainId).ToDictionary();
        _domains = await Identity.ListDomainsAsync();
        _holds = _domains.ToDictionary(d => d.Id, d => (projects.GetValueOrDefault(d.Id), users.GetValueOrDefault(d.Id), groups.GetValueOrDefault(d.Id)));
    }

    private string Holds(Domain domain)
    {
        var (projects, users, groups) = _holds.GetValueOrDefault(domain.Id);
        return $"{projects} {(projects == 1 ? "project" : "projects")}, {users} {(users == 1 ? "user" : "users")}, {groups} {(groups == 1 ? "group" : "groups")}";
    }

    private async Task EditAsync(Domain? domain)
    {
        var dialog = await Dialogs.ShowAsync<DomainDialog>(domain is null ? "Create Domain" : "Edit Domain",
            new DialogParameters<DomainDialog> { { d => d.Existing, domain } }, new DialogOptions { MaxWidth = MaxWidth.Small, FullWidth = true });
        if (await dialog.Result is { Canceled: false })
        {
            Snackbar.Add(domain is null ? "Created domain." : "Updated domain.", Severity.Success);
            await LoadAsync();
        }
    }

    private async Task SetEnabledAsync(Domain domain, bool enabled)
    {
        try
        {
            await CurrentUser.EnforceAsync("identity:update_domain");
            await Identity.UpdateDomainAsync(domain.Id, enabled: enabled);
            Snackbar.Add($"{domain.Name} {(enabled ? "enabled" : "disabled")}.", Severity.Success);
        }
        catch (NeutronException e)
        {
            Snackbar.Add(ErrorText.Of(e), Severity.Error);
        }
        await LoadAsync();
    }

    // Keystone refuses an enabled domain: the message says to disable it first, per domain.
    private async Task DeleteSelectedAsync(IReadOnlyList<Domain> domains)
    {
        await Dialogs.RunEachAsync(Snackbar, ("Delete", "Deleted"), "domain", domains, d => d.Name, async d =>
        {
            await CurrentUser.EnforceAsync("identity:delete_domain");
            await Identity.DeleteDomainAsync(d.Id);
        });
        await LoadAsync();
    }

    private async Task DeleteAsync(Domain domain)
    {
        await Dialogs.RunAsync(Snackbar, "Delete Domain",
            $"You have selected: {domain.Name}. Its {Holds(domain)} are deleted with it (their network resources stay, as in Keystone). This action cannot be undone.",
            "Delete", async () =>
            {
                await CurrentUser.EnforceAsync("identity:delete_domain");
                await Identity.DeleteDomainAsync(domain.Id);
            }, $"Deleted domain {domain.Name}.");
        await LoadAsync();
    }
}
