using Dashboard.Core.Errors;
using Dashboard.Core.Extensions;
using Dashboard.Core.Hosts;
using Dashboard.Core.Networking;
using Dashboard.Core.Routers;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace Dashboard.Web.Components.Pages.Project.FloatingIps;

/// <summary>
/// Associates a floating IP with a port's fixed address. From the Floating IPs page the address is
/// given; from an instance's row it is chosen among the project's free ones or allocated from a pool
/// in the same step, and the ports offered are that instance's.
/// </summary>
public partial class AssociateFloatingIpDialog
{
    private const string NewFrom = "new:";
    private string? _address;
    private string? _target;
    private List<(string Key, string Label)> _addresses = [];
    private List<(string Key, string Label)> _targets = [];
    private string? _error;
    private string? _addressError;
    private string? _targetError;

    [CascadingParameter] private IMudDialogInstance MudDialog { get; set; } = default!;

    [Inject] private FloatingIpService FloatingIps { get; set; } = default!;
    [Inject] private ResourceOperations Operations { get; set; } = default!;
    [Inject] private PortService Ports { get; set; } = default!;
    [Inject] private InstanceService Instances { get; set; } = default!;
    [Inject] private NetworkService Networks { get; set; } = default!;

    [Parameter, EditorRequired] public required Caller Caller { get; set; }

    /// <summary>The floating IP to associate; null to choose one (or allocate one) here.</summary>
    [Parameter] public FloatingIp? FloatingIp { get; set; }

    /// <summary>Only this instance's ports are offered (the Instances page's row action).</summary>
    [Parameter] public string? InstanceId { get; set; }

    protected override async Task ReadAsync()
    {
        var instances = (await Instances.ListAsync(Caller.ProjectId)).ToDictionary(i => i.Id, i => i.Name);
        // Every fixed IP of the project's own ports (not Neutron's network:* ports), as "VM01: 10.0.0.3".
        _targets = (await Ports.ListOfProjectAsync(Caller.ProjectId)).Where(p => !p.DeviceOwner.StartsWith("network:", StringComparison.Ordinal)
                && (InstanceId is null || p.DeviceId == InstanceId))
            .SelectMany(p => p.FixedIps.Select(a => ($"{p.Id}_{a.IpAddress}", $"{PortLabel.Owner(p, instances)}: {a.IpAddress}")))
            .OrderBy(t => t.Item2, StringComparer.Ordinal).ToList();
        _target = InstanceId is not null && _targets.Count == 1 ? _targets[0].Key : null;
        if (FloatingIp is null)
        {
            var free = (await FloatingIps.ListAsync(Caller.ProjectId)).Where(f => !f.IsAssociated).Select(f => (f.Id, f.FloatingIpAddress));
            var pools = (await Networks.ListAsync(Caller.ProjectId)).Where(n => n.External).Select(n => ($"{NewFrom}{n.Id}", $"Allocate a new address from {n.Name}"));
            _addresses = [.. free, .. pools];
            _address = _addresses.FirstOrDefault().Key;
        }
    }

    private async Task AssociateAsync()
    {
        (_error, _addressError, _targetError) = (null, null, null);
        if (FloatingIp is null && _address is null)
        {
            _addressError = "Choose an address.";
        }
        if (_target is null)
        {
            _targetError = "Choose a port.";
        }
        if (_addressError is not null || _targetError is not null)
        {
            return;
        }
        var (portId, fixedIp) = (_target![.._target!.IndexOf('_')], _target[(_target.IndexOf('_') + 1)..]);
        Busy = true;
        try
        {
            // A new address is allocated and associated in one transaction: a refused association leaves nothing allocated.
            // The API's requests, checked by the attribute map and the policy as the API checks them.
            var association = new System.Text.Json.Nodes.JsonObject { ["port_id"] = portId, ["fixed_ip_address"] = fixedIp };
            var view = FloatingIp is null && _address!.StartsWith(NewFrom, StringComparison.Ordinal)
                ? await Operations.CreateAsync(Caller, "floatingips", new System.Text.Json.Nodes.JsonObject
                {
                    ["floating_network_id"] = _address[NewFrom.Length..],
                    ["port_id"] = portId,
                    ["fixed_ip_address"] = fixedIp,
                }, default)
                : await Operations.UpdateAsync(Caller, "floatingips", FloatingIp?.Id ?? _address!, association, null, default);
            MudDialog.Close(DialogResult.Ok(await FloatingIps.GetAsync(view["id"]!.GetValue<string>())));
        }
        catch (NeutronException e) when (e is NotFoundException { Type: "ExternalGatewayForFloatingIPNotFound" } || e is InvalidInputException { Attribute: "port_id" or "fixed_ip_address" } || e is ConflictException { Type: "FloatingIPPortAlreadyAssociated" })
        {
            // About the chosen port: said beside it.
            _targetError = e.Message;
        }
        catch (NeutronException e) when (e is OverQuotaException || e is ConflictException { Type: "IpAddressGenerationFailure" })
        {
            _addressError = e.Message;
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
