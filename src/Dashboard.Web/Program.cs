using Dashboard.Core;
using Dashboard.Core.Persistence;
using Dashboard.Web.Api.Identity;
using Dashboard.Web.Api.Networking;
using Dashboard.Web.Components;
using MudBlazor.Services;

var builder = WebApplication.CreateBuilder(args);

// _framework/ and _content/ come from the build's static web assets manifest in every environment,
// so `dotnet run` works as the README says without publishing first.
builder.WebHost.UseStaticWebAssets();

builder.Services.AddRazorComponents().AddInteractiveServerComponents();
builder.Services.AddMudServices();
builder.Services.AddNetworkCore(builder.Configuration, builder.Environment.ContentRootPath);
builder.Services.AddNeutronApi();

var app = builder.Build();

await app.Services.GetRequiredService<DatabaseInitializer>().InitializeAsync();

if (!app.Environment.IsDevelopment())
{
    app.UseExceptionHandler("/Error", createScopeForErrors: true);
}
app.UseWhen(c => !c.Request.Path.StartsWithSegments("/identity") && !c.Request.Path.StartsWithSegments("/networking"),
    pages => pages.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true));
app.UseStaticFiles();
app.UseAntiforgery();

app.MapKeystoneApi();
app.MapNeutronApi();
app.MapStaticAssets();
app.MapRazorComponents<App>().AddInteractiveServerRenderMode();

await app.RunAsync();

/// <summary>Entry point, visible to WebApplicationFactory in the tests.</summary>
public partial class Program;
