using Dashboard.Core.Events;
using Microsoft.AspNetCore.Components;

namespace Dashboard.Web.Components.Shared;

/// <summary>
/// Drop-in for a page: calls <see cref="OnChange"/> when a committed change to one of
/// <see cref="Resources"/> (or a port's status, or an agent) is pushed, so tables stay current without
/// polling or a reload. Renders nothing; unsubscribes with the page.
/// </summary>
public sealed class LiveUpdates : ComponentBase, IDisposable
{
    private LiveRefresh? _live;

    [Inject] private INetworkEvents Events { get; set; } = default!;
    [Inject] private ILogger<LiveUpdates> Logger { get; set; } = default!;

    /// <summary>Neutron member names (network, subnet, port, router, security_group, security_group_rule) and instance, compute_node.</summary>
    [Parameter] public IReadOnlyCollection<string> Resources { get; set; } = [];

    /// <summary>Also on port status changes and agents stopping or starting.</summary>
    [Parameter] public bool PortStatus { get; set; }

    [Parameter] public EventCallback OnChange { get; set; }

    protected override void OnInitialized() =>
        _live = new LiveRefresh(Events, Relevant, InvokeAsync, () => OnChange.InvokeAsync(), Logger);

    private bool Relevant(NetworkEvent change) => change switch
    {
        ResourceChanged r => Resources.Contains(r.Resource),
        PortStatusChanged or AgentStateChanged => PortStatus,
        _ => false,
    };

    public void Dispose() => _live?.Dispose();
}
