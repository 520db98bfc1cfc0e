using Dashboard.Web.Components.Shared;
using Dashboard.Core.Errors;
using Dashboard.Core.Extensions;
using Dashboard.Core.Networking;
using Dashboard.Core.Policies;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace Dashboard.Web.Components.Pages.Project.Routers;

public partial class AddInterfaceDialog
{
    private string? _subnetId;
    private string _ip = "";
    private List<(string Id, string Label)> _subnets = [];
    private string? _error;
    private string? _subnetError;
    private string? _ipError;

    [CascadingParameter] private IMudDialogInstance MudDialog { get; set; } = default!;

    [Parameter, EditorRequired] public required string RouterId { get; set; }

    [Parameter, EditorRequired] public required Caller Caller { get; set; }

    /// <summary>The internal networks' subnets the policy lets the caller attach (<c>router_interface_owner</c>: their own, or on a shared network), as Horizon offers them.</summary>
    protected override async Task ReadAsync() =>
        _subnets = (await NetworkService.ListAsync(Caller.ProjectId))
            .Where(n => !n.External)
            .SelectMany(n => n.Subnets.Where(s => Policy.Allows(Caller, "router_interface_owner",
                    PolicyTarget.OfProject(Caller.ProjectId).With("subnet:project_id", s.ProjectId).With("network:shared", n.Shared)))
                .Select(s => (s.Id, $"{n.Name}: {s.Cidr} ({s.Name})"))).ToList();

    private async Task AddAsync()
    {
        (_error, _subnetError, _ipError) = (null, null, null);
        if (_subnetId is null)
        {
            _subnetError = "Choose a subnet.";
            return;
        }
        Busy = true;
        try
        {
            await RouterAccess.AuthorizeAddInterfaceAsync(Caller, RouterId, _subnetId, null, default);
            MudDialog.Close(DialogResult.Ok(await Routers.AddInterfaceAsync(RouterId, _subnetId, string.IsNullOrWhiteSpace(_ip) ? null : _ip.Trim())));
        }
        catch (InvalidInputException e) when (e.Attribute == "subnet_id")
        {
            _subnetError = ErrorText.Of(e);
        }
        catch (NeutronException e) when (e is InvalidInputException { Attribute: "fixed_ips" } || e.Type == "IpAddressAlreadyAllocated")
        {
            _ipError = ErrorText.Of(e);
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
