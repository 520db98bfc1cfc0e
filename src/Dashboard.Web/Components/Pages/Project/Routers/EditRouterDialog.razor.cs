using System.Text.Json.Nodes;
using Dashboard.Core.Errors;
using Dashboard.Core.Extensions;
using Dashboard.Web.Components.Shared;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace Dashboard.Web.Components.Pages.Project.Routers;

public partial class EditRouterDialog
{
    private string _name = "";
    private bool _adminStateUp;
    private string? _nameError;
    private string? _error;
    private bool _busy;

    [CascadingParameter] private IMudDialogInstance MudDialog { get; set; } = default!;

    [Parameter, EditorRequired] public required Caller Caller { get; set; }

    [Parameter, EditorRequired] public required Dashboard.Core.Routers.Router Router { get; set; }

    protected override void OnInitialized() => (_name, _adminStateUp) = (Router.Name, Router.AdminStateUp);

    private async Task SaveAsync()
    {
        (_busy, _error, _nameError) = (true, null, null);
        try
        {
            await Operations.UpdateAsync(Caller, "routers", Router.Id, new JsonObject { ["name"] = _name.Trim(), ["admin_state_up"] = _adminStateUp }, null, default);
            MudDialog.Close(DialogResult.Ok(true));
        }
        catch (InvalidInputException e) when (e.Attribute == "name")
        {
            _nameError = ErrorText.Of(e);
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
