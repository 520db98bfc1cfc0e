using Dashboard.Core.Errors;
using Dashboard.Core.Extensions;
using Dashboard.Core.Networking;
using Dashboard.Core.SecurityGroups;
using Dashboard.Web.Components.Shared;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace Dashboard.Web.Components.Pages.Project.Networks;

public partial class PortDialog
{
    private string _name = "";
    private bool _adminStateUp = true;
    private string _ip = "";
    private string? _ipError;
    private bool _portSecurity = true;
    private string _pairs = "";
    private string? _pairsError;
    private string? _portSecurityError;
    private string? _error;
    private IReadOnlyCollection<string> _groups = [];
    private List<SecurityGroup> _allGroups = [];

    [CascadingParameter] private IMudDialogInstance MudDialog { get; set; } = default!;

    [Parameter, EditorRequired] public required Network Network { get; set; }

    [Parameter, EditorRequired] public required Caller Caller { get; set; }

    [Parameter] public Port? Existing { get; set; }

    protected override async Task ReadAsync()
    {
        _allGroups = await SecurityGroups.ListAsync(Caller.ProjectId);
        if (Existing is not null)
        {
            (_name, _adminStateUp, _portSecurity) = (Existing.Name, Existing.AdminStateUp, Existing.PortSecurityEnabled);
            _pairs = string.Join('\n', Existing.AllowedAddressPairs.Select(p => p.MacAddress == Existing.MacAddress ? p.IpAddress : $"{p.IpAddress},{p.MacAddress}"));
            _groups = Existing.SecurityGroups.Select(g => g.SecurityGroupId).ToList();
        }
        else
        {
            _groups = _allGroups.Where(g => g.IsDefault).Select(g => g.Id).ToList();
        }
    }

    private async Task SaveAsync()
    {
        Busy = true;
        _error = _ipError = _portSecurityError = _pairsError = null;
        if (CheckPairs(_pairs) is { } wrong)
        {
            (_pairsError, Busy) = (wrong, false);
            return;
        }
        try
        {
            // The API's request: the attribute map, the referenced groups' visibility and the policy checked as the API checks them.
            var body = new System.Text.Json.Nodes.JsonObject
            {
                ["name"] = _name.Trim(),
                ["admin_state_up"] = _adminStateUp,
                // Without port security a port has no groups (Horizon clears them too); Neutron refuses the one without the other.
                ["security_groups"] = new System.Text.Json.Nodes.JsonArray((_portSecurity ? _groups : []).Select(g => (System.Text.Json.Nodes.JsonNode?)g).ToArray()),
            };
            if (Existing is null || Existing.PortSecurityEnabled != _portSecurity)
            {
                body["port_security_enabled"] = _portSecurity;
            }
            body["allowed_address_pairs"] = _portSecurity ? Pairs(_pairs) : new System.Text.Json.Nodes.JsonArray();
            if (Existing is null)
            {
                body["network_id"] = Network.Id;
                if (!string.IsNullOrWhiteSpace(_ip))
                {
                    body["fixed_ips"] = new System.Text.Json.Nodes.JsonArray(new System.Text.Json.Nodes.JsonObject { ["ip_address"] = _ip.Trim() });
                }
            }
            var view = Existing is null
                ? await Operations.CreateAsync(Caller, "ports", body, default)
                : await Operations.UpdateAsync(Caller, "ports", Existing.Id, body, null, default);
            MudDialog.Close(DialogResult.Ok(await Ports.GetAsync(view["id"]!.GetValue<string>())));
        }
        catch (NeutronException e) when (e is InvalidInputException { Attribute: "fixed_ips" } || e.Type == "IpAddressAlreadyAllocated")
        {
            _ipError = ErrorText.Of(e);
        }
        catch (InvalidInputException e) when (e.Attribute == "allowed_address_pairs")
        {
            _pairsError = ErrorText.Of(e);
        }
        catch (NeutronException e) when (e.Type is "PortSecurityAndIPRequiredForSecurityGroups" or "AddressPairAndPortSecurityRequired")
        {
            _portSecurityError = e.Message;
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

    // The field's own format (one pair per line, "ip[,mac]") is checked here; the values by the attribute map, as the API checks them.
    private static string? CheckPairs(string? text) =>
        TextLists.Lines(text).Any(l => TextLists.Parts(l).Length > 2) ? "Each line is an IP address or CIDR, optionally followed by ,MAC address."
        : AttributeChecks.Check("ports", "allowed_address_pairs", Pairs(text));

    private static System.Text.Json.Nodes.JsonArray Pairs(string? text) => new(TextLists.Lines(text).Select(line =>
    {
        var parts = TextLists.Parts(line);
        var pair = new System.Text.Json.Nodes.JsonObject { ["ip_address"] = parts[0] };
        if (parts.Length > 1 && parts[1].Length > 0)
        {
            pair["mac_address"] = parts[1];
        }
        return (System.Text.Json.Nodes.JsonNode?)pair;
    }).ToArray());
}
