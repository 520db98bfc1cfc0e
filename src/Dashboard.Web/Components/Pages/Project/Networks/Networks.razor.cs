using Dashboard.Web.Components.Shared;
using Dashboard.Core.Policies;
using Dashboard.Core.Errors;
using Dashboard.Core.Extensions;
using Dashboard.Core.Networking;
using Dashboard.Core.Quotas;
using Dashboard.Web.Account;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace Dashboard.Web.Components.Pages.Project.Networks;

/// <summary>Project &gt; Networks: the project's, shared and external networks, paged and sorted in the database.</summary>
public partial class Networks
{
    private ResourceList<Network> _list = default!;
    private bool _quotaExceeded;
    private bool _mayCreate;
    private Caller _caller = default!;
    private NetworkLook? _look;

    [Inject] private NetworkService NetworkService { get; set; } = default!;
    [Inject] private ResourceOperations Operations { get; set; } = default!;
    [Inject] private QuotaService Quotas { get; set; } = default!;
    [Inject] private CurrentUser CurrentUser { get; set; } = default!;
    [Inject] private IDialogService Dialogs { get; set; } = default!;
    [Inject] private ISnackbar Snackbar { get; set; } = default!;

    protected override async Task OnInitializedAsync()
    {
        _caller = await CurrentUser.CallerAsync();
        _mayCreate = CurrentUser.Policy.Allows(_caller, "create_network", Dashboard.Core.Policies.PolicyTarget.OfProject(_caller.ProjectId));
        await RefreshQuotaAsync();
    }

    private async Task<TableData<Network>> LoadAsync(TableState state, string filter, CancellationToken ct)
    {
        var sort = state.SortLabel == "status" ? NetworkSort.Status : NetworkSort.Name;
        var (items, total) = await NetworkService.SearchAsync(_caller.ProjectId, filter, sort, state.SortDirection == SortDirection.Descending,
            state.Page * state.PageSize, state.PageSize, ct);
        _look = await NetworkService.LookAsync(_caller.ProjectId, items.Select(n => n.Id).ToList(), ct);
        return new TableData<Network> { Items = items, TotalItems = total };
    }

    /// <summary>A network made or deleted elsewhere (another tab, the API) changes both the table and the quota's room.</summary>
    private async Task LiveChangeAsync()
    {
        await RefreshQuotaAsync();
        await _list.ReloadAsync();
    }

    private async Task RefreshQuotaAsync()
    {
        var (limit, used) = (await Quotas.GetUsageAsync(_caller.ProjectId))[QuotaResources.Network];
        _quotaExceeded = limit >= 0 && used >= limit;
    }

    /// <summary>Shared with the caller's project: with every project, or by an RBAC policy with it (as Neutron shows the network to it).</summary>
    private bool SharedHere(Network network) => _look?.Shared(network) ?? network.Shared;

    private bool ExternalHere(Network network) => _look?.External(network) ?? network.External;

    /// <summary>Horizon's Create Subnet on a network's row: as <c>create_subnet</c> allows on that network (not on another project's shared one, by default).</summary>
    private bool MayCreateSubnet(Network network) => CurrentUser.Policy.Allows(_caller, "create_subnet",
        PolicyTarget.OfProject(_caller.ProjectId).With("network:project_id", network.ProjectId).With("network:shared", SharedHere(network)));

    private async Task CreateSubnetAsync(Network network)
    {
        var dialog = await Dialogs.ShowAsync<CreateSubnetDialog>($"Create Subnet on {network.Name}",
            new DialogParameters<CreateSubnetDialog> { { d => d.NetworkId, network.Id } },
            new DialogOptions { MaxWidth = MaxWidth.Small, FullWidth = true });
        if (await dialog.Result is { Canceled: false })
        {
            Snackbar.Add($"Created a subnet on {network.Name}.", Severity.Success);
            await _list.ReloadAsync();
        }
    }

    private bool CanChange(Network network) => CurrentUser.Policy.Allows(_caller, "update_network", PolicyTarget.OfProject(network.ProjectId));

    private async Task CreateAsync()
    {
        var dialog = await Dialogs.ShowAsync<CreateNetworkDialog>("Create Network",
            new DialogParameters<CreateNetworkDialog> { { d => d.Caller, _caller } },
            new DialogOptions { MaxWidth = MaxWidth.Medium, FullWidth = true });
        if (await dialog.Result is { Canceled: false, Data: Network created })
        {
            Snackbar.Add($"Created network \"{created.Name}\".", Severity.Success);
            await RefreshQuotaAsync();
            await _list.ReloadAsync();
        }
    }

    private async Task EditAsync(Network network)
    {
        var dialog = await Dialogs.ShowAsync<EditNetworkDialog>("Edit Network",
            new DialogParameters<EditNetworkDialog> { { d => d.Network, network }, { d => d.Caller, _caller } },
            new DialogOptions { MaxWidth = MaxWidth.Small, FullWidth = true });
        if (await dialog.Result is { Canceled: false })
        {
            Snackbar.Add("Updated network.", Severity.Success);
            await _list.ReloadAsync();
        }
    }

    private async Task DeleteAsync(IReadOnlyList<Network> networks)
    {
        await Dialogs.RunEachAsync(Snackbar, ("Delete", "Deleted"), "network", networks, n => n.Name, n => Operations.DeleteAsync(CurrentUser, "networks", n.Id));
        await RefreshQuotaAsync();
        await _list.ReloadAsync();
    }

    /// <summary>The network's subnets the caller may see (<c>get_subnet</c>: not those of another project's external network).</summary>
    private IEnumerable<Subnet> VisibleSubnets(Network network) => network.Subnets.Where(s => CurrentUser.Policy.Allows(_caller, "get_subnet",
        Dashboard.Core.Policies.PolicyTarget.OfProject(s.ProjectId).With("network:project_id", network.ProjectId).With("network:shared", SharedHere(network))))
        .OrderBy(s => s.Name);
}
