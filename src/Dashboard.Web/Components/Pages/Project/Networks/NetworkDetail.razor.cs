using Dashboard.Core.Policies;
using Dashboard.Core.Errors;
using Dashboard.Core.Events;
using Dashboard.Core.Extensions;
using Dashboard.Core.Networking;
using Dashboard.Web.Account;
using Dashboard.Web.Components.Shared;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace Dashboard.Web.Components.Pages.Project.Networks;

/// <summary>A network's Overview, Subnets and Ports, as the caller may see them; another project's network does not exist here.</summary>
public partial class NetworkDetail
{
    private Network? _network;
    private List<Port> _ports = [];
    private Caller _caller = default!;
    private bool _showProvider;
    private bool _notFound;
    private bool _canChange;

    [Parameter] public string NetworkId { get; set; } = "";

    [Inject] private NetworkService Networks { get; set; } = default!;
    [Inject] private SubnetService Subnets { get; set; } = default!;
    [Inject] private PortService Ports { get; set; } = default!;
    [Inject] private CurrentUser CurrentUser { get; set; } = default!;
    [Inject] private ResourceOperations Operations { get; set; } = default!;
    [Inject] private IDialogService Dialogs { get; set; } = default!;
    [Inject] private ISnackbar Snackbar { get; set; } = default!;

    /// <summary>A pushed change to this network, its subnets or ports, or a port's status (made here, elsewhere, or through the API): no polling.</summary>
    private async Task ReloadAsync()
    {
        await LoadAsync();
        StateHasChanged();
    }

    private bool _sharedHere;
    private bool _externalHere;

    protected override async Task OnParametersSetAsync()
    {
        _caller = await CurrentUser.CallerAsync();
        await LoadAsync();
    }

    private async Task LoadAsync()
    {
        try
        {
            // The API's view says what the caller sees: shared or external for its project by an RBAC policy too.
            var view = await Operations.ShowAsync(_caller, "networks", NetworkId, default);
            (_sharedHere, _externalHere) = (view["shared"]?.GetValue<bool>() ?? false, view["router:external"]?.GetValue<bool>() ?? false);
            _network = await Networks.GetAsync(NetworkId);
            var policy = CurrentUser.Policy;
            _canChange = policy.Allows(_caller, "create_subnet", PolicyTarget.OfProject(_caller.ProjectId).With("network:project_id", _network.ProjectId));
            _showProvider = policy.Allows(_caller, "get_network:provider:network_type", PolicyTarget.OfProject(_network.ProjectId));
            // Ports without a project (the network's own, as DHCP's) are seen with the network; others as get_port says.
            _ports = (await Ports.ListAsync(_network.Id)).Where(p => p.ProjectId == "" || policy.Allows(_caller, "get_port", PolicyTarget.OfProject(p.ProjectId))).ToList();
        }
        catch (NotFoundException)
        {
            _notFound = true;
            _network = null;
        }
    }

    private async Task CreateSubnetAsync()
    {
        var dialog = await Dialogs.ShowAsync<CreateSubnetDialog>("Create Subnet",
            new DialogParameters<CreateSubnetDialog> { { d => d.NetworkId, NetworkId } },
            new DialogOptions { MaxWidth = MaxWidth.Small, FullWidth = true });
        if (await dialog.Result is { Canceled: false })
        {
            Snackbar.Add("Created subnet.", Severity.Success);
            await LoadAsync();
        }
    }

    private async Task EditSubnetAsync(Subnet subnet)
    {
        var dialog = await Dialogs.ShowAsync<EditSubnetDialog>("Edit Subnet",
            new DialogParameters<EditSubnetDialog> { { d => d.Caller, _caller }, { d => d.Subnet, subnet } },
            new DialogOptions { MaxWidth = MaxWidth.Small, FullWidth = true });
        if (await dialog.Result is { Canceled: false })
        {
            Snackbar.Add($"Updated subnet {subnet.Name}.", Severity.Success);
            await LoadAsync();
        }
    }

    private Task DeleteSubnetAsync(Subnet subnet) =>
        ConfirmAndRunAsync("Delete Subnet", subnet.Name, () => Operations.DeleteAsync(CurrentUser, "subnets", subnet.Id));

    private async Task CreatePortAsync()
    {
        var dialog = await Dialogs.ShowAsync<PortDialog>("Create Port",
            new DialogParameters<PortDialog> { { d => d.Network, _network! }, { d => d.Caller, _caller } },
            new DialogOptions { MaxWidth = MaxWidth.Small, FullWidth = true });
        if (await dialog.Result is { Canceled: false })
        {
            Snackbar.Add("Created port.", Severity.Success);
            await LoadAsync();
        }
    }

    private async Task EditPortAsync(Port port)
    {
        var dialog = await Dialogs.ShowAsync<PortDialog>("Edit Port",
            new DialogParameters<PortDialog> { { d => d.Network, _network! }, { d => d.Caller, _caller }, { d => d.Existing, port } },
            new DialogOptions { MaxWidth = MaxWidth.Small, FullWidth = true });
        if (await dialog.Result is { Canceled: false })
        {
            Snackbar.Add("Updated port.", Severity.Success);
            await LoadAsync();
        }
    }

    private Task DeletePortAsync(Port port) =>
        ConfirmAndRunAsync("Delete Port", ShownName.Of(port.Name, port.Id), () => Operations.DeleteAsync(CurrentUser, "ports", port.Id));

    // A port made by Neutron's agents (router interface, DHCP) is not deleted through the port API, as in Horizon.
    private bool MayDeletePort(Port port) => !port.DeviceOwner.StartsWith("network:", StringComparison.Ordinal) && May("delete_port", port.ProjectId);

    private async Task DeletePortsAsync(IReadOnlyList<Port> ports)
    {
        await Dialogs.RunEachAsync(Snackbar, ("Delete", "Deleted"), "port", ports, p => ShownName.Of(p.Name, p.Id), p => Operations.DeleteAsync(CurrentUser, "ports", p.Id));
        await LoadAsync();
    }

    private async Task DeleteSubnetsAsync(IReadOnlyList<Subnet> subnets)
    {
        await Dialogs.RunEachAsync(Snackbar, ("Delete", "Deleted"), "subnet", subnets, s => ShownName.Of(s.Name, s.Id), s => Operations.DeleteAsync(CurrentUser, "subnets", s.Id));
        await LoadAsync();
    }

    private async Task ConfirmAndRunAsync(string title, string name, Func<Task> action)
    {
        await Dialogs.RunAsync(Snackbar, title, $"You have selected: {name}. Please confirm your selection. This action cannot be undone.", "Delete", action, $"Deleted {name}.");
        await LoadAsync();
    }

    /// <summary>Whether the policy lets the signed-in user do <paramref name="rule"/> to a resource of <paramref name="projectId"/>.</summary>
    private bool May(string rule, string projectId) => CurrentUser.Policy.Allows(_caller, rule, Dashboard.Core.Policies.PolicyTarget.OfProject(projectId));

    /// <summary>The subnets the caller may see (<c>get_subnet</c>: not those of another project's external network).</summary>
    private IEnumerable<Subnet> VisibleSubnets() => _network!.Subnets.Where(s => May("get_subnet", s.ProjectId, _network)).OrderBy(s => s.Name);

    private bool May(string rule, string projectId, Network network) => CurrentUser.Policy.Allows(_caller, rule,
        Dashboard.Core.Policies.PolicyTarget.OfProject(projectId).With("network:project_id", network.ProjectId).With("network:shared", _sharedHere));
}
