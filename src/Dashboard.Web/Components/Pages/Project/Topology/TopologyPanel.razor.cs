using Dashboard.Core.Extensions;
using Dashboard.Core.Hosts;
using Dashboard.Core.Networking;
using Dashboard.Core.Overview;
using Dashboard.Core.Policies;
using Dashboard.Core.Routers;
using Dashboard.Web.Components.Pages.Project.Routers;
using Dashboard.Web.Components.Shared;
using Dashboard.Web.Topology;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace Dashboard.Web.Components.Pages.Project.Topology;

public partial class TopologyPanel
{
    [Parameter, EditorRequired] public LogicalDiagram Layout { get; set; } = null!;
    [Parameter, EditorRequired] public string SelectedKey { get; set; } = "";
    [Parameter, EditorRequired] public Caller Caller { get; set; } = null!;
    [Parameter] public EventCallback OnClose { get; set; }
    [Parameter] public EventCallback<string> OnToggleGroup { get; set; }
    [Parameter] public EventCallback OnChanged { get; set; }

    private string Heading =>
        Layout.Networks.GetValueOrDefault(SelectedKey) is { } n ? $"Network {Label(n.Name, n.Id)}"
        : Layout.Devices.GetValueOrDefault(SelectedKey) is { } d ? $"{(d.Kind == TopologyDevice.Router ? "Router" : "Instance")} {Label(d.Name, d.Id)}"
        : "Instances";

    private bool May(string rule, string projectId) => Policy.Allows(Caller, rule, PolicyTarget.OfProject(projectId));

    private string NetworkName(string id) => Layout.Networks.GetValueOrDefault(LogicalDiagram.NetworkKey(id)) is { } n ? Label(n.Name, n.Id) : id[..8];

    private static string Label(string name, string id) => name.Length > 0 ? name : id[..8];

    private async Task DeleteNetworkAsync(TopologyNetwork network)
    {
        if (await Dialogs.RunAsync(Snackbar, "Delete Network", $"Delete network {Label(network.Name, network.Id)}?", "Delete", () => Operations.DeleteAsync(Caller, "networks", network.Id, null, default), $"Deleted network {Label(network.Name, network.Id)}."))
        {
            await OnChanged.InvokeAsync();
        }
    }

    private async Task DeleteRouterAsync(TopologyDevice router)
    {
        if (await Dialogs.RunAsync(Snackbar, "Delete Router", $"Delete router {Label(router.Name, router.Id)}?", "Delete", () => Operations.DeleteAsync(Caller, "routers", router.Id, null, default), $"Deleted router {Label(router.Name, router.Id)}."))
        {
            await OnChanged.InvokeAsync();
        }
    }

    private async Task DeleteInstanceAsync(TopologyDevice instance)
    {
        if (await Dialogs.RunAsync(Snackbar, "Delete Instance", $"Delete instance {Label(instance.Name, instance.Id)}?", "Delete", () => { Policy.Enforce(Caller, "delete_port", PolicyTarget.OfProject(instance.ProjectId)); return InstanceService.DeleteAsync(instance.Id); }, $"Deleted instance {Label(instance.Name, instance.Id)}."))
        {
            await OnChanged.InvokeAsync();
        }
    }

    private async Task AddInterfaceAsync(TopologyDevice router)
    {
        var dialog = await Dialogs.ShowAsync<AddInterfaceDialog>("Add Interface",
            new DialogParameters<AddInterfaceDialog> { { d => d.RouterId, router.Id }, { d => d.Caller, Caller } },
            new DialogOptions { MaxWidth = MaxWidth.Small, FullWidth = true });
        if (await dialog.Result is { Canceled: false })
        {
            Snackbar.Add("Added the interface.", Severity.Success);
            await OnChanged.InvokeAsync();
        }
    }
}
