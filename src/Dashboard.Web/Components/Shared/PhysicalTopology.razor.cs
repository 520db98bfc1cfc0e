using Dashboard.Core.Hosts;
using Dashboard.Web.Components.Shared;
using Dashboard.Web.Topology;
using Microsoft.AspNetCore.Components;

namespace Dashboard.Web.Components.Shared;

public partial class PhysicalTopology
{
    private Diagram? _diagram;
    private double _zoom = 1;
    private LiveRefresh? _live;

    /// <summary>The hosts to draw; null for every compute node.</summary>
    [Parameter] public IReadOnlyList<string>? Hosts { get; set; }
    [Parameter] public IReadOnlySet<string>? Highlighted { get; set; }
    [Parameter] public string Title { get; set; } = "Physical topology";
    [Parameter] public int MaxVifsPerHost { get; set; } = int.MaxValue;
    [Parameter] public string MaxHeight { get; set; } = "70vh";
    [Parameter] public EventCallback<string> OnSelect { get; set; }

    protected override void OnInitialized() =>
        _live = new LiveRefresh(Events, LiveRefresh.AffectsTopology, InvokeAsync, async () => { await LoadAsync(); StateHasChanged(); }, Logger);

    protected override Task OnParametersSetAsync() => LoadAsync();

    private async Task LoadAsync()
    {
        var nodes = await Nodes.ListAsync();
        var names = Hosts ?? nodes.Select(n => n.Name).ToList();
        var layouts = new List<HostLayout>();
        foreach (var host in names.Where(h => nodes.Any(n => n.Name == h)))
        {
            layouts.Add(await Nodes.LayoutAsync(host));
        }
        var instances = (await Instances.ListAsync()).ToDictionary(i => i.Id, i => i.Name);
        var alive = nodes.Where(Liveness.IsAlive).Select(n => n.Name).ToHashSet();
        _diagram = PhysicalLayout.Build(layouts, instances, alive, MaxVifsPerHost);
    }

    private Task SelectAsync(string key) => OnSelect.InvokeAsync(key);

    public void Dispose() => _live?.Dispose();
}
