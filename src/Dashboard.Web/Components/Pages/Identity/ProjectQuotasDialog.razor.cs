using Dashboard.Core.Errors;
using Dashboard.Core.Networking;
using Dashboard.Core.Policies;
using Dashboard.Core.Quotas;
using Dashboard.Web.Account;
using Dashboard.Web.Components.Shared;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace Dashboard.Web.Components.Pages.Identity;

public partial class ProjectQuotasDialog
{
    private static readonly (string Resource, string Label)[] Labels =
    [
        (QuotaResources.Network, "Networks"), (QuotaResources.Subnet, "Subnets"), (QuotaResources.Port, "Ports"),
        (QuotaResources.Router, "Routers"), (QuotaResources.SecurityGroup, "Security Groups"), (QuotaResources.SecurityGroupRule, "Security Group Rules"),
    ];

    private Dictionary<string, long> _limits = [];
    private IReadOnlyDictionary<string, (long Limit, long Used)> _usage = new Dictionary<string, (long, long)>();
    private string? _error;

    [CascadingParameter] private IMudDialogInstance MudDialog { get; set; } = default!;

    [Parameter, EditorRequired] public required string ProjectId { get; set; }

    protected override async Task ReadAsync()
    {
        _usage = await Quotas.GetUsageAsync(ProjectId);
        _limits = _usage.ToDictionary(u => u.Key, u => u.Value.Limit);
    }

    private async Task SaveAsync()
    {
        try
        {
            await CurrentUser.EnforceAsync("update_quota", Dashboard.Core.Policies.PolicyTarget.OfProject(ProjectId));
            MudDialog.Close(DialogResult.Ok(await Quotas.SetAsync(ProjectId, _limits)));
        }
        catch (NeutronException e)
        {
            _error = ErrorText.Of(e);
        }
    }
}
