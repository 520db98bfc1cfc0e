using Dashboard.Core.Errors;
using Dashboard.Core.Identity;
using Dashboard.Core.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace Dashboard.Core.Tests.Identity;

public class PasswordAndSettingsTests
{
    [Fact]
    public async Task Changing_ones_password_needs_the_original_and_revokes_every_token_of_the_user()
    {
        await using var cloud = await TestCloud.CreateAsync(bootstrap: true);
        var tokens = cloud.Get<TokenService>();
        var admin = await cloud.Identity.AuthenticateAsync("admin", "secret-admin");
        var (first, _) = await tokens.IssueAsync(admin, null, ["password"]);
        var (second, _) = await tokens.IssueAsync(admin, null, ["password"]);
        Assert.NotNull(await tokens.ValidateAsync(first)); // now cached, as a request would have it
        var stampBefore = IdentityService.SessionStampOf(admin);

        await Assert.ThrowsAsync<AuthenticationException>(() => cloud.Identity.ChangePasswordAsync(admin.Id, "not-it", "new-secret"));
        await cloud.Identity.AuthenticateAsync("admin", "secret-admin"); // a wrong original changes nothing
        Assert.NotNull(await tokens.ValidateAsync(second));
        var empty = await Assert.ThrowsAsync<InvalidInputException>(() => cloud.Identity.ChangePasswordAsync(admin.Id, "secret-admin", ""));
        Assert.Equal("password", empty.Attribute);

        await cloud.Identity.ChangePasswordAsync(admin.Id, "secret-admin", "new-secret");

        await Assert.ThrowsAsync<AuthenticationException>(() => cloud.Identity.AuthenticateAsync("admin", "secret-admin"));
        var changed = await cloud.Identity.AuthenticateAsync("admin", "new-secret");
        Assert.Null(await tokens.ValidateAsync(first));
        Assert.Null(await tokens.ValidateAsync(second));
        Assert.NotEqual(stampBefore, IdentityService.SessionStampOf(changed));
    }

    [Fact]
    public async Task An_admin_setting_a_users_password_revokes_that_users_tokens_only()
    {
        await using var cloud = await TestCloud.CreateAsync(bootstrap: true);
        var tokens = cloud.Get<TokenService>();
        var admin = await cloud.Identity.AuthenticateAsync("admin", "secret-admin");
        var other = await cloud.Identity.CreateUserAsync("other", "other-pw");
        var (adminToken, _) = await tokens.IssueAsync(admin, null, ["password"]);
        var (otherToken, _) = await tokens.IssueAsync(other, null, ["password"]);

        await cloud.Identity.UpdateUserAsync(other.Id, password: "reset-pw");

        Assert.Null(await tokens.ValidateAsync(otherToken));
        Assert.NotNull(await tokens.ValidateAsync(adminToken));
    }

    [Fact]
    public async Task Settings_start_at_Horizons_defaults_are_kept_per_user_and_a_value_out_of_range_is_refused_not_changed()
    {
        await using var cloud = await TestCloud.CreateAsync(bootstrap: true);
        var settings = cloud.Get<UserSettingsService>();
        var admin = await cloud.Identity.AuthenticateAsync("admin", "secret-admin");
        var other = await cloud.Identity.CreateUserAsync("other", "other-pw");

        var defaults = await settings.GetAsync(admin.Id);
        Assert.Equal((20, "UTC", "light"), (defaults.PageSize, defaults.TimeZone, defaults.Theme));

        await settings.SaveAsync(admin.Id, 50, "Europe/Paris", "dark");
        await using var reopened = cloud.Reopen();
        var saved = await reopened.Get<UserSettingsService>().GetAsync(admin.Id);
        Assert.Equal((50, "Europe/Paris", "dark"), (saved.PageSize, saved.TimeZone, saved.Theme));
        Assert.Equal(new DateTime(2026, 7, 1, 14, 0, 0), saved.Local(new DateTime(2026, 7, 1, 12, 0, 0, DateTimeKind.Utc)));
        Assert.Equal(20, (await settings.GetAsync(other.Id)).PageSize);

        foreach (var (pageSize, zone, theme, attribute) in new[] { (0, "UTC", "light", "page_size"), (1001, "UTC", "light", "page_size"), (20, "Mars/Olympus", "light", "timezone"), (20, "UTC", "pink", "theme") })
        {
            var error = await Assert.ThrowsAsync<InvalidInputException>(() => settings.SaveAsync(admin.Id, pageSize, zone, theme));
            Assert.Equal(attribute, error.Attribute);
        }
        Assert.Equal(50, (await settings.GetAsync(admin.Id)).PageSize);
        await Assert.ThrowsAsync<NotFoundException>(() => settings.SaveAsync("no-such-user", 20, "UTC", "light"));

        await settings.SaveAsync(other.Id, 100, "UTC", "dark");
        await cloud.Identity.DeleteUserAsync(other.Id);
        Assert.Equal(0, await cloud.QueryAsync(db => db.UserSettings.CountAsync(s => s.UserId == other.Id))); // they went with the user
    }
}
