using Bunit;
using Dashboard.Core.Identity;
using Dashboard.Web.Components.Pages.Profile;
using Dashboard.Web.Components.Pages.Project.Networks;
using Microsoft.AspNetCore.Components;

namespace Dashboard.Web.Tests.Components;

public class SettingsPageTests : ComponentTest
{
    [Fact]
    public async Task Settings_out_of_range_are_refused_beside_their_field_and_good_ones_are_kept_for_the_user()
    {
        await SignInAsync("demo", "demo");
        var demo = (await Get<IdentityService>().FindUserAsync("demo"))!;
        var page = Render<Settings>();
        page.WaitForAssertion(() => Assert.Equal("20", page.Find("[data-testid=page-size]").GetAttribute("value")));

        foreach (var wrong in new[] { "0", "1001", "twenty" })
        {
            page.ChangeOn(p => p.Find("[data-testid=page-size]"), wrong);
            page.ClickOn(p => p.Find("[data-testid=save-settings]"));
            page.WaitForAssertion(() => Assert.Contains("Items per page must be between 1 and 1000.", ErrorOf(page, "page-size")));
            Assert.Equal(20, (await Get<UserSettingsService>().GetAsync(demo.Id)).PageSize);
        }

        page.ChangeOn(p => p.Find("[data-testid=page-size]"), "50");
        TypeZone(page, "Mars/Olympus");
        page.ClickOn(p => p.Find("[data-testid=save-settings]"));
        page.WaitForAssertion(() => Assert.Contains("is not a known time zone", page.Markup));
        Assert.Equal(20, (await Get<UserSettingsService>().GetAsync(demo.Id)).PageSize);

        TypeZone(page, "Europe/Paris");
        page.ClickOn(p => p.Find("[data-testid=save-settings]"));
        await WaitAsync(async () => (await Get<UserSettingsService>().GetAsync(demo.Id)) is { PageSize: 50, TimeZone: "Europe/Paris" });
        Assert.Equal(20, (await Get<UserSettingsService>().GetAsync((await Get<IdentityService>().FindUserAsync("alt_demo"))!.Id)).PageSize);
    }

    [Fact]
    public async Task Change_password_checks_beside_each_field_then_changes_it_and_sends_the_user_to_sign_in_again()
    {
        await SignInAsync("demo", "demo");
        var navigation = Get<NavigationManager>();
        navigation.NavigateTo("settings/password");
        var page = Render<Settings>();
        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("[data-testid=current-password]")));

        page.ChangeOn(p => p.Find("[data-testid=current-password]"), "bunit-demo");
        page.ChangeOn(p => p.Find("[data-testid=new-password]"), "new-demo-pw");
        page.ChangeOn(p => p.Find("[data-testid=confirm-password]"), "new-demo-pX");
        page.ClickOn(p => p.Find("[data-testid=change-password]"));
        page.WaitForAssertion(() => Assert.Contains("Passwords do not match.", ErrorOf(page, "confirm-password")));

        page.ChangeOn(p => p.Find("[data-testid=current-password]"), "not-it");
        page.ChangeOn(p => p.Find("[data-testid=confirm-password]"), "new-demo-pw");
        page.ClickOn(p => p.Find("[data-testid=change-password]"));
        page.WaitForAssertion(() => Assert.Contains("The current password is not correct.", ErrorOf(page, "current-password")));
        await Get<IdentityService>().AuthenticateAsync("demo", "bunit-demo");

        page.ChangeOn(p => p.Find("[data-testid=current-password]"), "bunit-demo");
        page.ClickOn(p => p.Find("[data-testid=change-password]"));

        page.WaitForAssertion(() => Assert.EndsWith("login?reason=password-changed", navigation.Uri));
        await Get<IdentityService>().AuthenticateAsync("demo", "new-demo-pw");
    }

    [Fact]
    public async Task Lists_show_the_users_items_per_page()
    {
        await SignInAsync("admin", "admin");
        var settings = new UserSettings { PageSize = 1 };

        var page = Render<CascadingValue<UserSettings>>(p => p.Add(c => c.Value, settings).AddChildContent<Networks>());

        page.WaitForAssertion(() => Assert.Single(page.FindAll("tbody tr")));
        Assert.Contains("1-1 of", page.Markup);
    }

    // The zone is an autocomplete: typed, then left (its value is the text once the field loses focus).
    private static void TypeZone(IRenderedComponent<Settings> page, string zone) => page.InvokeAsync(() =>
    {
        var input = page.Find("[data-testid=timezone]");
        input.Input(zone);
        input.Blur();
    }).GetAwaiter().GetResult();

    /// <summary>The error a field shows beside it (MudBlazor puts the test ID on the input).</summary>
    private static string ErrorOf(IRenderedComponent<Settings> page, string testId) =>
        page.Find($"[data-testid={testId}]").Closest(".mud-input-control")?.QuerySelector(".mud-input-helper-text.mud-input-error")?.TextContent ?? "";

    private static async Task WaitAsync(Func<Task<bool>> condition)
    {
        var until = DateTime.UtcNow.AddSeconds(30);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < until, "the condition did not hold within 30 s");
            await Task.Delay(50);
        }
    }
}
