using Dashboard.Core.Identity;
using Dashboard.Core.Networking;
using Dashboard.Web.Account;
using Dashboard.Web.Components.Shared;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace Dashboard.Web.Components.Pages.Admin;

public partial class AdminNetworks
{
    private ResourceList<Network> _list = default!;
    private Dictionary<string, string> _projects = [];

    protected override async Task OnInitializedAsync() =>
        _projects = (await Identity.ListProjectsAsync()).ToDictionary(p => p.Id, p => p.Name);

    private async Task<TableData<Network>> LoadAsync(TableState state, string filter, CancellationToken ct)
    {
        var sort = state.SortLabel switch { "status" => NetworkSort.Status, "project" => NetworkSort.Project, _ => NetworkSort.Name };
        var (items, total) = await NetworkService.SearchAsync(null, filter, sort, state.SortDirection == SortDirection.Descending, state.Page * state.PageSize, state.PageSize, ct);
        return new TableData<Network> { Items = items, TotalItems = total };
    }

    private async Task CreateAsync()
    {
        var dialog = await Dialogs.ShowAsync<AdminCreateNetworkDialog>("Create Network", new DialogParameters(),
            new DialogOptions { MaxWidth = MaxWidth.Small, FullWidth = true });
        if (await dialog.Result is { Canceled: false, Data: Network created })
        {
            Snackbar.Add($"Created network \"{created.Name}\" ({created.NetworkType}{(created.SegmentationId is null ? "" : $" {created.SegmentationId}")}).", Severity.Success);
            await _list.ReloadAsync();
        }
    }

    /// <summary>Admin &gt; Networks &gt; Edit: name, admin state, shared and external, as the policy lets the admin change them.</summary>
    private async Task EditAsync(Network network)
    {
        var dialog = await Dialogs.ShowAsync<Dashboard.Web.Components.Pages.Project.Networks.EditNetworkDialog>("Edit Network",
            new DialogParameters<Dashboard.Web.Components.Pages.Project.Networks.EditNetworkDialog> { { d => d.Network, network }, { d => d.Caller, await CurrentUser.CallerAsync() } },
            new DialogOptions { MaxWidth = MaxWidth.Small, FullWidth = true });
        if (await dialog.Result is { Canceled: false })
        {
            Snackbar.Add($"Updated network \"{network.Name}\".", Severity.Success);
            await _list.ReloadAsync();
        }
    }

    private async Task DeleteSelectedAsync(IReadOnlyList<Network> networks)
    {
        await Dialogs.RunEachAsync(Snackbar, ("Delete", "Deleted"), "network", networks, n => n.Name, n => Operations.DeleteAsync(CurrentUser, "networks", n.Id));
        await _list.ReloadAsync();
    }

    private async Task DeleteAsync(Network network)
    {
        await Dialogs.RunAsync(Snackbar, "Delete Network", $"You have selected: {network.Name}. This action cannot be undone.", "Delete",
            () => Operations.DeleteAsync(CurrentUser, "networks", network.Id), $"Deleted network \"{network.Name}\".");
        await _list.ReloadAsync();
    }
}
