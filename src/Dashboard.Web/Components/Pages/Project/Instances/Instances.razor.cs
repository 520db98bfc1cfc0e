using Dashboard.Core.Extensions;
using Dashboard.Core.Hosts;
using Dashboard.Core.Policies;
using Dashboard.Web.Account;
using Dashboard.Web.Components.Shared;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace Dashboard.Web.Components.Pages.Project.Instances;

public partial class Instances
{
    private List<Instance>? _instances;
    private Dictionary<string, List<string>> _addresses = [];
    private Caller _caller = default!;

    /// <summary>Where instances run is the cloud's, not the tenant's (Nova's default policy): the Host column as the policy allows.</summary>
    private bool _showsHosts;

    protected override async Task OnInitializedAsync()
    {
        _caller = await CurrentUser.CallerAsync();
        _showsHosts = CurrentUser.Policy.Allows(_caller, Dashboard.Core.Policies.DashboardPolicies.HostDetails);
        await LoadAsync();
    }

    private async Task LoadAsync()
    {
        _instances = await InstanceService.ListAsync(_caller.ProjectId);
        var ids = _instances.Select(i => i.Id).ToHashSet();
        // As Horizon lists them: the fixed addresses, then the floating IPs mapped to them.
        var floating = (await FloatingIps.ListAsync(_caller.ProjectId)).Where(f => f.PortId is not null).ToLookup(f => f.PortId!, f => $"{f.FloatingIpAddress} (floating)");
        _addresses = (await Ports.ListOfProjectAsync(_caller.ProjectId)).Where(p => ids.Contains(p.DeviceId))
            .GroupBy(p => p.DeviceId).ToDictionary(g => g.Key, g => g.SelectMany(p => p.FixedIps.Select(f => f.IpAddress)).Concat(g.SelectMany(p => floating[p.Id])).ToList());
    }

    private async Task LaunchAsync()
    {
        var dialog = await Dialogs.ShowAsync<LaunchInstanceDialog>("Launch Instance", new DialogParameters<LaunchInstanceDialog> { { d => d.Caller, _caller } },
            new DialogOptions { MaxWidth = MaxWidth.Small, FullWidth = true });
        if (await dialog.Result is { Canceled: false, Data: Instance launched })
        {
            Snackbar.Add($"Launched {launched.Name} on {launched.HostName}.", Severity.Success);
            await LoadAsync();
        }
    }

    private async Task AssociateFloatingIpAsync(Instance instance)
    {
        var dialog = await Dialogs.ShowAsync<Dashboard.Web.Components.Pages.Project.FloatingIps.AssociateFloatingIpDialog>("Manage Floating IP Associations",
            new DialogParameters<Dashboard.Web.Components.Pages.Project.FloatingIps.AssociateFloatingIpDialog> { { d => d.Caller, _caller }, { d => d.InstanceId, instance.Id } },
            new DialogOptions { MaxWidth = MaxWidth.Small, FullWidth = true });
        if (await dialog.Result is { Canceled: false, Data: Dashboard.Core.Routers.FloatingIp associated })
        {
            Snackbar.Add($"Floating IP {associated.FloatingIpAddress} associated with {instance.Name}.", Severity.Success);
            await LoadAsync();
        }
    }

    private async Task DeleteSelectedAsync(IReadOnlyList<Instance> instances)
    {
        await Dialogs.RunEachAsync(Snackbar, ("Delete", "Deleted"), "instance", instances, i => i.Name, async i =>
        {
            await CurrentUser.EnforceAsync("delete_port", Dashboard.Core.Policies.PolicyTarget.OfProject(i.ProjectId));
            await InstanceService.DeleteAsync(i.Id);
        });
        await LoadAsync();
    }

    private async Task DeleteAsync(Instance instance)
    {
        await Dialogs.RunAsync(Snackbar, "Delete Instance", $"You have selected: {instance.Name}. Its ports are deleted with it.", "Delete", async () =>
        {
            await CurrentUser.EnforceAsync("delete_port", Dashboard.Core.Policies.PolicyTarget.OfProject(instance.ProjectId));
            await InstanceService.DeleteAsync(instance.Id);
        }, $"Deleted {instance.Name}.");
        await LoadAsync();
    }

    /// <summary>Whether the policy lets the signed-in user do <paramref name="rule"/> to a resource of <paramref name="projectId"/>.</summary>
    private bool May(string rule, string projectId) => CurrentUser.Policy.Allows(_caller, rule, Dashboard.Core.Policies.PolicyTarget.OfProject(projectId));
}
