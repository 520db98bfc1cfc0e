using Dashboard.Core.Extensions;
using Dashboard.Core.Identity;

namespace Dashboard.Core.Policies;

/// <summary>One evaluation: the caller's credentials, the target, and the rules <c>rule:</c> may name.</summary>
public sealed class PolicyContext(Caller caller, PolicyTarget target, Func<string, PolicyCheck?> rules)
{
    private readonly HashSet<string> _evaluating = [];

    public PolicyTarget Target => target;

    public bool HasRole(string role) => caller.Roles.SelectMany(Role.WithImplied).Contains(role, StringComparer.OrdinalIgnoreCase);

    /// <summary>The credential a generic check names: <c>project_id</c> (or <c>tenant_id</c>), <c>user_id</c>, <c>user_name</c>.</summary>
    public string? Credential(string kind) => kind switch
    {
        "project_id" or "tenant_id" => caller.ProjectId == "" ? null : caller.ProjectId,
        "user_id" => caller.UserId,
        "user_name" => caller.UserName,
        _ => null,
    };

    /// <summary>A named rule; an unknown one, or one that refers back to itself, is false (as oslo.policy does).</summary>
    public bool Evaluate(string rule)
    {
        if (rules(rule) is not { } check || !_evaluating.Add(rule))
        {
            return false;
        }
        try
        {
            return check.Allows(this);
        }
        finally
        {
            _evaluating.Remove(rule);
        }
    }
}
