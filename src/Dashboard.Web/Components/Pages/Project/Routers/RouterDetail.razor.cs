using Dashboard.Core.Errors;
using Dashboard.Core.Extensions;
using Dashboard.Core.Networking;
using Dashboard.Core.Routers;
using Dashboard.Web.Account;
using Dashboard.Web.Components.Shared;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace Dashboard.Web.Components.Pages.Project.Routers;

/// <summary>A router's overview and its interfaces: add one on a subnet (its gateway IP or a given address), remove one.</summary>
public partial class RouterDetail
{
    private Router? _router;
    private List<RouterInterface> _interfaces = [];
    private Dictionary<string, string> _subnetNames = [];
    private List<string> _gatewayIps = [];
    private string _gatewayName = "";
    private Dictionary<string, string> _portStatus = [];
    private Dashboard.Core.Agents.AgentInfo? _l3Agent;
    private bool _notFound;
    private Caller _caller = default!;

    [Parameter] public string RouterId { get; set; } = "";

    [Inject] private RouterService RouterService { get; set; } = default!;
    [Inject] private NetworkService Networks { get; set; } = default!;
    [Inject] private PortService Ports { get; set; } = default!;
    [Inject] private Dashboard.Core.Agents.AgentService Agents { get; set; } = default!;
    [Inject] private CurrentUser CurrentUser { get; set; } = default!;
    [Inject] private IDialogService Dialogs { get; set; } = default!;
    [Inject] private ISnackbar Snackbar { get; set; } = default!;

    protected override async Task OnParametersSetAsync()
    {
        _caller = await CurrentUser.CallerAsync();
        await LoadAsync();
    }

    private async Task LoadAsync()
    {
        try
        {
            _router = await RouterService.GetVisibleAsync(_caller, RouterId);
        }
        catch (NotFoundException)
        {
            (_notFound, _router) = (true, null);
            return;
        }
        _interfaces = await RouterService.InterfacesAsync(_router.Id);
        var visible = await Networks.ListAsync(_caller.IsAdmin ? null : _caller.ProjectId);
        _subnetNames = visible.SelectMany(n => n.Subnets).ToDictionary(s => s.Id, s => $"{s.Name} {s.Cidr}");
        _gatewayName = visible.FirstOrDefault(n => n.Id == _router.GatewayNetworkId)?.Name ?? _router.GatewayNetworkId ?? "";
        _gatewayIps = (await RouterService.GatewayIpsAsync(_router.Id)).Select(a => a.IpAddress).ToList();
        _portStatus = (await Ports.ListAsync(deviceId: _router.Id)).ToDictionary(p => p.Id, p => p.Status);
        // Where a router lives is the operator's business, as Neutron's l3-agents listing is admin only.
        _l3Agent = _caller.IsAdmin ? (await Agents.L3AgentsOfRouterAsync(_router.Id)).FirstOrDefault() : null;
    }

    private async Task AddInterfaceAsync()
    {
        var dialog = await Dialogs.ShowAsync<AddInterfaceDialog>("Add Interface",
            new DialogParameters<AddInterfaceDialog> { { d => d.RouterId, RouterId }, { d => d.Caller, _caller } },
            new DialogOptions { MaxWidth = MaxWidth.Small, FullWidth = true });
        if (await dialog.Result is { Canceled: false })
        {
            Snackbar.Add("Interface added.", Severity.Success);
            await LoadAsync();
        }
    }

    private async Task RemoveAsync(RouterInterface routerInterface)
    {
        await Dialogs.RunAsync(Snackbar, "Delete Interface", $"Remove the interface {routerInterface.IpAddress}? Its port is deleted.", "Delete",
            () => RouterService.RemoveInterfaceAsync(RouterId, routerInterface.SubnetId, routerInterface.PortId), "Interface removed.");
        await LoadAsync();
    }
}
