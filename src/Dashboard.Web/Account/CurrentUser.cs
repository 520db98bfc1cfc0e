using System.Security.Claims;
using Dashboard.Core.Extensions;
using Dashboard.Core.Identity;
using Microsoft.AspNetCore.Components.Authorization;

namespace Dashboard.Web.Account;

/// <summary>The signed-in user of this circuit, as the domain's <see cref="Caller"/>.</summary>
public sealed class CurrentUser(AuthenticationStateProvider authentication)
{
    public async Task<Caller> CallerAsync()
    {
        var user = (await authentication.GetAuthenticationStateAsync()).User;
        var roles = user.FindAll(ClaimTypes.Role).Select(c => c.Value).ToList();
        return new Caller(
            user.FindFirstValue(ClaimTypes.NameIdentifier) ?? "",
            user.Identity?.Name ?? "",
            user.FindFirstValue(DashboardSignIn.ProjectIdClaim) ?? "",
            roles.Contains(Role.Admin),
            roles);
    }

    public async Task<string> ProjectNameAsync() =>
        (await authentication.GetAuthenticationStateAsync()).User.FindFirstValue(DashboardSignIn.ProjectNameClaim) ?? "";
}
