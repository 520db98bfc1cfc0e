using System.Security.Claims;
using Dashboard.Core.Errors;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace Dashboard.Web.Account;

public static class AccountEndpoints
{
    public static IEndpointRouteBuilder MapAccountEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/account/logout", async (HttpContext context) =>
        {
            await context.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
            return Results.LocalRedirect("~/login");
        });
        app.MapGet("/account/switch-project", async (HttpContext context, DashboardSignIn signIn, ILogger<DashboardSignIn> logger, string projectId, string? returnUrl) =>
        {
            try
            {
                var principal = await signIn.SwitchProjectAsync(context.User.FindFirstValue(ClaimTypes.NameIdentifier) ?? "", projectId, context.RequestAborted);
                await context.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, principal);
                return Results.LocalRedirect(SafeReturnUrl(returnUrl));
            }
            catch (NeutronException e)
            {
                // Refused (no role there, the account gone): the user stays in the project they had; the log says why.
                logger.LogWarning("Switching {User} to project {Project} was refused: {Reason}", context.User.Identity?.Name, projectId, e.Message);
                return Results.LocalRedirect("~/");
            }
        }).RequireAuthorization();
        return app;
    }

    /// <summary>Only a local path; anything else goes home (no open redirect).</summary>
    public static string SafeReturnUrl(string? returnUrl) =>
        !string.IsNullOrEmpty(returnUrl) && returnUrl.StartsWith('/') && !returnUrl.StartsWith("//", StringComparison.Ordinal) && !returnUrl.StartsWith("/\\", StringComparison.Ordinal)
            ? returnUrl
            : "/";
}
