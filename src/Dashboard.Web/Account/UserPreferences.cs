using System.Security.Claims;
using Dashboard.Core.Identity;
using Microsoft.AspNetCore.Components.Authorization;

namespace Dashboard.Web.Account;

/// <summary>
/// The signed-in user's settings for this circuit (items per page, time zone, theme), read once and kept in step when
/// the user saves them: the layout switches theme and the lists their page size without a reload.
/// </summary>
public sealed class UserPreferences(AuthenticationStateProvider authentication, UserSettingsService settings)
{
    private UserSettings? _current;

    /// <summary>Raised after the user saved new settings in this circuit.</summary>
    public event Action<UserSettings>? Changed;

    /// <summary>The user's settings; Horizon's defaults before they saved any, or when nobody is signed in.</summary>
    public async Task<UserSettings> GetAsync()
    {
        if (_current is null)
        {
            var userId = await UserIdAsync();
            _current = userId == "" ? UserSettings.Defaults("") : await settings.GetAsync(userId);
        }
        return _current;
    }

    /// <summary>Saves all three (refused with the setting's name when one is out of range) and tells the circuit.</summary>
    public async Task<UserSettings> SaveAsync(int pageSize, string timeZone, string theme)
    {
        _current = await settings.SaveAsync(await UserIdAsync(), pageSize, timeZone, theme);
        Changed?.Invoke(_current);
        return _current;
    }

    /// <summary>Only the theme (the app bar's light/dark switch), keeping the other two.</summary>
    public async Task SaveThemeAsync(bool dark)
    {
        var now = await GetAsync();
        await SaveAsync(now.PageSize, now.TimeZone, dark ? "dark" : "light");
    }

    /// <summary>A list's rows per page: the user's setting (cascaded by the layout), Horizon's 20 without one.</summary>
    public static int PageSizeOf(UserSettings? settings) => settings?.PageSize ?? 20;

    /// <summary>The page sizes a list's pager offers: the usual ones and the user's own.</summary>
    public static int[] PageSizeOptions(UserSettings? settings) => new[] { 20, 50, 100, PageSizeOf(settings) }.Distinct().Order().ToArray();

    private async Task<string> UserIdAsync() =>
        (await authentication.GetAuthenticationStateAsync()).User.FindFirstValue(ClaimTypes.NameIdentifier) ?? "";
}
