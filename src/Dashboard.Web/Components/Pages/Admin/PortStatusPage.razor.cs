using Dashboard.Core.Events;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Logging;

namespace Dashboard.Web.Components.Pages.Admin;

public partial class PortStatusPage
{
    private const int Kept = 500;
    private readonly LinkedList<PortStatusChanged> _events = new();
    private Dictionary<string, int> _counts = [];
    private Dictionary<string, string> _instances = [];
    private string? _hostFilter;
    private string? _statusFilter;
    private IDisposable? _subscription;

    [Inject] private ILogger<PortStatusPage> Logger { get; set; } = default!;

    /// <summary>The user's settings, cascaded by the layout: times in their zone.</summary>
    [CascadingParameter] private Dashboard.Core.Identity.UserSettings? Settings { get; set; }

    private IEnumerable<PortStatusChanged> Filtered => _events.Where(e =>
        (string.IsNullOrWhiteSpace(_hostFilter) || e.Host.Contains(_hostFilter.Trim(), StringComparison.OrdinalIgnoreCase))
        && (_statusFilter is null || e.NewStatus == _statusFilter));

    protected override async Task OnInitializedAsync()
    {
        _subscription = Events.Subscribe<PortStatusChanged>(change => _ = InvokeAsync(() => RecordAsync(change)));
        _counts = await Ports.CountByStatusAsync();
        _instances = (await Instances.ListAsync()).ToDictionary(i => i.Id, i => i.Name);
    }

    // Runs on the renderer for each announced change; a failed re-read is logged, the feed keeps what it had.
    private async Task RecordAsync(PortStatusChanged change)
    {
        try
        {
            _events.AddFirst(change);
            while (_events.Count > Kept)
            {
                _events.RemoveLast();
            }
            if (change.DeviceId != "" && !_instances.ContainsKey(change.DeviceId))
            {
                _instances = (await Instances.ListAsync()).ToDictionary(i => i.Id, i => i.Name);
            }
            _counts = await Ports.CountByStatusAsync();
            StateHasChanged();
        }
        catch (ObjectDisposedException)
        {
            // The page closed while the change was queued.
        }
        catch (Exception e)
        {
            Logger.LogError(e, "The port status feed could not re-read after a change of port {Port}", change.PortId);
        }
    }

    public void Dispose() => _subscription?.Dispose();
}
