using System.Text.Json.Nodes;
using Dashboard.Core.Errors;
using Dashboard.Core.Extensions;
using Dashboard.Core.Ipam;
using Dashboard.Web.Components.Shared;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace Dashboard.Web.Components.Pages.Project.Routers;

public partial class StaticRouteDialog
{
    private string _destination = "";
    private string _nexthop = "";
    private string? _routeError;
    private string? _error;
    private bool _busy;

    [CascadingParameter] private IMudDialogInstance MudDialog { get; set; } = default!;

    [Parameter, EditorRequired] public required Caller Caller { get; set; }

    [Parameter, EditorRequired] public required Dashboard.Core.Routers.Router Router { get; set; }

    private async Task AddAsync()
    {
        (_busy, _error, _routeError) = (true, null, null);
        try
        {
            var routes = Router.Routes.Append(new HostRoute(_destination.Trim(), _nexthop.Trim()))
                .Select(r => (JsonNode?)new JsonObject { ["destination"] = r.Destination, ["nexthop"] = r.Nexthop });
            await Operations.UpdateAsync(Caller, "routers", Router.Id, new JsonObject { ["routes"] = new JsonArray(routes.ToArray()) }, null, default);
            MudDialog.Close(DialogResult.Ok(true));
        }
        catch (InvalidInputException e) when (e.Attribute == "routes")
        {
            // What makes a route invalid once each field is well-formed is its next hop (not on the router, the router's
            // own address) or the route as a whole (given twice): said beside the route's last field.
            _routeError = ErrorText.Of(e);
        }
        catch (NeutronException e)
        {
            _error = ErrorText.Of(e);
        }
        finally
        {
            _busy = false;
        }
    }
}
