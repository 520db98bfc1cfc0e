using Dashboard.Core.Errors;
using Dashboard.Core.Extensions;
using Dashboard.Core.Networking;
using Dashboard.Web.Components.Shared;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace Dashboard.Web.Components.Pages.Project.Networks;

public partial class EditSubnetDialog
{
    private SubnetForm _form = new();
    private Dictionary<string, string> _errors = [];
    private string? _error;
    private bool _busy;

    [CascadingParameter] private IMudDialogInstance MudDialog { get; set; } = default!;

    [Parameter, EditorRequired] public required Caller Caller { get; set; }

    [Parameter, EditorRequired] public required Subnet Subnet { get; set; }

    protected override void OnInitialized() => _form = SubnetForm.Of(Subnet);

    private async Task SaveAsync()
    {
        (_error, _errors) = (null, _form.UpdateProblems().GroupBy(p => p.Attribute).ToDictionary(g => g.Key, g => g.First().Message));
        if (_errors.Count > 0)
        {
            return;
        }
        _busy = true;
        try
        {
            if (_form.ToSubnetUpdateBody(Subnet) is { Count: > 0 } changes)
            {
                await Operations.UpdateAsync(Caller, "subnets", Subnet.Id, changes, null, default);
            }
            MudDialog.Close(DialogResult.Ok(true));
        }
        catch (InvalidInputException e) when (e.Attribute is "name" or "gateway_ip" or "allocation_pools" or "dns_nameservers" or "host_routes")
        {
            _errors[e.Attribute] = ErrorText.Of(e);
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
