using Dashboard.Core.Errors;
using Dashboard.Core.Extensions;
using Dashboard.Core.Networking;
using Dashboard.Web.Components.Shared;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace Dashboard.Web.Components.Pages.Project.FloatingIps;

public partial class AllocateFloatingIpDialog
{
    private string? _pool;
    private string _description = "";
    private List<Network> _pools = [];
    private string? _error;
    private string? _poolError;

    [CascadingParameter] private IMudDialogInstance MudDialog { get; set; } = default!;

    [Parameter, EditorRequired] public required Caller Caller { get; set; }

    protected override async Task ReadAsync()
    {
        _pools = (await NetworkService.ListAsync(Caller.ProjectId)).Where(n => n.External).ToList();
        _pool = _pools.FirstOrDefault()?.Id;
    }

    private async Task AllocateAsync()
    {
        (_error, _poolError) = (null, null);
        if (_pool is null)
        {
            _poolError = "Choose a pool.";
            return;
        }
        Busy = true;
        try
        {
            var body = new System.Text.Json.Nodes.JsonObject { ["floating_network_id"] = _pool, ["description"] = _description.Trim() };
            var view = await Operations.CreateAsync(Caller, "floatingips", body, default);
            MudDialog.Close(DialogResult.Ok(await FloatingIps.GetAsync(view["id"]!.GetValue<string>())));
        }
        catch (InvalidInputException e) when (e.Attribute is "floating_network_id")
        {
            _poolError = ErrorText.Of(e);
        }
        catch (NeutronException e)
        {
            _error = e.Message;
        }
        finally
        {
            Busy = false;
        }
    }
}
