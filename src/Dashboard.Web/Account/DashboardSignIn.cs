using System.Security.Claims;
using Dashboard.Core.Errors;
using Dashboard.Core.Identity;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace Dashboard.Web.Account;

/// <summary>
/// Signs people in to the dashboard against the same identity store and lockout as the API, and
/// builds their cookie principal for one project: who they are, the project, their roles on it.
/// </summary>
public sealed class DashboardSignIn(IdentityService identity, LoginThrottle throttle)
{
    public const string ProjectIdClaim = "project_id";
    public const string ProjectNameClaim = "project_name";

    /// <summary>The principal for a correct user name and password, scoped to their default project (or their first one).</summary>
    public async Task<ClaimsPrincipal> AuthenticateAsync(string userName, string password, CancellationToken ct = default)
    {
        var user = await throttle.AttemptAsync(userName, async () =>
        {
            try
            {
                return await identity.AuthenticateAsync(userName, password, ct);
            }
            catch (AuthenticationException)
            {
                throw new AuthenticationException("Invalid credentials given."); // the page does not say which of the two was wrong
            }
        }, () => new AuthenticationException("This account is locked for a while after repeated failed logins. Try again later."), ct);
        var projects = await identity.ProjectsOfAsync(user.Id, ct);
        var project = projects.FirstOrDefault(p => p.Id == user.DefaultProjectId) ?? projects.FirstOrDefault()
            ?? throw new AuthenticationException("You are not authorized for any projects.");
        return await PrincipalAsync(user, project, ct);
    }

    /// <summary>The same user's principal scoped to another project they hold a role on.</summary>
    public async Task<ClaimsPrincipal> SwitchProjectAsync(string userId, string projectId, CancellationToken ct = default)
    {
        var user = await identity.FindUserAsync(userId, ct) ?? throw new AuthenticationException("Your account no longer exists.");
        var project = (await identity.ProjectsOfAsync(user.Id, ct)).FirstOrDefault(p => p.Id == projectId)
            ?? throw new ForbiddenException("You hold no role on that project.");
        return await PrincipalAsync(user, project, ct);
    }

    private async Task<ClaimsPrincipal> PrincipalAsync(User user, Project project, CancellationToken ct)
    {
        var claims = new List<Claim>
        {
            new(ClaimTypes.NameIdentifier, user.Id),
            new(ClaimTypes.Name, user.Name),
            new(ProjectIdClaim, project.Id),
            new(ProjectNameClaim, project.Name),
        };
        claims.AddRange((await identity.RolesOnAsync(user.Id, project.Id, ct)).Select(r => new Claim(ClaimTypes.Role, r)));
        return new ClaimsPrincipal(new ClaimsIdentity(claims, CookieAuthenticationDefaults.AuthenticationScheme));
    }
}
