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
    private List<Dashboard.Core.Ipam.SubnetPool> _pools = [];

    [CascadingParameter] private IMudDialogInstance MudDialog { get; set; } = default!;

    [Parameter, EditorRequired] public required string NetworkId { get; set; }

    [Inject] private Dashboard.Core.Ipam.SubnetPoolService SubnetPools { get; set; } = default!;

    protected override async Task ReadAsync() => _pools = await SubnetPools.ListAsync((await CurrentUser.CallerAsync()).ProjectId);

    private string? ErrorOf(string attribute) => _field == attribute ? _fieldError : null;

    private async Task CreateAsync()
    {
        // Cleared first: the page renders once before the answer comes, so a field refused again is shown refused again.
        (_field, _fieldError, _error) = (null, null, null);
        var problem = new[] { 1, 2 }.SelectMany(_form.ProblemsOfStep).FirstOrDefault();
        if (problem.Attribute is not null)
        {
            (_field, _fieldError) = (problem.Attribute, problem.Message);
            return;
        }
        Busy = true;
        try
        {
            var view = await Operations.CreateAsync(await CurrentUser.CallerAsync(), "subnets", _form.ToSubnetBody(NetworkId), default);
            MudDialog.Close(DialogResult.Ok(await Subnets.GetAsync(view["id"]!.GetValue<string>())));
        }
        catch (InvalidInputException e) when (e.Attribute is "cidr" or "gateway_ip" or "allocation_pools" or "subnetpool_id" or "prefixlen")
        {
            (_field, _fieldError) = (e.Attribute, ErrorText.Of(e));
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
