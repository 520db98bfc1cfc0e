using Dashboard.Core.Extensions;

namespace Dashboard.Core.Policies;

/// <summary>One evaluation: the caller's credentials, the target, and the rules <c>rule:</c> may name.</summary>
public sealed class PolicyContext(Caller caller, PolicyTarget target, PolicyEnforcer rules)
{
    /// <summary>How deep <c>rule:</c> references go now: past any sane policy's depth, a rule refers back to itself.</summary>
    private int _depth;

    public PolicyTarget Target => target;

    public bool HasRole(string role) => caller.EffectiveRoles.Contains(role);

    /// <summary>
    /// The credential a generic check names: <c>project_id</c> (or <c>tenant_id</c>), <c>user_id</c>, <c>user_name</c>,
    /// and Keystone's <c>token.project.domain.id</c> (the project's domain) and <c>token.domain.id</c> (a domain scope).
    /// </summary>
    public string? Credential(string kind) => kind switch
    {
        "project_id" or "tenant_id" => caller.ProjectId == "" ? null : caller.ProjectId,
        "user_id" => caller.UserId,
        "user_name" => caller.UserName,
        "token.project.domain.id" => caller.ProjectId == "" ? null : caller.ProjectDomainId,
        "token.domain.id" => caller.DomainId,
        _ => null,
    };

    /// <summary>A named rule; an unknown one, or one that refers back to itself (found by its depth), is false.</summary>
    public bool Evaluate(string rule)
    {
        if (rules.Check(rule) is not { } check || _depth > 64)
        {
            return false;
        }
        if (_depth > 0 && rules.TargetKeys(rule).Count == 0)
        {
            return rules.AllowsAnyTarget(caller, rule);
        }
        _depth++;
        try
        {
            return check.Allows(this);
        }
        finally
        {
            _depth--;
        }
    }
}
