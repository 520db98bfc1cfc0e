using Dashboard.Core.Ipam;
using System.Text.Json.Nodes;
using Dashboard.Core.Policies;
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
    private bool _showL3Agent;
    private bool _mayChangeInterfaces;
    private bool _mayRemoveInterfaces;
    private bool _mayUpdate;
    private bool _mayRemoveRoutes;

    [Parameter] public string RouterId { get; set; } = "";

    [Inject] private RouterService RouterService { get; set; } = default!;
    [Inject] private NetworkService Networks { get; set; } = default!;
    [Inject] private PortService Ports { get; set; } = default!;
    [Inject] private Dashboard.Core.Agents.AgentService Agents { get; set; } = default!;
    [Inject] private CurrentUser CurrentUser { get; set; } = default!;
    [Inject] private ResourceOperations Operations { get; set; } = default!;

    private PolicyEnforcer Policy => CurrentUser.Policy;
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
            await Operations.ShowAsync(_caller, "routers", RouterId, default);
            _router = await RouterService.GetAsync(RouterId);
        }
        catch (NotFoundException)
        {
            (_notFound, _router) = (true, null);
            return;
        }
        _interfaces = await RouterService.InterfacesAsync(_router.Id);
        var visible = await Networks.ListAsync(_caller.Scope);
        _subnetNames = visible.SelectMany(n => n.Subnets).ToDictionary(s => s.Id, s => $"{s.Name} {s.Cidr}");
        _gatewayName = visible.FirstOrDefault(n => n.Id == _router.GatewayNetworkId)?.Name ?? _router.GatewayNetworkId ?? "";
        _gatewayIps = (await RouterService.GatewayIpsAsync(_router.Id)).Select(a => a.IpAddress).ToList();
        _portStatus = (await Ports.ListAsync(deviceId: _router.Id)).ToDictionary(p => p.Id, p => p.Status);
        // Where a router lives is the operator's business: Neutron's get_l3-agents (admin only by default).
        _showL3Agent = Policy.Allows(_caller, "get_l3-agents", PolicyTarget.OfProject(_router.ProjectId));
        _l3Agent = _showL3Agent ? (await Agents.L3AgentsOfRouterAsync(_router.Id)).FirstOrDefault() : null;
        _mayChangeInterfaces = Policy.Allows(_caller, "add_router_interface", PolicyTarget.OfProject(_router.ProjectId).With("subnet:project_id", _caller.ProjectId));
        _mayRemoveInterfaces = Policy.Allows(_caller, "remove_router_interface", PolicyTarget.OfProject(_router.ProjectId));
        _mayUpdate = Policy.Allows(_caller, "update_router", PolicyTarget.OfProject(_router.ProjectId));
        _mayRemoveRoutes = Policy.Allows(_caller, "remove_extraroutes", PolicyTarget.OfProject(_router.ProjectId));
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

    private Task EditAsync() => ShowAsync<EditRouterDialog>("Edit Router", new() { { d => d.Caller, _caller }, { d => d.Router, _router! } }, $"Updated router {_router!.Name}.");

    private Task AddRouteAsync() => ShowAsync<StaticRouteDialog>("Add Static Route", new() { { d => d.Caller, _caller }, { d => d.Router, _router! } }, "Static route added.");

    /// <summary>
    /// Deletes the chosen static routes in one step, as Neutron's <c>remove_extraroutes</c> does (the routes another user
    /// added meanwhile are kept, which writing the whole list back would lose).
    /// </summary>
    private async Task DeleteRoutesAsync(IReadOnlyList<HostRoute> routes)
    {
        var named = string.Join(", ", routes.Select(r => $"{r.Destination} via {r.Nexthop}"));
        await Dialogs.RunAsync(Snackbar, routes.Count == 1 ? "Delete Static Route" : "Delete Static Routes", $"You have selected: {named}. This action cannot be undone.", "Delete",
            async () =>
            {
                await Operations.AuthorizeActionAsync(_caller, "routers", RouterId, "remove_extraroutes", default);
                await RouterService.ChangeRoutesAsync(RouterId, routes, add: false);
            }, routes.Count == 1 ? "Static route deleted." : $"{routes.Count} static routes deleted.");
        await LoadAsync();
    }

    private async Task ShowAsync<TDialog>(string title, DialogParameters<TDialog> parameters, string done) where TDialog : ComponentBase
    {
        var dialog = await Dialogs.ShowAsync<TDialog>(title, parameters, new DialogOptions { MaxWidth = MaxWidth.Small, FullWidth = true });
        if (await dialog.Result is { Canceled: false })
        {
            Snackbar.Add(done, Severity.Success);
            await LoadAsync();
        }
    }

    /// <summary>Removes interfaces (each deletes its port), each named by its address; a refusal is said for that one.</summary>
    private async Task RemoveChosenAsync(IReadOnlyList<RouterInterface> interfaces)
    {
        await Dialogs.RunEachAsync(Snackbar, ("Delete", "Removed"), "interface", interfaces, i => i.IpAddress, async routerInterface =>
        {
            await Operations.AuthorizeActionAsync(_caller, "routers", RouterId, "remove_router_interface", default);
            await RouterService.RemoveInterfaceAsync(RouterId, routerInterface.SubnetId, routerInterface.PortId);
        });
        await LoadAsync();
    }
}
