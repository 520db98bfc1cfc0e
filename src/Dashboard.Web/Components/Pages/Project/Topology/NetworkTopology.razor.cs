using Dashboard.Core.Events;
using Dashboard.Core.Extensions;
using Dashboard.Core.Identity;
using Dashboard.Core.Overview;
using Dashboard.Core.Policies;
using Dashboard.Web.Account;
using Dashboard.Web.Components.Pages.Project.Instances;
using Dashboard.Web.Components.Pages.Project.Networks;
using Dashboard.Web.Components.Pages.Project.Routers;
using Dashboard.Web.Components.Shared;
using Dashboard.Web.Topology;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace Dashboard.Web.Components.Pages.Project.Topology;

/// <summary>
/// Project > Network Topology: the logical diagram rendered as SVG on the server, redrawn when a
/// change is pushed (no polling); the layout is deterministic, so a redraw moves nothing that did not change.
/// </summary>
public partial class NetworkTopology
{
    private Caller _caller = new("", "", "", false, []);
    private List<Dashboard.Core.Identity.Project> _projects = [];
    private TopologySnapshot? _snapshot;
    private LogicalDiagram? _layout;
    private Diagram? _graphDiagram;
    private Diagram? _pinnedGraph; // _graphDiagram with the nodes the user dragged where they were put
    private bool _graph;
    private readonly Dictionary<string, (double X, double Y)> _pins = new(StringComparer.Ordinal);
    private string? _selected;
    private string _scope = "";
    private string _filter = "";
    private string _search = "";
    private IReadOnlySet<string> _matches = new HashSet<string>();
    private HashSet<string> _collapsed = [];
    private HashSet<string> _expanded = [];
    private double _zoom = 1;
    private LiveRefresh? _live;
    private bool _allProjects;
    private bool _showHosts;

    [Inject] private TopologyService Topology { get; set; } = default!;
    [Inject] private ILogger<NetworkTopology> Logger { get; set; } = default!;
    [Inject] private IdentityService Identity { get; set; } = default!;
    [Inject] private CurrentUser CurrentUser { get; set; } = default!;
    [Inject] private IDialogService Dialogs { get; set; } = default!;
    [Inject] private INetworkEvents Events { get; set; } = default!;

    protected override async Task OnInitializedAsync()
    {
        _caller = await CurrentUser.CallerAsync();
        _allProjects = CurrentUser.Policy.Allows(_caller, DashboardPolicies.AdminPanel);
        _showHosts = CurrentUser.Policy.Allows(_caller, DashboardPolicies.HostDetails);
        if (_allProjects)
        {
            _projects = (await Identity.ListProjectsAsync()).OrderBy(p => p.Name, StringComparer.Ordinal).ToList();
        }
        _live = new LiveRefresh(Events, LiveRefresh.AffectsTopology, InvokeAsync, async () => { await ReloadAsync(); StateHasChanged(); }, Logger);
        await ReloadAsync();
    }

    public void Dispose() => _live?.Dispose();

    private bool MayCreate(string member) => CurrentUser.Policy.Allows(_caller, $"create_{member}", PolicyTarget.OfProject(_caller.ProjectId));

    private async Task ReloadAsync()
    {
        _snapshot = await Topology.SnapshotAsync(_scope switch { "" => _caller.ProjectId, "*" => null, var id => id });
        Relayout();
    }

    private void Relayout()
    {
        _layout = LogicalLayout.Build(_snapshot!, new LogicalView { Collapsed = _collapsed, Expanded = _expanded, Filter = _filter, ShowHosts = _showHosts });
        _graphDiagram = _graph ? GraphLayout.Build(_layout) : null;
        _pinnedGraph = _graphDiagram is null ? null : GraphLayout.Pinned(_graphDiagram, _pins);
        _matches = LogicalLayout.Search(_layout, _search);
        if (_selected is not null && !_layout.Networks.ContainsKey(_selected) && !_layout.Devices.ContainsKey(_selected) && !_layout.Groups.ContainsKey(_selected))
        {
            _selected = null; // it was deleted or filtered away
        }
    }

    /// <summary>Horizon's two views of the same topology: the normal one (bars and lanes) or the graph; both stay live.</summary>
    private void SetView(bool graph)
    {
        _graph = graph;
        Relayout();
    }

    /// <summary>A node of the graph dragged: it stays where the user put it, through live redraws, until the scope changes.</summary>
    private void Move((string Key, double Dx, double Dy) move)
    {
        if (_graphDiagram is null || _pinnedGraph?.Boxes.FirstOrDefault(b => b.Key == move.Key) is not { } box)
        {
            return;
        }
        _pins[move.Key] = (box.X + move.Dx, box.Y + move.Dy);
        _pinnedGraph = GraphLayout.Pinned(_graphDiagram, _pins);
    }

    private async Task ScopeChangedAsync(string scope)
    {
        _scope = scope;
        _pins.Clear();
        _selected = null;
        await ReloadAsync();
    }

    private void FilterChanged(string? filter)
    {
        _filter = filter ?? "";
        Relayout();
    }

    private void SearchChanged(string? search)
    {
        _search = search ?? "";
        _matches = _layout is null ? new HashSet<string>() : LogicalLayout.Search(_layout, _search);
    }

    private Task SelectAsync(string key)
    {
        _selected = key;
        return Task.CompletedTask;
    }

    /// <summary>Expands a group node, or collapses an expanded network's instances.</summary>
    private void ToggleGroup(string networkId)
    {
        if (_layout!.Groups.ContainsKey(LogicalDiagram.GroupKey(networkId)))
        {
            _collapsed.Remove(networkId);
            _expanded.Add(networkId);
        }
        else
        {
            _expanded.Remove(networkId);
            _collapsed.Add(networkId);
        }
        _selected = LogicalDiagram.NetworkKey(networkId);
        Relayout();
    }

    private void CollapseAll()
    {
        _expanded.Clear();
        _collapsed = _snapshot!.Networks.Select(n => n.Id).ToHashSet();
        Relayout();
    }

    private void ExpandAll()
    {
        _collapsed.Clear();
        _expanded = _snapshot!.Networks.Select(n => n.Id).ToHashSet();
        Relayout();
    }

    private Diagram Shown => _graph && _graphDiagram is not null ? _graphDiagram : _layout!.Diagram; // Fit measures the layout, not where nodes were dragged

    /// <summary>Fit never shrinks the labels below this (11 px text drawn at 8.8 px, 10 px sub-labels at 8 px).</summary>
    public const double MinReadableZoom = 0.8;

    /// <summary>The width Fit aims at: about what the page has beside the navigation.</summary>
    public const double FitWidth = 980;

    /// <summary>
    /// The whole diagram in the frame's width when that keeps the labels readable; otherwise it condenses instead of
    /// shrinking: every network's instances become one group (names on hover, a click expands one), and what is still
    /// wider than the frame is panned by scrolling it, at the smallest readable size.
    /// </summary>
    private void Fit()
    {
        if (_layout is null)
        {
            return;
        }
        if (FitWidth / Shown.Width < MinReadableZoom && _layout.Groups.Count < _snapshot!.Networks.Count)
        {
            CollapseAll();
        }
        _zoom = Math.Clamp(FitWidth / Shown.Width, MinReadableZoom, 1);
    }

    private async Task LaunchAsync()
    {
        var dialog = await Dialogs.ShowAsync<LaunchInstanceDialog>("Launch Instance", new DialogParameters<LaunchInstanceDialog> { { d => d.Caller, _caller } },
            new DialogOptions { MaxWidth = MaxWidth.Small, FullWidth = true });
        await AfterDialogAsync(dialog);
    }

    private async Task CreateNetworkAsync()
    {
        var dialog = await Dialogs.ShowAsync<CreateNetworkDialog>("Create Network", new DialogParameters<CreateNetworkDialog> { { d => d.Caller, _caller } },
            new DialogOptions { MaxWidth = MaxWidth.Medium, FullWidth = true });
        await AfterDialogAsync(dialog);
    }

    private async Task CreateRouterAsync()
    {
        var dialog = await Dialogs.ShowAsync<RouterDialog>("Create Router", new DialogParameters<RouterDialog> { { d => d.Caller, _caller } },
            new DialogOptions { MaxWidth = MaxWidth.Small, FullWidth = true });
        await AfterDialogAsync(dialog);
    }

    private async Task AfterDialogAsync(IDialogReference dialog)
    {
        if (await dialog.Result is { Canceled: false })
        {
            await ReloadAsync();
        }
    }
}
