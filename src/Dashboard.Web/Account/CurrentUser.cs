using System.Security.Claims;
using Dashboard.Core.Extensions;
using Dashboard.Core.Policies;
using Microsoft.AspNetCore.Components.Authorization;

namespace Dashboard.Web.Account;

/// <summary>The signed-in user of this circuit, as the domain's <see cref="Caller"/>, and what the policy lets them do.</summary>
public sealed class CurrentUser(AuthenticationStateProvider authentication, PolicyEnforcer policy)
{
    public PolicyEnforcer Policy => policy;

    public async Task<Caller> CallerAsync() => CallerOf((await authentication.GetAuthenticationStateAsync()).User, policy);

    public static Caller CallerOf(ClaimsPrincipal user, PolicyEnforcer policy) => policy.CallerOf(
        user.FindFirstValue(ClaimTypes.NameIdentifier) ?? "",
        user.Identity?.Name ?? "",
        user.FindFirstValue(DashboardSignIn.ProjectIdClaim) ?? "",
        user.FindAll(ClaimTypes.Role).Select(c => c.Value).ToList());

    public async Task<string> ProjectNameAsync() =>
        (await authentication.GetAuthenticationStateAsync()).User.FindFirstValue(DashboardSignIn.ProjectNameClaim) ?? "";
}
