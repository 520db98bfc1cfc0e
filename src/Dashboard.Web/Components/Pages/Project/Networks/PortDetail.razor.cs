using Dashboard.Core.Errors;
using Dashboard.Core.Extensions;
using Dashboard.Core.Networking;
using Dashboard.Core.Policies;
using Dashboard.Core.SecurityGroups;
using Dashboard.Web.Account;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace Dashboard.Web.Components.Pages.Project.Networks;

/// <summary>Horizon's port detail page, as <c>get_port</c> lets the caller see it (404 otherwise); the binding only as its own rules allow.</summary>
public partial class PortDetail
{
    private Port? _port;
    private Network? _network;
    private Caller _caller = default!;
    private Dictionary<string, string> _subnetNames = [];
    private List<string> _groupNames = [];
    private bool _notFound;
    private bool _mayUpdate;
    private bool _showBinding;

    [Parameter] public string PortId { get; set; } = "";

    [Inject] private PortService Ports { get; set; } = default!;
    [Inject] private NetworkService Networks { get; set; } = default!;
    [Inject] private SecurityGroupService SecurityGroups { get; set; } = default!;
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
            await Operations.ShowAsync(_caller, "ports", PortId, default);
            _port = await Ports.GetAsync(PortId);
            _network = await Networks.GetAsync(_port.NetworkId);
        }
        catch (NotFoundException)
        {
            (_notFound, _port) = (true, null);
            return;
        }
        _subnetNames = _network.Subnets.ToDictionary(s => s.Id, s => $"{s.Name} {s.Cidr}");
        var groupIds = _port.SecurityGroups.Select(g => g.SecurityGroupId).ToHashSet();
        _groupNames = (await SecurityGroups.ListAsync(_port.ProjectId)).Where(g => groupIds.Contains(g.Id)).Select(g => g.Name).Order().ToList();
        var target = PolicyTarget.OfProject(_port.ProjectId).With("network:project_id", _network.ProjectId);
        _mayUpdate = CurrentUser.Policy.Allows(_caller, "update_port", target);
        _showBinding = CurrentUser.Policy.Allows(_caller, "get_port:binding:host_id", target);
    }

    private async Task EditAsync()
    {
        var dialog = await Dialogs.ShowAsync<PortDialog>("Edit Port",
            new DialogParameters<PortDialog> { { d => d.Network, _network! }, { d => d.Caller, _caller }, { d => d.Existing, _port } },
            new DialogOptions { MaxWidth = MaxWidth.Small, FullWidth = true });
        if (await dialog.Result is { Canceled: false })
        {
            Snackbar.Add($"Updated port {Label(_port!)}.", Severity.Success);
            await LoadAsync();
        }
    }

    private static string Label(Port port) => port.Name == "" ? $"({port.Id[..8]})" : port.Name;
}
