using Dashboard.Core.Errors;
using Dashboard.Core.Extensions;
using Dashboard.Core.Identity;
using Dashboard.Core.Networking;
using Dashboard.Core.Policies;
using Dashboard.Web.Account;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace Dashboard.Web.Components.Pages.Project.Networks;

/// <summary>Horizon's subnet detail page, as <c>get_subnet</c> lets the caller see it (404 otherwise), with Edit Subnet.</summary>
public partial class SubnetDetail
{
    private Subnet? _subnet;
    private Network? _network;
    private string? _poolShown;
    private Caller _caller = default!;
    private bool _notFound;
    private bool _mayUpdate;

    [Parameter] public string SubnetId { get; set; } = "";

    /// <summary>The user's settings, cascaded by the layout: times in their zone.</summary>
    [CascadingParameter] private UserSettings? Settings { get; set; }

    [Inject] private SubnetService Subnets { get; set; } = default!;
    [Inject] private NetworkService Networks { get; set; } = default!;
    [Inject] private CurrentUser CurrentUser { get; set; } = default!;
    [Inject] private ResourceOperations Operations { get; set; } = default!;
    [Inject] private IDialogService Dialogs { get; set; } = default!;
    [Inject] private ISnackbar Snackbar { get; set; } = default!;

    protected override async Task OnParametersSetAsync()
    {
        _caller = await CurrentUser.CallerAsync();
        await LoadAsync();
    }

    private async Task ReloadAsync()
    {
        await LoadAsync();
        StateHasChanged();
    }

    private async Task LoadAsync()
    {
        try
        {
            await Operations.ShowAsync(_caller, "subnets", SubnetId, default);
            _subnet = await Subnets.GetAsync(SubnetId);
            _network = await Networks.GetAsync(_subnet.NetworkId);
            _poolShown = _subnet.SubnetPoolId is { } poolId ? await PoolShownAsync(poolId) : null;
            _mayUpdate = CurrentUser.Policy.Allows(_caller, "update_subnet",
                PolicyTarget.OfProject(_subnet.ProjectId).With("network:project_id", _network.ProjectId).With("network:shared", _network.Shared));
        }
        catch (NotFoundException)
        {
            (_notFound, _subnet) = (true, null);
        }
    }

    // The pool by name when the caller may see it (its own or a shared one), else by ID.
    private async Task<string> PoolShownAsync(string poolId)
    {
        try
        {
            var pool = await Operations.ShowAsync(_caller, "subnetpools", poolId, default);
            return $"{Dashboard.Web.Components.Shared.ShownName.Of(pool["name"]!.GetValue<string>(), poolId)} ({poolId})";
        }
        catch (NotFoundException)
        {
            return poolId;
        }
    }

    private async Task EditAsync()
    {
        var dialog = await Dialogs.ShowAsync<EditSubnetDialog>("Edit Subnet",
            new DialogParameters<EditSubnetDialog> { { d => d.Caller, _caller }, { d => d.Subnet, _subnet! } },
            new DialogOptions { MaxWidth = MaxWidth.Small, FullWidth = true });
        if (await dialog.Result is { Canceled: false })
        {
            Snackbar.Add($"Updated subnet {_subnet!.Name}.", Severity.Success);
            await LoadAsync();
        }
    }

    private string Time(DateTime utc) => (Settings?.Local(utc) ?? utc).ToString("yyyy-MM-dd HH:mm:ss") + $" ({Settings?.TimeZone ?? "UTC"})";
}
