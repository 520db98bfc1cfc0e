using Dashboard.Core.Extensions;
using Dashboard.Core.Hosts;
using Dashboard.Core.Networking;
using Dashboard.Core.Quotas;
using Dashboard.Core.Routers;
using Dashboard.Web.Account;
using Dashboard.Web.Components.Shared;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace Dashboard.Web.Components.Pages.Project.FloatingIps;

/// <summary>Project &gt; Floating IPs, as Horizon's: allocate from a pool, associate with a port, disassociate, release.</summary>
public partial class FloatingIps
{
    private List<Row>? _rows;
    private (long Limit, long Used)? _quota;
    private bool _quotaExceeded;
    private bool _mayCreate;
    private Caller _caller = default!;

    [Inject] private FloatingIpService FloatingIpService { get; set; } = default!;
    [Inject] private ResourceOperations Operations { get; set; } = default!;
    [Inject] private NetworkService Networks { get; set; } = default!;
    [Inject] private PortService Ports { get; set; } = default!;
    [Inject] private InstanceService Instances { get; set; } = default!;
    [Inject] private QuotaService Quotas { get; set; } = default!;
    [Inject] private CurrentUser CurrentUser { get; set; } = default!;
    [Inject] private IDialogService Dialogs { get; set; } = default!;
    [Inject] private ISnackbar Snackbar { get; set; } = default!;

    /// <summary>A floating IP with what it maps to ("VM01 10.0.0.3") and its pool's name.</summary>
    private sealed record Row(FloatingIp FloatingIp, string? Mapped, string Pool);

    protected override async Task OnInitializedAsync()
    {
        _caller = await CurrentUser.CallerAsync();
        _mayCreate = CurrentUser.Policy.Allows(_caller, "create_floatingip", Dashboard.Core.Policies.PolicyTarget.OfProject(_caller.ProjectId));
        await LoadAsync();
    }

    private async Task LoadAsync()
    {
        var floatingIps = await FloatingIpService.ListAsync(_caller.ProjectId);
        var networks = (await Networks.ListAsync(_caller.ProjectId)).ToDictionary(n => n.Id, n => n.Name);
        var ports = (await Ports.GetManyAsync(floatingIps.Where(f => f.PortId is not null).Select(f => f.PortId!).ToList())).ToDictionary(p => p.Id);
        var instances = (await Instances.ListAsync(_caller.ProjectId)).ToDictionary(i => i.Id, i => i.Name);
        _rows = floatingIps.Select(f => new Row(f,
            f.PortId is { } portId ? $"{PortLabel.Owner(ports.GetValueOrDefault(portId), instances)} {f.FixedIpAddress}".Trim() : null,
            networks.GetValueOrDefault(f.FloatingNetworkId, f.FloatingNetworkId))).ToList();
        var usage = (await Quotas.GetUsageAsync(_caller.ProjectId))[QuotaResources.FloatingIp];
        _quota = usage;
        _quotaExceeded = usage.Limit >= 0 && usage.Used >= usage.Limit;
    }

    private async Task AllocateAsync()
    {
        var dialog = await Dialogs.ShowAsync<AllocateFloatingIpDialog>("Allocate Floating IP", new DialogParameters<AllocateFloatingIpDialog> { { d => d.Caller, _caller } },
            new DialogOptions { MaxWidth = MaxWidth.Small, FullWidth = true });
        if (await dialog.Result is { Canceled: false, Data: FloatingIp allocated })
        {
            Snackbar.Add($"Allocated floating IP {allocated.FloatingIpAddress}.", Severity.Success);
            await LoadAsync();
        }
    }

    private async Task AssociateAsync(FloatingIp floatingIp)
    {
        var dialog = await Dialogs.ShowAsync<AssociateFloatingIpDialog>("Manage Floating IP Associations",
            new DialogParameters<AssociateFloatingIpDialog> { { d => d.Caller, _caller }, { d => d.FloatingIp, floatingIp } },
            new DialogOptions { MaxWidth = MaxWidth.Small, FullWidth = true });
        if (await dialog.Result is { Canceled: false })
        {
            Snackbar.Add($"Associated floating IP {floatingIp.FloatingIpAddress}.", Severity.Success);
            await LoadAsync();
        }
    }

    private async Task DisassociateAsync(FloatingIp floatingIp)
    {
        await Dialogs.RunAsync(Snackbar, "Disassociate Floating IP", $"You have selected: {floatingIp.FloatingIpAddress}. Please confirm your selection.", "Disassociate",
            async () => await Operations.UpdateAsync(_caller, "floatingips", floatingIp.Id, new System.Text.Json.Nodes.JsonObject { ["port_id"] = null }, null, default), $"Disassociated floating IP {floatingIp.FloatingIpAddress}.");
        await LoadAsync();
    }

    private async Task ReleaseSelectedAsync(IReadOnlyList<Row> rows)
    {
        await Dialogs.RunEachAsync(Snackbar, ("Release", "Released"), "floating IP", rows, r => r.FloatingIp.FloatingIpAddress, r => Operations.DeleteAsync(CurrentUser, "floatingips", r.FloatingIp.Id));
        await LoadAsync();
    }

    private async Task ReleaseAsync(FloatingIp floatingIp)
    {
        await Dialogs.RunAsync(Snackbar, "Release Floating IP", $"You have selected: {floatingIp.FloatingIpAddress}. Please confirm your selection.", "Release",
            () => Operations.DeleteAsync(CurrentUser, "floatingips", floatingIp.Id), $"Released floating IP {floatingIp.FloatingIpAddress}.");
        await LoadAsync();
    }

    /// <summary>Whether the policy lets the signed-in user do <paramref name="rule"/> to a resource of <paramref name="projectId"/>.</summary>
    private bool May(string rule, string projectId) => CurrentUser.Policy.Allows(_caller, rule, Dashboard.Core.Policies.PolicyTarget.OfProject(projectId));
}
