using System.Net;
using Microsoft.Extensions.DependencyInjection;

namespace Dashboard.Web.Tests.Ui;

/// <summary>The dashboard's sign-in over HTTP, as a browser does it: the login form, the cookie, redirects.</summary>
public class SignInTests : IAsyncLifetime
{
    private readonly DashboardFactory _factory = new();
    private HttpClient _browser = null!;

    public Task InitializeAsync()
    {
        _browser = Browser.Open(_factory);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _factory.DisposeAsync();

    private Task<HttpResponseMessage> LogInAsync(string user, string password, string returnUrl = "") =>
        Browser.LogInAsync(_browser, user, password, returnUrl);

    [Fact]
    public async Task Every_page_but_login_requires_signing_in()
    {
        var response = await _browser.GetAsync("/project/networks");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/login", response.Headers.Location!.PathAndQuery);
        Assert.Equal(HttpStatusCode.OK, (await _browser.GetAsync("/login")).StatusCode);
    }

    [Fact]
    public async Task Wrong_password_shows_a_message_and_sets_no_cookie()
    {
        var response = await LogInAsync("demo", "wrong");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Invalid credentials given.", await response.Content.ReadAsStringAsync());
        Assert.False(response.Headers.Contains("Set-Cookie") && response.Headers.GetValues("Set-Cookie").Any(c => c.StartsWith("dashboard_session")));
    }

    [Fact]
    public async Task Failures_through_the_api_lock_the_login_page_too_and_a_success_before_the_lock_starts_the_count_again()
    {
        using var api = _factory.CreateClient();
        async Task<HttpResponseMessage> ApiLogin(string password) =>
            await api.PostAsync("/identity/v3/auth/tokens", Api.ApiSession.Json(Api.ApiSession.PasswordAuth("alt_demo", password, "alt_demo")));

        // Four failures, then the right password: the count starts again, so four more failures still do not lock.
        for (var i = 0; i < 4; i++)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await ApiLogin("wrong")).StatusCode);
        }
        Assert.Equal(HttpStatusCode.Created, (await ApiLogin("web-test-demo")).StatusCode);
        for (var i = 0; i < 4; i++)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await ApiLogin("wrong")).StatusCode);
        }
        Assert.Equal(HttpStatusCode.Created, (await ApiLogin("web-test-demo")).StatusCode);

        // Five in a row lock the name: the login page refuses even the right password, and says why.
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await ApiLogin("wrong")).StatusCode);
        }
        var page = await LogInAsync("alt_demo", "web-test-demo");

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("This account is locked for a while", await page.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Right_password_signs_in_and_returns_to_the_page_asked_for()
    {
        var response = await LogInAsync("demo", "web-test-demo", "?returnUrl=%2Fproject%2Fnetworks");
        var page = await _browser.GetAsync("/project/networks");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/project/networks", Target(response));
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("Create Network", await page.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_user_of_another_domain_signs_in_by_naming_it_and_not_while_it_is_disabled()
    {
        var identity = (Dashboard.Core.Identity.IdentityService)_factory.Services.GetService(typeof(Dashboard.Core.Identity.IdentityService))!;
        var acme = await identity.CreateDomainAsync("acme");
        var project = await identity.CreateProjectAsync("demo", domainId: acme.Id);
        var user = await identity.CreateUserAsync("demo", "acme-demo-pw", project.Id, domainId: acme.Id);
        await identity.AssignRoleAsync(project.Id, user.Id, "member");

        var wrongDomain = await LogInAsync("demo", "acme-demo-pw"); // the Default domain's demo has another password
        Assert.Equal(HttpStatusCode.OK, wrongDomain.StatusCode);
        Assert.Contains("Invalid credentials given.", await wrongDomain.Content.ReadAsStringAsync());

        var response = await Browser.LogInAsync(_browser, "demo", "acme-demo-pw", domain: "acme");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _browser.GetAsync("/project/networks")).StatusCode);

        await identity.UpdateDomainAsync(acme.Id, enabled: false);
        Assert.Equal(HttpStatusCode.Redirect, (await _browser.GetAsync("/project/networks")).StatusCode); // the session ends with its domain
        var refused = await Browser.LogInAsync(Browser.Open(_factory), "demo", "acme-demo-pw", domain: "acme");
        Assert.Contains("Invalid credentials given.", await refused.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Return_urls_off_the_site_are_ignored()
    {
        var response = await LogInAsync("demo", "web-test-demo", "?returnUrl=%2F%2Fevil.example%2F");

        Assert.Equal("/", Target(response));
    }

    [Fact]
    public async Task A_member_cannot_open_admin_pages_and_sees_no_admin_section()
    {
        await LogInAsync("demo", "web-test-demo");

        var admin = await _browser.GetAsync("/admin/overview");
        var overview = await (await _browser.GetAsync("/project/overview")).Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.Redirect, admin.StatusCode);
        Assert.StartsWith("/access-denied", admin.Headers.Location!.PathAndQuery);
        Assert.DoesNotContain("admin/overview", overview);
    }

    [Fact]
    public async Task An_admin_sees_the_admin_section_and_its_pages()
    {
        await LogInAsync("admin", "web-test-admin");

        var overview = await (await _browser.GetAsync("/project/overview")).Content.ReadAsStringAsync();
        var admin = await _browser.GetAsync("/admin/overview");

        Assert.Contains("admin/overview", overview);
        Assert.Equal(HttpStatusCode.OK, admin.StatusCode);
        Assert.Contains("compute1", await admin.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Switching_project_rescopes_the_session_and_only_to_projects_with_a_role()
    {
        var identity = (Dashboard.Core.Identity.IdentityService)_factory.Services.GetService(typeof(Dashboard.Core.Identity.IdentityService))!;
        var demoUser = (await identity.FindUserAsync("demo"))!;
        var alt = (await identity.FindProjectAsync("alt_demo"))!;
        await LogInAsync("demo", "web-test-demo");

        var refused = await _browser.GetAsync($"/account/switch-project?projectId={alt.Id}&returnUrl=%2Fproject%2Fnetworks");
        var stillDemo = await (await _browser.GetAsync("/project/overview")).Content.ReadAsStringAsync();
        await identity.AssignRoleAsync(alt.Id, demoUser.Id, "member");
        var switched = await _browser.GetAsync($"/account/switch-project?projectId={alt.Id}&returnUrl=%2Fproject%2Fnetworks");
        var nowAlt = await (await _browser.GetAsync("/project/overview")).Content.ReadAsStringAsync();

        Assert.Equal("/", Target(refused));
        Assert.Contains(">demo<", stillDemo.Replace(" ", ""));
        Assert.Equal("/project/networks", Target(switched));
        Assert.Contains(">alt_demo<", nowAlt.Replace(" ", ""));
    }

    [Fact]
    public async Task Sign_out_ends_the_session()
    {
        await LogInAsync("demo", "web-test-demo");
        var overview = await _browser.GetStringAsync("/project/overview");
        var token = Browser.Antiforgery(overview);

        var logout = await _browser.PostAsync("/account/logout", new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token }));
        var after = await _browser.GetAsync("/project/overview");

        Assert.Equal("/login", Target(logout));
        Assert.Equal(HttpStatusCode.Redirect, after.StatusCode);
    }

    [Fact]
    public async Task A_password_change_or_a_disabled_account_ends_the_users_open_sessions_and_the_login_page_says_why()
    {
        await LogInAsync("demo", "web-test-demo");
        var other = Browser.Open(_factory);
        await Browser.LogInAsync(other, "alt_demo", "web-test-demo");
        Assert.Equal(HttpStatusCode.OK, (await _browser.GetAsync("/project/overview")).StatusCode);
        var identity = _factory.Services.GetRequiredService<Dashboard.Core.Identity.IdentityService>();
        var demo = (await identity.FindUserAsync("demo"))!;

        await identity.ChangePasswordAsync(demo.Id, "web-test-demo", "changed-demo-pw");

        var after = await _browser.GetAsync("/project/overview");
        Assert.Equal(HttpStatusCode.Redirect, after.StatusCode);
        Assert.StartsWith("/login", Target(after));
        Assert.Equal(HttpStatusCode.OK, (await other.GetAsync("/project/overview")).StatusCode); // another user's session stands
        var login = await _browser.GetStringAsync("/login?reason=password-changed");
        Assert.Contains("Password changed. Please log in again to continue.", login);
        Assert.Equal("/", Target(await LogInAsync("demo", "changed-demo-pw")));
        Assert.Equal(HttpStatusCode.OK, (await _browser.GetAsync("/project/overview")).StatusCode);

        var alt = (await identity.FindUserAsync("alt_demo"))!;
        await identity.UpdateUserAsync(alt.Id, enabled: false);
        Assert.Equal(HttpStatusCode.Redirect, (await other.GetAsync("/project/overview")).StatusCode);
    }

    /// <summary>Where a redirect goes, resolved against the site; fails if it leaves the site.</summary>
    private string Target(HttpResponseMessage response)
    {
        var target = new Uri(_browser.BaseAddress!, response.Headers.Location!);
        Assert.Equal(_browser.BaseAddress!.Authority, target.Authority);
        return target.PathAndQuery;
    }
}
