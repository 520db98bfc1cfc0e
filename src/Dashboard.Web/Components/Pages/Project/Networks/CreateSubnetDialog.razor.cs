using Dashboard.Core.Errors;
using Dashboard.Web.Components.Shared;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace Dashboard.Web.Components.Pages.Project.Networks;

public partial class CreateSubnetDialog
{
    private readonly SubnetForm _form = new();
    private string? _error;
    private string? _field;
    private string? _fieldError;
    private bool _busy;

    [CascadingParameter] private IMudDialogInstance MudDialog { get; set; } = default!;

    [Parameter, EditorRequired] public required string NetworkId { get; set; }

    private async Task CreateAsync()
    {
        var problem = new[] { 1, 2 }.SelectMany(_form.ProblemsOfStep).FirstOrDefault();
        if (problem.Attribute is not null)
        {
            (_field, _fieldError) = (problem.Attribute, problem.Message);
            return;
        }
        _busy = true;
        try
        {
            var view = await Operations.CreateAsync(await CurrentUser.CallerAsync(), "subnets", _form.ToSubnetBody(NetworkId), default);
            MudDialog.Close(DialogResult.Ok(await Subnets.GetAsync(view["id"]!.GetValue<string>())));
        }
        catch (InvalidInputException e) when (e.Attribute is "cidr" or "gateway_ip" or "allocation_pools")
        {
            (_field, _fieldError) = (e.Attribute, ErrorText.Of(e));
        }
        catch (NeutronException e)
        {
            _error = e.Message;
        }
        finally
        {
            _busy = false;
        }
    }
}
