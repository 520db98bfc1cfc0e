using Dashboard.Core.Errors;
using Dashboard.Core.Hosts;
using Dashboard.Web.Components.Shared;
using Microsoft.AspNetCore.Components;

namespace Dashboard.Web.Components.Pages.Admin.ComputeNodes;

public partial class ComputeNodeDetail
{
    private HostLayout? _layout;
    private Dictionary<string, string> _instanceNames = [];
    private bool _notFound;
    private Dashboard.Core.Dataplane.HostDataplane? _plane;
    private LiveRefresh? _live;
    private LiveRefresh? _switchCaughtUp;
    private Dashboard.Core.Ovs.RealSwitchView? _real;

    protected override void OnInitialized()
    {
        // The model's views re-read on model changes; the real switch only once the agent has acted on
        // them (reading it on the change itself would catch it half-way and flag a passing difference).
        _live = new LiveRefresh(Events, LiveRefresh.AffectsTopology, InvokeAsync, async () => { await LoadAsync(readSwitch: false); StateHasChanged(); }, Logger);
        _switchCaughtUp = new LiveRefresh(Events, change => change is Dashboard.Core.Events.SwitchReconciled done && done.Host == Host,
            InvokeAsync, async () => { await ReadSwitchAsync(); StateHasChanged(); }, Logger);
    }

    public void Dispose()
    {
        _live?.Dispose();
        _switchCaughtUp?.Dispose();
    }

    [Parameter] public string Host { get; set; } = "";

    private async Task ReadSwitchAsync() => _real = await RealSwitch.InspectAsync(Host);

    protected override Task OnParametersSetAsync() => LoadAsync(readSwitch: true);

    private async Task LoadAsync(bool readSwitch)
    {
        try
        {
            _plane = await Dataplane.ForHostAsync(Host);
            _layout = _plane.Layout;
            _instanceNames = (await Instances.ListAsync()).Where(i => i.HostName == Host).ToDictionary(i => i.Id, i => i.Name);
            if (readSwitch)
            {
                await ReadSwitchAsync();
            }
        }
        catch (NotFoundException)
        {
            _notFound = true;
        }
    }
}
