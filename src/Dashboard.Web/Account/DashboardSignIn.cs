using System.Security.Claims;
using Dashboard.Core.Errors;
using Dashboard.Core.Identity;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace Dashboard.Web.Account;

/// <summary>
/// Signs people in to the dashboard against the same identity store and lockout as the API, and
/// builds their cookie principal for one project: who they are, the project, their roles on it.
/// </summary>
public sealed class DashboardSignIn : IDisposable
{
    private readonly IdentityService identity;
    private readonly LoginThrottle throttle;
    private readonly IDisposable _subscription;

    // Each user's current session stamp (null: disabled or gone), as last read; every request carrying a cookie asks,
    // so it is read once and forgotten when any identity change commits (here or, on PostgreSQL, in another instance).
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, string?> _stamps = new(StringComparer.Ordinal);
    private long _generation;

    public DashboardSignIn(IdentityService identity, LoginThrottle throttle, Dashboard.Core.Events.INetworkEvents events)
    {
        (this.identity, this.throttle) = (identity, throttle);
        _subscription = events.Subscribe(change =>
        {
            if (change is Dashboard.Core.Events.IdentityChanged or Dashboard.Core.Events.EventsMissed)
            {
                Interlocked.Increment(ref _generation);
                _stamps.Clear();
            }
        });
    }

    public void Dispose() => _subscription.Dispose();

    public const string ProjectIdClaim = "project_id";
    public const string ProjectNameClaim = "project_name";

    /// <summary>What the session knows of the password it was opened with (<see cref="IdentityService.SessionStampOf"/>).</summary>
    public const string SessionStampClaim = "session_stamp";

    /// <summary>The principal for a correct user name and password in the domain (name or ID), scoped to their default project (or their first one).</summary>
    public async Task<ClaimsPrincipal> AuthenticateAsync(string userName, string password, CancellationToken ct = default, string domain = Domains.DefaultName)
    {
        var user = await throttle.AttemptAsync(userName, async () =>
        {
            try
            {
                var domainId = (await identity.FindDomainAsync(domain, ct))?.Id ?? throw new AuthenticationException("Invalid credentials given.");
                return await identity.AuthenticateAsync(userName, password, ct, domainId);
            }
            catch (AuthenticationException)
            {
                throw new AuthenticationException("Invalid credentials given."); // the page does not say which of the two was wrong
            }
        }, () => new AccountLockedException("This account is locked for a while after repeated failed logins. Try again later."), ct);
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

    /// <summary>
    /// Whether a session cookie still stands for its user: the account exists, is enabled, and its password is the one
    /// the session was opened with. A password change or a disabled account ends every session of the user at its next
    /// request, as Keystone's revoked tokens end Horizon's.
    /// </summary>
    public async Task<bool> IsCurrentAsync(ClaimsPrincipal principal, CancellationToken ct = default)
    {
        var id = principal.FindFirstValue(ClaimTypes.NameIdentifier);
        var stamp = principal.FindFirstValue(SessionStampClaim);
        if (id is null || stamp is null)
        {
            return false;
        }
        if (!_stamps.TryGetValue(id, out var current))
        {
            var generation = Interlocked.Read(ref _generation);
            var user = await identity.FindUserAsync(id, ct);
            // A disabled user, or one of a disabled domain, is signed out as their tokens end.
            current = user is { Enabled: true } && user.Id == id && await identity.FindDomainAsync(user.DomainId, ct) is { Enabled: true }
                ? IdentityService.SessionStampOf(user)
                : null;
            if (Interlocked.Read(ref _generation) == generation)
            {
                _stamps[id] = current; // not when a change committed while reading: that read may be stale
            }
        }
        return current == stamp;
    }

    private async Task<ClaimsPrincipal> PrincipalAsync(User user, Project project, CancellationToken ct)
    {
        var claims = new List<Claim>
        {
            new(ClaimTypes.NameIdentifier, user.Id),
            new(ClaimTypes.Name, user.Name),
            new(ProjectIdClaim, project.Id),
            new(ProjectNameClaim, project.Name),
            new(SessionStampClaim, IdentityService.SessionStampOf(user)),
        };
        claims.AddRange((await identity.RolesOnAsync(user.Id, project.Id, ct)).Select(r => new Claim(ClaimTypes.Role, r)));
        return new ClaimsPrincipal(new ClaimsIdentity(claims, CookieAuthenticationDefaults.AuthenticationScheme));
    }
}
