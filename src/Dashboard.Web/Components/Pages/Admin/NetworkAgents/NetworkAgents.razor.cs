using Dashboard.Web.Account;
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
    [Inject] private CurrentUser CurrentUser { get; set; } = default!;
    [Inject] private ILogger<NetworkAgents> Logger { get; set; } = default!;
    [Inject] private SimulatedAgents Simulated { get; set; } = default!;
    [Inject] private RouterService Routers { get; set; } = default!;
    [Inject] private NetworkService Networks { get; set; } = default!;
    [Inject] private INetworkEvents Events { get; set; } = default!;
    [Inject] private ISnackbar Snackbar { get; set; } = default!;
    [Inject] private IDialogService Dialogs { get; set; } = default!;

    protected override Task OnInitializedAsync()
    {
        _live = new LiveRefresh(Events, Relevant, InvokeAsync, async () => { await LoadAsync(); StateHasChanged(); }, Logger);
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
        _networkNames = await Networks.NamesAsync();
        _dhcpNetworks = [];
        foreach (var agent in agents.Where(a => a.AgentType == AgentTypes.Dhcp))
        {
            _dhcpNetworks[agent.Id] = await Agents.NetworksOfAgentAsync(agent.Id);
        }
        _agents = agents;
    }

    private string Carries(AgentInfo agent) => agent.AgentType switch
    {
        AgentTypes.L3 => Count(_loads.GetValueOrDefault(agent.Id), "router"),
        AgentTypes.Dhcp => Count(_loads.GetValueOrDefault(agent.Id), "network"),
        _ => Count(_loads.GetValueOrDefault(agent.Id), "port"),
    };

    private static string Count(int n, string what) => $"{n} {what}{(n == 1 ? "" : "s")}";

    private Task ToggleAdminAsync(AgentInfo agent) =>
        RunAsync("update_agent", () => Agents.UpdateAsync(agent.Id, !agent.AdminStateUp, null), $"{agent.Binary} on {agent.Host} {(agent.AdminStateUp ? "disabled: nothing new is scheduled to it" : "enabled")}.");

    private Task StopAsync(AgentInfo agent) =>
        RunAsync("update_agent", () => Simulated.StopAgentAsync(agent.Host, agent.AgentType), $"Stopped the {agent.AgentType} on {agent.Host}: what it wires is DOWN.", Severity.Warning);

    private Task StartAsync(AgentInfo agent) =>
        RunAsync("update_agent", () => Simulated.StartAgentAsync(agent.Host, agent.AgentType), $"Started the {agent.AgentType} on {agent.Host}: it is rewiring.");

    private Task ScheduleRouterAsync(AgentInfo agent, Router router) =>
        RunAsync("create_l3-router", () => Agents.AddRouterAsync(agent.Id, router.Id), $"Router {router.Name} added to the L3 agent on {agent.Host}.");

    private async Task UnscheduleRouterAsync(AgentInfo agent, Router router)
    {
        await Dialogs.RunAsync(Snackbar, "Remove Router From Agent", $"Remove router {router.Name} from the L3 agent on {agent.Host}? It forwards nothing until it is added to an L3 agent again.", "Remove",
            async () => { await CurrentUser.EnforceAsync("delete_l3-router"); await Agents.RemoveRouterAsync(agent.Id, router.Id); }, $"Router {router.Name} removed from the L3 agent on {agent.Host}: it is not hosted anywhere now.");
        await LoadAsync();
    }

    private async Task UnscheduleNetworkAsync(AgentInfo agent, string networkId)
    {
        var name = _networkNames.GetValueOrDefault(networkId, networkId);
        await Dialogs.RunAsync(Snackbar, "Remove Network From Agent", $"Remove network {name} from the DHCP agent on {agent.Host}? Its DHCP port there is deleted.", "Remove",
            async () => { await CurrentUser.EnforceAsync("delete_dhcp-network"); await Agents.RemoveNetworkAsync(agent.Id, networkId); }, $"Network {name} removed from the DHCP agent on {agent.Host}.");
        await LoadAsync();
    }

    /// <summary>Runs an operator's action if the policy rule allows it (refused: said in the snackbar).</summary>
    private Task RunAsync(string rule, Func<Task> action, string done, Severity severity = Severity.Success) =>
        RunAsync(async () => { await CurrentUser.EnforceAsync(rule); await action(); }, done, severity);

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
