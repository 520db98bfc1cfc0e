using Dashboard.Core.Extensions;
using Dashboard.Core.Networking;
using Dashboard.Core.Quotas;
using Dashboard.Core.Routers;
using Dashboard.Web.Account;
using Dashboard.Web.Components.Shared;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace Dashboard.Web.Components.Pages.Project.Routers;

/// <summary>Project &gt; Routers: create, set or clear the external gateway, delete.</summary>
public partial class Routers
{
    private List<Router>? _routers;
    private Dictionary<string, string> _networkNames = [];
    private bool _quotaExceeded;
    private bool _mayCreate;
    private Caller _caller = default!;

    [Inject] private RouterService RouterService { get; set; } = default!;
    [Inject] private ResourceOperations Operations { get; set; } = default!;
    [Inject] private NetworkService Networks { get; set; } = default!;
    [Inject] private QuotaService Quotas { get; set; } = default!;
    [Inject] private CurrentUser CurrentUser { get; set; } = default!;
    [Inject] private IDialogService Dialogs { get; set; } = default!;
    [Inject] private ISnackbar Snackbar { get; set; } = default!;

    protected override async Task OnInitializedAsync()
    {
        _caller = await CurrentUser.CallerAsync();
        _mayCreate = CurrentUser.Policy.Allows(_caller, "create_router", Dashboard.Core.Policies.PolicyTarget.OfProject(_caller.ProjectId));
        await LoadAsync();
    }

    private async Task LoadAsync()
    {
        _routers = await RouterService.ListAsync(_caller.ProjectId);
        _networkNames = (await Networks.ListAsync(_caller.ProjectId)).ToDictionary(n => n.Id, n => n.Name);
        var (limit, used) = (await Quotas.GetUsageAsync(_caller.ProjectId))[QuotaResources.Router];
        _quotaExceeded = limit >= 0 && used >= limit;
    }

    private async Task CreateAsync()
    {
        var dialog = await Dialogs.ShowAsync<RouterDialog>("Create Router", new DialogParameters<RouterDialog> { { d => d.Caller, _caller } },
            new DialogOptions { MaxWidth = MaxWidth.Small, FullWidth = true });
        if (await dialog.Result is { Canceled: false })
        {
            Snackbar.Add("Created router.", Severity.Success);
            await LoadAsync();
        }
    }

    private async Task SetGatewayAsync(Router router)
    {
        var dialog = await Dialogs.ShowAsync<RouterDialog>("Set Gateway", new DialogParameters<RouterDialog> { { d => d.Caller, _caller }, { d => d.Existing, router } },
            new DialogOptions { MaxWidth = MaxWidth.Small, FullWidth = true });
        if (await dialog.Result is { Canceled: false })
        {
            Snackbar.Add($"Gateway set on {router.Name}.", Severity.Success);
            await LoadAsync();
        }
    }

    private async Task EditAsync(Router router)
    {
        var dialog = await Dialogs.ShowAsync<EditRouterDialog>("Edit Router", new DialogParameters<EditRouterDialog> { { d => d.Caller, _caller }, { d => d.Router, router } },
            new DialogOptions { MaxWidth = MaxWidth.Small, FullWidth = true });
        if (await dialog.Result is { Canceled: false })
        {
            Snackbar.Add($"Updated router {router.Name}.", Severity.Success);
            await LoadAsync();
        }
    }

    private Task ClearGatewayAsync(Router router) =>
        RunAsync("Clear Gateway", router.Name, $"Cleared the gateway of {router.Name}.", async () => await Operations.UpdateAsync(_caller, "routers", router.Id, new System.Text.Json.Nodes.JsonObject { ["external_gateway_info"] = null }, null, default));

    private async Task DeleteSelectedAsync(IReadOnlyList<Router> routers)
    {
        await Dialogs.RunEachAsync(Snackbar, ("Delete", "Deleted"), "router", routers, r => r.Name, r => Operations.DeleteAsync(CurrentUser, "routers", r.Id));
        await LoadAsync();
    }

    private Task DeleteAsync(Router router) =>
        RunAsync("Delete Router", router.Name, $"Deleted router {router.Name}.", () => Operations.DeleteAsync(CurrentUser, "routers", router.Id));

    private async Task RunAsync(string title, string name, string done, Func<Task> action)
    {
        await Dialogs.RunAsync(Snackbar, title, $"You have selected: {name}. Please confirm your selection.", title.Split(' ')[0], action, done);
        await LoadAsync();
    }

    /// <summary>Whether the policy lets the signed-in user do <paramref name="rule"/> to a resource of <paramref name="projectId"/>.</summary>
    private bool May(string rule, string projectId) => CurrentUser.Policy.Allows(_caller, rule, Dashboard.Core.Policies.PolicyTarget.OfProject(projectId));
}
