using Dashboard.Core.Errors;
using Dashboard.Core.Extensions;
using Dashboard.Core.Networking;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace Dashboard.Web.Components.Pages.Project.Networks;

public partial class EditNetworkDialog
{
    private string _name = "";
    private bool _adminStateUp;
    private bool _shared;
    private bool _external;
    private string? _error;
    private bool _busy;

    [CascadingParameter] private IMudDialogInstance MudDialog { get; set; } = default!;

    [Parameter, EditorRequired] public required Network Network { get; set; }

    [Parameter, EditorRequired] public required Caller Caller { get; set; }

    protected override void OnInitialized() => (_name, _adminStateUp, _shared, _external) = (Network.Name, Network.AdminStateUp, Network.Shared, Network.External);

    private async Task SaveAsync()
    {
        _busy = true;
        try
        {
            // The API's path: the attribute map checks the values, the policy who may change them (shared and external only when changed).
            var body = new System.Text.Json.Nodes.JsonObject { ["name"] = _name.Trim(), ["admin_state_up"] = _adminStateUp };
            if (_shared != Network.Shared)
            {
                body["shared"] = _shared;
            }
            if (_external != Network.External)
            {
                body["router:external"] = _external;
            }
            await Operations.UpdateAsync(Caller, "networks", Network.Id, body, Network.RevisionNumber, default);
            MudDialog.Close(DialogResult.Ok(await NetworkService.GetAsync(Network.Id)));
        }
        catch (RevisionMismatchException)
        {
            _error = "Someone changed this network meanwhile. Close this dialog and open it again to see the current values.";
        }
        catch (NeutronException e)
        {
            _error = e is InvalidInputException invalid ? invalid.Reason : e.Message;
        }
        finally
        {
            _busy = false;
        }
    }
}
