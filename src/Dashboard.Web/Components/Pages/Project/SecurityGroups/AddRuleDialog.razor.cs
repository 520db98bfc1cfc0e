using Dashboard.Core.Errors;
using Dashboard.Core.SecurityGroups;
using Dashboard.Web.Components.Shared;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace Dashboard.Web.Components.Pages.Project.SecurityGroups;

public partial class AddRuleDialog
{
    private readonly RuleForm _form = new();
    private Dictionary<string, string> _problems = [];
    private string? _error;
    private bool _busy;

    [CascadingParameter] private IMudDialogInstance MudDialog { get; set; } = default!;

    [Parameter, EditorRequired] public required SecurityGroup Group { get; set; }

    [Parameter, EditorRequired] public required IReadOnlyDictionary<string, string> Groups { get; set; }

    private bool Has(string field) => _problems.ContainsKey(field);

    private string? Problem(string field) => _problems.GetValueOrDefault(field);

    private static string Summary(RulePreset preset) =>
        preset.PortMin is null ? $"Opens all {preset.Protocol?.ToUpperInvariant()} traffic."
        : preset.PortMin == preset.PortMax ? $"Opens {preset.Protocol?.ToUpperInvariant()} port {preset.PortMin}."
        : $"Opens {preset.Protocol?.ToUpperInvariant()} ports {preset.PortMin} to {preset.PortMax}.";

    private async Task AddAsync()
    {
        _problems = _form.Problems();
        if (_problems.Count > 0)
        {
            return;
        }
        _busy = true;
        _error = null;
        try
        {
            // The API's request: the attribute map and the policy check it as they check the API's.
            var spec = _form.ToSpec();
            var body = new System.Text.Json.Nodes.JsonObject
            {
                ["security_group_id"] = Group.Id,
                ["direction"] = spec.Direction,
                ["ethertype"] = spec.EtherType,
                ["protocol"] = spec.Protocol,
                ["port_range_min"] = spec.PortRangeMin,
                ["port_range_max"] = spec.PortRangeMax,
                ["remote_ip_prefix"] = spec.RemoteIpPrefix,
                ["remote_group_id"] = spec.RemoteGroupId,
                ["description"] = spec.Description,
            };
            var view = await Operations.CreateAsync(await CurrentUser.CallerAsync(), "security-group-rules", body, default);
            MudDialog.Close(DialogResult.Ok(await GroupService.GetRuleAsync(view["id"]!.GetValue<string>())));
        }
        catch (ConflictException e) when (e.Type == "SecurityGroupRuleExists")
        {
            // By name, beside the rule: Neutron's message names the existing rule by its ID.
            _problems["Rule"] = $"{Group.Name} already has this rule.";
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
