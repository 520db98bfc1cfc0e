using Dashboard.Core.Errors;
using Dashboard.Core.Extensions;
using Dashboard.Core.Policies;
using Dashboard.Core.SecurityGroups;
using Dashboard.Web.Account;
using Dashboard.Web.Components.Shared;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace Dashboard.Web.Components.Pages.Project.SecurityGroups;

public partial class ManageRules
{
    private SecurityGroup? _group;
    private Dictionary<string, string> _groupNames = [];
    private bool _notFound;
    private Caller _caller = default!;

    [Parameter] public string GroupId { get; set; } = "";

    protected override async Task OnParametersSetAsync()
    {
        _caller = await CurrentUser.CallerAsync();
        await LoadAsync();
    }

    private async Task LoadAsync()
    {
        try
        {
            await Operations.ShowAsync(_caller, "security-groups", GroupId, default);
            _group = await Groups.GetAsync(GroupId);
            _groupNames = (await Groups.ListAsync(_caller.ProjectId)).ToDictionary(g => g.Id, g => g.Name);
        }
        catch (NotFoundException)
        {
            (_notFound, _group) = (true, null);
        }
    }

    private static string PortRange(SecurityGroupRule rule) => rule switch
    {
        { Protocol: "icmp" or "ipv6-icmp" or "icmpv6", PortRangeMin: { } type } => $"type {type}" + (rule.PortRangeMax is { } code ? $", code {code}" : ""),
        { PortRangeMin: null } => "Any",
        { PortRangeMin: 1, PortRangeMax: 65535 } => "Any",
        _ when rule.PortRangeMin == rule.PortRangeMax => rule.PortRangeMin.ToString()!,
        _ => $"{rule.PortRangeMin} - {rule.PortRangeMax}",
    };

    private static string Direction(SecurityGroupRule rule) => rule.Direction == "ingress" ? "Ingress" : "Egress";

    private static string Protocol(SecurityGroupRule rule) => rule.Protocol?.ToUpperInvariant() ?? "Any";

    private static string RemotePrefix(SecurityGroupRule rule) =>
        rule.RemoteIpPrefix ?? (rule.RemoteGroupId is null ? (rule.EtherType == "IPv4" ? "0.0.0.0/0" : "::/0") : "-");

    private string RemoteGroup(SecurityGroupRule rule) => rule.RemoteGroupId is { } g ? _groupNames.GetValueOrDefault(g, g) : "-";

    /// <summary>A rule in words, as its row reads ("Ingress IPv4 TCP 22 0.0.0.0/0"): what the filter looks in and how a bulk delete names it.</summary>
    private string Summary(SecurityGroupRule rule) =>
        string.Join(' ', new[] { Direction(rule), rule.EtherType, Protocol(rule), PortRange(rule), rule.RemoteGroupId is null ? RemotePrefix(rule) : $"from {RemoteGroup(rule)}", rule.Description }
            .Where(part => !string.IsNullOrEmpty(part)));

    private async Task DeleteChosenAsync(IReadOnlyList<SecurityGroupRule> rules)
    {
        await Dialogs.RunEachAsync(Snackbar, ("Delete", "Deleted"), "rule", rules, Summary, rule => Operations.DeleteAsync(CurrentUser, "security-group-rules", rule.Id));
        await LoadAsync();
    }

    private async Task AddAsync()
    {
        var dialog = await Dialogs.ShowAsync<AddRuleDialog>("Add Rule",
            new DialogParameters<AddRuleDialog> { { d => d.Group, _group! }, { d => d.Groups, _groupNames } },
            new DialogOptions { MaxWidth = MaxWidth.Small, FullWidth = true });
        if (await dialog.Result is { Canceled: false })
        {
            Snackbar.Add("Added rule.", Severity.Success);
            await LoadAsync();
        }
    }

    private async Task DeleteAsync(SecurityGroupRule rule)
    {
        await Dialogs.RunAsync(Snackbar, "Delete Rule", "Delete this rule? This action cannot be undone.", "Delete", () => Operations.DeleteAsync(CurrentUser, "security-group-rules", rule.Id), "Deleted rule.");
        await LoadAsync();
    }

    /// <summary>Whether the policy lets the signed-in user do <paramref name="rule"/> to a resource of <paramref name="projectId"/>.</summary>
    private bool May(string rule, string projectId) => CurrentUser.Policy.Allows(_caller, rule, Dashboard.Core.Policies.PolicyTarget.OfProject(projectId));
}
