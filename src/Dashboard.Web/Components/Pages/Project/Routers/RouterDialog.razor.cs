using System.Text.Json.Nodes;
using Dashboard.Core.Errors;
using Dashboard.Core.Extensions;
using Dashboard.Core.Networking;
using Dashboard.Core.Routers;
using Dashboard.Web.Components.Shared;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace Dashboard.Web.Components.Pages.Project.Routers;

public partial class RouterDialog
{
    private string _name = "";
    private bool _adminStateUp = true;
    private string? _externalNetwork;
    private string? _projectId;
    private string? _projectError;
    private List<Network> _externals = [];
    private List<string> _zones = [];
    private IReadOnlyCollection<string> _zoneHints = [];
    private string? _error;

    [Inject] private Dashboard.Core.Agents.AvailabilityZones AvailabilityZones { get; set; } = default!;

    [CascadingParameter] private IMudDialogInstance MudDialog { get; set; } = default!;

    [Parameter, EditorRequired] public required Caller Caller { get; set; }

    [Parameter] public Dashboard.Core.Routers.Router? Existing { get; set; }

    /// <summary>Admin &gt; Routers &gt; Create Router: the projects (ID to name) the router may be created for.</summary>
    [Parameter] public IReadOnlyDictionary<string, string>? Projects { get; set; }

    protected override async Task ReadAsync()
    {
        _externals = (await NetworkService.ListAsync(Caller.ProjectId)).Where(n => n.External).ToList();
        _zones = await AvailabilityZoneHints.OfAsync(AvailabilityZones, Dashboard.Core.Agents.AvailabilityZone.Router);
    }

    private JsonObject CreateBody(JsonNode? gateway)
    {
        var body = new JsonObject { ["name"] = _name.Trim(), ["admin_state_up"] = _adminStateUp, ["external_gateway_info"] = gateway };
        if (_projectId is not null)
        {
            body["project_id"] = _projectId;
        }
        if (_zoneHints.Count > 0)
        {
            body["availability_zone_hints"] = new JsonArray(_zoneHints.Select(z => (JsonNode?)z).ToArray());
        }
        return body;
    }

    private async Task SaveAsync()
    {
        if (Existing is not null && _externalNetwork is null)
        {
            _error = "Choose an external network.";
            return;
        }
        _projectError = Projects is not null && Existing is null && _projectId is null ? "Choose the project the router is for." : null;
        if (_projectError is not null)
        {
            return;
        }
        Busy = true;
        try
        {
            // The API's request, checked by the attribute map and the policy as the API checks it.
            JsonNode? gateway = _externalNetwork is null ? null : new JsonObject { ["network_id"] = _externalNetwork };
            var view = Existing is null
                ? await Operations.CreateAsync(Caller, "routers", CreateBody(gateway), default)
                : await Operations.UpdateAsync(Caller, "routers", Existing.Id, new JsonObject { ["external_gateway_info"] = gateway }, null, default);
            MudDialog.Close(DialogResult.Ok(await Routers.GetAsync(view["id"]!.GetValue<string>())));
        }
        catch (NeutronException e)
        {
            _error = ErrorText.Of(e);
        }
        finally
        {
            Busy = false;
        }
    }
}
