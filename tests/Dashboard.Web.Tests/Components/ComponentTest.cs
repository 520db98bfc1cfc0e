using System.Security.Claims;
using Bunit;
using Dashboard.Core;
using Dashboard.Core.Identity;
using Dashboard.Core.Persistence;
using Dashboard.Web.Account;
using Microsoft.AspNetCore.Components;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;

namespace Dashboard.Web.Tests.Components;

/// <summary>
/// bUnit with MudBlazor and the real core on its own SQLite file with the demo cloud, signed in
/// as a user of a project: components call the same domain services the app wires.
/// </summary>
public abstract class ComponentTest : BunitContext, IAsyncLifetime
{
    private readonly string _database = Path.Combine(Path.GetTempPath(), "dashboard-bunit", $"{Guid.NewGuid():N}.db");
    private readonly Bunit.TestDoubles.BunitAuthorizationContext _authorization;

    protected ComponentTest() : this(new Dictionary<string, string?>())
    {
    }

    /// <summary>With settings of the test's own on top (e.g. <c>Agent:Mode</c>).</summary>
    protected ComponentTest(IReadOnlyDictionary<string, string?> settings)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(_database)!);
        JSInterop.Mode = JSRuntimeMode.Loose;
        // Generous waits (bUnit's default is one second): the suite must pass on a busy machine.
        DefaultWaitTimeout = TimeSpan.FromSeconds(30);
        Services.AddMudServices();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Dashboard"] = $"Data Source={_database}",
            ["Bootstrap:AdminPassword"] = "bunit-admin",
            ["Demo:Seed"] = "true",
            ["Demo:UserPassword"] = "bunit-demo",
            ["DataProtection:KeysPath"] = _database + "-keys",
        }).AddInMemoryCollection(settings).Build();
        Services.AddLogging();
        Services.AddNetworkCore(configuration, Path.GetTempPath());
        Dashboard.Web.Api.Networking.ApiServiceCollectionExtensions.AddNeutronApi(Services);
        Services.AddScoped<CurrentUser>();
        Services.AddScoped<UserPreferences>();
        _authorization = AddAuthorization();
        SetRendererInfo(new RendererInfo("Server", isInteractive: true));
    }

    protected T Get<T>() where T : notnull => Services.GetRequiredService<T>();

    private IRenderedComponent<MudBlazor.MudDialogProvider>? _dialogs;

    /// <summary>Where open selects and menus render their options (after <see cref="OpenDialogAsync"/>).</summary>
    protected IRenderedComponent<MudBlazor.MudPopoverProvider> Popovers { get; private set; } = default!;

    /// <summary>Shows a dialog as the pages do (through the dialog service) and returns the provider it renders in, once its fields are there.</summary>
    protected async Task<IRenderedComponent<MudBlazor.MudDialogProvider>> OpenDialogAsync<TDialog>(MudBlazor.DialogParameters<TDialog> parameters) where TDialog : ComponentBase
    {
        if (_dialogs is null)
        {
            _dialogs = Render<MudBlazor.MudDialogProvider>();
            Popovers = Render<MudBlazor.MudPopoverProvider>();
        }
        await _dialogs.InvokeAsync(() => Get<MudBlazor.IDialogService>().ShowAsync<TDialog>("dialog", parameters));
        _dialogs.WaitForAssertion(() => Assert.NotEmpty(_dialogs.FindAll("input")));
        if (typeof(Dashboard.Web.Components.Shared.FormDialog).IsAssignableFrom(typeof(TDialog)))
        {
            // Its submit button is disabled until the form is read, as a user sees it.
            _dialogs.WaitForAssertion(() => Assert.DoesNotContain(_dialogs.FindAll(".mud-dialog-actions button.mud-button-filled"), b => b.HasAttribute("disabled")));
        }
        return _dialogs;
    }

    public async Task InitializeAsync() => await Get<DatabaseInitializer>().InitializeAsync();

    /// <summary>Signs the test in as <paramref name="userName"/> scoped to <paramref name="projectName"/>, with their roles there.</summary>
    protected async Task SignInAsync(string userName, string projectName)
    {
        var identity = Get<IdentityService>();
        var user = (await identity.FindUserAsync(userName))!;
        var project = (await identity.FindProjectAsync(projectName))!;
        var roles = await identity.RolesOnAsync(user.Id, project.Id);
        _authorization.SetAuthorized(userName);
        _authorization.SetRoles([.. roles]);
        _authorization.SetClaims(new Claim(ClaimTypes.NameIdentifier, user.Id), new Claim(DashboardSignIn.ProjectIdClaim, project.Id), new Claim(DashboardSignIn.ProjectNameClaim, project.Name));
        // bUnit's authorization stands in for the app's policy provider: it grants the rules the app's enforcer grants this user.
        var policy = Get<Dashboard.Core.Policies.PolicyEnforcer>();
        var caller = policy.CallerOf(user.Id, user.Name, project.Id, roles);
        _authorization.SetPolicies([.. policy.Rules.Select(r => r.Name).Where(rule => policy.Allows(caller, rule, Dashboard.Core.Policies.PolicyTarget.OfProject(project.Id)))]);
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await DisposeAsync();
        SqliteConnection.ClearAllPools();
        foreach (var file in new[] { _database, _database + "-wal", _database + "-shm" })
        {
            File.Delete(file);
        }
    }
}

public static class RenderedExtensions
{
    /// <summary>
    /// Finds an element and clicks it in one step on the renderer, so no re-render (a live refresh, an
    /// async validation) can come between and leave the click on a stale handler.
    /// </summary>
    public static void ClickOn<T>(this IRenderedComponent<T> rendered, Func<IRenderedComponent<T>, AngleSharp.Dom.IElement> find) where T : IComponent =>
        rendered.InvokeAsync(() => find(rendered).Click()).GetAwaiter().GetResult();

    /// <summary>Finds a field and changes its value in one step on the renderer, for the same reason as <see cref="ClickOn{T}"/>.</summary>
    public static void ChangeOn<T>(this IRenderedComponent<T> rendered, Func<IRenderedComponent<T>, AngleSharp.Dom.IElement> find, string value) where T : IComponent =>
        rendered.InvokeAsync(() => find(rendered).Change(value)).GetAwaiter().GetResult();
}
