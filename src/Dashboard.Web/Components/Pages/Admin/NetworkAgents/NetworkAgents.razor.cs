using Dashboard.Core.Agents;
using Dashboard.Core.Errors;
using Dashboard.Core.Events;
using Dashboard.Core.Networking;
using Dashboard.Core.Routers;
using Dashboard.Web.Components.Shared;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace Dashboard.Web.Components.Pages.Admin.NetworkAgents;

/// <summary>
/// Admin &gt; Network Agents, Horizon's System Information tab: every agent of every host with its
/// liveness; per L3 agent its routers, per DHCP agent its networks, and an admin's actions (enable or
/// disable, stop or start the agent as a failure drill, take a router or network off an agent, put an
/// unscheduled router on one).
/// </summary>
public partial class NetworkAgents : IDisposable
{
    private List<AgentInfo>? _agents;
    private Dictionary<string, int> _loads = [];
    private List<Router> _routers = [];
    private Dictionary<string, List<string>> _dhcpNetworks = [];
    private Dictionary<string, string> _networkNames = [];
    private LiveRefresh? _live;

    [Inject] private AgentService Agents { get; set; } = default!;
    [Inject] private SimulatedAgents Simulated { get; set; } = default!;
    [Inject] private RouterService Routers { get; set; } = default!;
    [Inject] private NetworkService Networks { get; set; } = default!;
    [Inject] private INetworkEvents Events { get; set; } = default!;
    [Inject] private ISnackbar Snackbar { get; set; } = default!;

    protected override Task OnInitializedAsync()
    {
        _live = new LiveRefresh(Events, Relevant, InvokeAsync, async () => { await LoadAsync(); StateHasChanged(); });
        return LoadAsync();
    }

    public void Dispose() => _live?.Dispose();

    private static bool Relevant(NetworkEvent change) =>
        change is AgentStateChanged || change is ResourceChanged { Resource: "router" or "network" or "compute_node" } || change is PortStatusChanged { NewStatus: "DELETED" } or PortStatusChanged { OldStatus: null };

    private async Task LoadAsync()
    {
        var agents = await Agents.ListAsync();
        _loads = await Agents.LoadsAsync(agents);
        _routers = await Routers.ListAsync();
        _networkNames = (await Networks.ListAsync()).ToDictionary(n => n.Id, n => n.Name);
        _dhcpNetworks = [];
        foreach (var agent in agents.Where(a => a.AgentType == AgentTypes.Dhcp))
        {
            _dhcpNetworks[agent.Id] = await Agents.NetworksOfAgentAsync(agent.Id);
        }
        _agents = agents;
    }

    private string Carries(AgentInfo agent) => agent.AgentType switch
    {
        AgentTypes.L3 => $"{_loads.GetValueOrDefault(agent.Id)} routers",
        AgentTypes.Dhcp => $"{_loads.GetValueOrDefault(agent.Id)} networks",
        _ => $"{_loads.GetValueOrDefault(agent.Id)} ports",
    };

    private Task ToggleAdminAsync(AgentInfo agent) =>
        RunAsync(() => Agents.UpdateAsync(agent.Id, !agent.AdminStateUp, null), $"{agent.Binary} on {agent.Host} {(agent.AdminStateUp ? "disabled: nothing new is scheduled to it" : "enabled")}.");

    private Task StopAsync(AgentInfo agent) =>
        RunAsync(() => Simulated.StopAgentAsync(agent.Host, agent.AgentType), $"Stopped the {agent.AgentType} on {agent.Host}: what it wires is DOWN.", Severity.Warning);

    private Task StartAsync(AgentInfo agent) =>
        RunAsync(() => Simulated.StartAgentAsync(agent.Host, agent.AgentType), $"Started the {agent.AgentType} on {agent.Host}: it is rewiring.");

    private Task ScheduleRouterAsync(AgentInfo agent, Router router) =>
        RunAsync(() => Agents.AddRouterAsync(agent.Id, router.Id), $"Router {router.Name} added to the L3 agent on {agent.Host}.");

    private Task UnscheduleRouterAsync(AgentInfo agent, Router router) =>
        RunAsync(() => Agents.RemoveRouterAsync(agent.Id, router.Id), $"Router {router.Name} removed from the L3 agent on {agent.Host}: it is not hosted anywhere now.", Severity.Warning);

    private Task UnscheduleNetworkAsync(AgentInfo agent, string networkId) =>
        RunAsync(() => Agents.RemoveNetworkAsync(agent.Id, networkId), $"Network {_networkNames.GetValueOrDefault(networkId, networkId)} removed from the DHCP agent on {agent.Host}.", Severity.Warning);

    private async Task RunAsync(Func<Task> action, string done, Severity severity = Severity.Success)
    {
        try
        {
            await action();
            Snackbar.Add(done, severity);
        }
        catch (NeutronException e)
        {
            Snackbar.Add(e.Message, Severity.Error);
        }
        await LoadAsync();
    }
}
