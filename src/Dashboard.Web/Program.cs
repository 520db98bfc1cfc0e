using Dashboard.Core;
using Dashboard.Core.Persistence;
using Dashboard.Web.Account;
using Dashboard.Web.Api.Identity;
using Dashboard.Web.Api.Networking;
using Dashboard.Web.Components;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using MudBlazor.Services;

var builder = WebApplication.CreateBuilder(args);

// _framework/ and _content/ come from the build's static web assets manifest in every environment,
// so `dotnet run` works as the README says without publishing first.
builder.WebHost.UseStaticWebAssets();

builder.Services.AddRazorComponents().AddInteractiveServerComponents();
builder.Services.AddMudServices();
builder.Services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme).AddCookie(options =>
{
    options.LoginPath = "/login";
    options.AccessDeniedPath = "/access-denied";
    options.Cookie.Name = "dashboard_session";
    options.Cookie.HttpOnly = true;
    options.Cookie.SameSite = SameSiteMode.Strict;
    options.ExpireTimeSpan = TimeSpan.FromHours(8);
    options.SlidingExpiration = true;
    options.Events.OnValidatePrincipal = async context =>
    {
        if (context.Principal is null || !await context.HttpContext.RequestServices.GetRequiredService<DashboardSignIn>().IsCurrentAsync(context.Principal, context.HttpContext.RequestAborted))
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        }
    };
});
builder.Services.AddAuthorization();
builder.Services.AddSingleton<Microsoft.AspNetCore.Authorization.IAuthorizationPolicyProvider, Dashboard.Web.Account.PolicyRuleProvider>();
builder.Services.AddSingleton<Microsoft.AspNetCore.Authorization.IAuthorizationHandler, Dashboard.Web.Account.PolicyRuleHandler>();
builder.Services.AddCascadingAuthenticationState();
builder.Services.AddSingleton<DashboardSignIn>();
builder.Services.AddScoped<CurrentUser>();
builder.Services.AddScoped<UserPreferences>();
builder.Services.AddNetworkCore(builder.Configuration, builder.Environment.ContentRootPath);
builder.Services.AddNeutronApi();
builder.Services.AddHostedService(sp => sp.GetRequiredService<Dashboard.Core.Agents.AgentLeases>());
builder.Services.AddHostedService(sp => sp.GetRequiredService<Dashboard.Core.Agents.AgentHeartbeats>());
builder.Services.AddHostedService(sp => sp.GetRequiredService<Dashboard.Core.Agents.SimulatedAgents>());
// Agent:Mode=ovs: one compute node realised on this machine's Open vSwitch (does nothing in the default simulated mode).
builder.Services.AddHostedService(sp => sp.GetRequiredService<Dashboard.Core.Ovs.OvsAgent>());

var app = builder.Build();

// The policy file is read now: a bad one stops the start with its line and reason, not the first request.
try
{
    app.Services.GetRequiredService<Dashboard.Core.Policies.PolicyEnforcer>();
}
catch (Dashboard.Core.Policies.PolicyFileException e)
{
    app.Logger.LogCritical("The policy file is refused: {Reason}", e.Message);
    throw;
}

try
{
    await app.Services.GetRequiredService<DatabaseInitializer>().InitializeAsync();
}
catch (Exception e) when (DatabaseHealth.StorageError(e) is not null || e is Npgsql.NpgsqlException)
{
    // Said in one line before the trace: which store, and why it cannot be used (unreachable, refused, read-only...).
    app.Logger.LogCritical("The database ({Provider}) cannot be used: {Reason}", app.Services.GetRequiredService<DatabaseOptions>().Provider, (DatabaseHealth.StorageError(e) ?? e).Message);
    throw;
}

if (!app.Environment.IsDevelopment())
{
    app.UseExceptionHandler("/Error", createScopeForErrors: true);
}
app.UseWhen(c => !c.Request.Path.StartsWithSegments("/identity") && !c.Request.Path.StartsWithSegments("/networking"),
    pages => pages.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true));
// The APIs answer an unexpected error with their own error body (500), never the pages' HTML error page.
app.UseWhen(c => c.Request.Path.StartsWithSegments("/identity") || c.Request.Path.StartsWithSegments("/networking"),
    api => api.UseExceptionHandler(new ExceptionHandlerOptions { ExceptionHandler = Dashboard.Web.Api.ApiErrors.WriteUnexpectedAsync }));
// Paths as the APIs' servers take them: repeated slashes are one (a client joining an endpoint ending in '/' with
// '/v2.0/...'), and Neutron's format suffix goes (/networking/v2.0/networks.json is /networking/v2.0/networks; tempest asks so).
app.Use((context, next) =>
{
    var path = context.Request.Path;
    if (path.StartsWithSegments("/networking") || path.StartsWithSegments("/identity"))
    {
        var value = path.Value!.Contains("//", StringComparison.Ordinal) ? System.Text.RegularExpressions.Regex.Replace(path.Value, "/{2,}", "/") : path.Value;
        if (path.StartsWithSegments("/networking") && value.EndsWith(".json", StringComparison.Ordinal))
        {
            value = value[..^".json".Length];
        }
        context.Request.Path = value;
    }
    return next(context);
});
app.UseStaticFiles();
app.UseRouting(); // after the suffix is taken off, so the route matches the path without it
app.UseAuthentication();
app.UseAuthorization();
app.UseAntiforgery();

app.MapAccountEndpoints();
app.MapKeystoneApi();
app.MapApiAccessDownloads();
app.MapNeutronApi();
app.MapStaticAssets();
app.MapRazorComponents<App>().AddInteractiveServerRenderMode();

await app.RunAsync();

/// <summary>Entry point, visible to WebApplicationFactory in the tests.</summary>
public partial class Program;
