using System.Security.Claims;
using Dashboard.Core.Extensions;
using Dashboard.Core.Policies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;

namespace Dashboard.Web.Account;

/// <summary>A page or view guarded by a policy rule: <c>[Authorize(Policy = "identity:list_users")]</c>.</summary>
public sealed class PolicyRuleRequirement(string rule) : IAuthorizationRequirement
{
    public string Rule => rule;
}

/// <summary>
/// Makes every rule of the <see cref="PolicyEnforcer"/> an ASP.NET Core authorization policy of the same
/// name, so pages (<c>[Authorize(Policy = ...)]</c>) and menus (<c>&lt;AuthorizeView Policy=...&gt;</c>) ask the
/// same rules as the API, a policy file included.
/// </summary>
public sealed class PolicyRuleProvider(IOptions<AuthorizationOptions> options, PolicyEnforcer policy) : DefaultAuthorizationPolicyProvider(options)
{
    public override async Task<AuthorizationPolicy?> GetPolicyAsync(string policyName) =>
        await base.GetPolicyAsync(policyName)
        ?? (policy.IsDefined(policyName)
            ? new AuthorizationPolicyBuilder().RequireAuthenticatedUser().AddRequirements(new PolicyRuleRequirement(policyName)).Build()
            : null);
}

/// <summary>Decides a <see cref="PolicyRuleRequirement"/> for the signed-in user, with their own project as the target.</summary>
public sealed class PolicyRuleHandler(PolicyEnforcer policy) : AuthorizationHandler<PolicyRuleRequirement>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, PolicyRuleRequirement requirement)
    {
        var caller = CurrentUser.CallerOf(context.User, policy);
        if (policy.Allows(caller, requirement.Rule, PolicyTarget.Of(("project_id", caller.ProjectId), ("tenant_id", caller.ProjectId))))
        {
            context.Succeed(requirement);
        }
        return Task.CompletedTask;
    }
}
