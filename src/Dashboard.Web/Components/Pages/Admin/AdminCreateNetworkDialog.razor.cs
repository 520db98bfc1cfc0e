using Dashboard.Core.Errors;
using Dashboard.Core.Identity;
using Dashboard.Core.Networking;
using Dashboard.Core.Segmentation;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace Dashboard.Web.Components.Pages.Admin;

using Project = Dashboard.Core.Identity.Project;

public partial class AdminCreateNetworkDialog
{
    private string _name = "";
    private string? _projectId;
    private string _type = NetworkTypes.Vlan;
    private string _physnet = "";
    private long? _segmentationId;
    private bool _adminStateUp = true;
    private bool _shared;
    private bool _external;
    private List<Project> _projects = [];
    private string? _error;
    private string? _field;
    private string? _fieldError;

    [CascadingParameter] private IMudDialogInstance MudDialog { get; set; } = default!;

    private IEnumerable<string> Physnets => Ranges.VlanRanges.Select(p => p.Key).Concat(Ranges.FlatNetworks).Distinct();

    private static string Label(string type) => type switch { "vlan" => "VLAN", "vxlan" => "VXLAN", "gre" => "GRE", "flat" => "Flat", _ => "Local" };

    protected override async Task ReadAsync() => _projects = await Identity.ListProjectsAsync();

    private async Task CreateAsync()
    {
        (_field, _fieldError, _error) = (null, null, null);
        if (_projectId is null)
        {
            (_field, _fieldError) = ("project", "Choose a project.");
            return;
        }
        Busy = true;
        try
        {
            // The API's request: the attribute map checks each value, the policy who may set them, the type driver the rest.
            var body = new System.Text.Json.Nodes.JsonObject
            {
                ["name"] = _name.Trim(),
                ["project_id"] = _projectId,
                ["admin_state_up"] = _adminStateUp,
                ["shared"] = _shared,
                ["router:external"] = _external,
                ["provider:network_type"] = _type,
            };
            if (_type is NetworkTypes.Flat or NetworkTypes.Vlan && !string.IsNullOrWhiteSpace(_physnet))
            {
                body["provider:physical_network"] = _physnet.Trim();
            }
            if (_type is NetworkTypes.Vlan or NetworkTypes.Vxlan or NetworkTypes.Gre && _segmentationId is { } id)
            {
                body["provider:segmentation_id"] = id;
            }
            var view = await Operations.CreateAsync(await CurrentUser.CallerAsync(), "networks", body, default);
            MudDialog.Close(DialogResult.Ok(await NetworkService.GetAsync(view["id"]!.GetValue<string>())));
        }
        catch (NeutronException e)
        {
            (_field, _fieldError) = e switch
            {
                { Type: "VlanIdInUse" or "TunnelIdInUse" } => ("provider:segmentation_id", e.Message),
                { Type: "FlatNetworkInUse" } => ("provider:physical_network", e.Message),
                InvalidInputException { Attribute: "name" or "provider:physical_network" or "provider:segmentation_id" } invalid => (invalid.Attribute, invalid.Reason),
                _ => (null, null),
            };
            _error = _field is null ? e.Message : null;
        }
        finally
        {
            Busy = false;
        }
    }
}
