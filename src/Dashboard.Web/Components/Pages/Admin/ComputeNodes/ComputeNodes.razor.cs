using Dashboard.Core.Overview;
using Dashboard.Web.Components.Shared;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace Dashboard.Web.Components.Pages.Admin.ComputeNodes;

public partial class ComputeNodes
{
    private List<HostSummary>? _hosts;
    private Dictionary<string, DateTime?> _heartbeats = [];
    private LiveRefresh? _live;

    protected override Task OnInitializedAsync()
    {
        _live = new LiveRefresh(Events, LiveRefresh.AffectsTopology, InvokeAsync, async () => { await LoadAsync(); StateHasChanged(); }, Logger);
        return LoadAsync();
    }

    public void Dispose() => _live?.Dispose();

    /// <summary>A click on a host (or anything in it) opens that host's page.</summary>
    private void OpenHost(string key) => Navigation.NavigateTo($"admin/compute-nodes/{Uri.EscapeDataString(key.Split('/')[0])}");

    private async Task LoadAsync()
    {
        _hosts = await Summary.HostsAsync();
        _heartbeats = (await Nodes.ListAsync()).ToDictionary(n => n.Name, n => n.LastHeartbeatAt);
    }

    /// <summary>A stopped agent is dead at once; otherwise alive while its last report is younger than agent_down_time.</summary>
    private bool Alive(string host) => Liveness.IsAlive(host, _heartbeats.GetValueOrDefault(host));

    private async Task StopAsync(string host)
    {
        await Agents.StopAgentAsync(host);
        Snackbar.Add($"Stopped the agent on {host}: its ports are DOWN.", Severity.Warning);
        await LoadAsync();
    }

    private async Task StartAsync(string host)
    {
        await Agents.StartAgentAsync(host);
        Snackbar.Add($"Started the agent on {host}: its ports are being rewired.", Severity.Success);
        await LoadAsync();
    }

    private async Task SetEnabledAsync(string host, bool enabled)
    {
        await Nodes.SetEnabledAsync(host, enabled);
        Snackbar.Add($"{host} {(enabled ? "enabled" : "disabled")}: {(enabled ? "new instances may be scheduled on it" : "no new port binds to it")}.", Severity.Info);
        await LoadAsync();
    }
}
