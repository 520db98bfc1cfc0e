using System.Globalization;
using System.Security.Claims;
using Dashboard.Core.Errors;
using Dashboard.Core.Identity;
using Dashboard.Web.Account;
using Dashboard.Web.Components.Shared;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using MudBlazor;

namespace Dashboard.Web.Components.Pages.Profile;

/// <summary>
/// Horizon's Settings: the user's own settings (items per page, time zone, theme), kept across sign-ins, and Change
/// Password, after which every session of the user ends and they sign in again. Every error is shown beside its field.
/// </summary>
public partial class Settings
{
    private int _tab;
    private string _pageSize = "";
    private string _timeZone = "";
    private string _theme = "";
    private string _current = "";
    private string _new = "";
    private string _confirm = "";
    private bool _busy;
    private Dictionary<string, string> _errors = [];

    [Inject] private UserPreferences Preferences { get; set; } = default!;
    [Inject] private IdentityService Identity { get; set; } = default!;
    [Inject] private AuthenticationStateProvider Authentication { get; set; } = default!;
    [Inject] private NavigationManager Navigation { get; set; } = default!;
    [Inject] private ISnackbar Snackbar { get; set; } = default!;

    protected override async Task OnInitializedAsync()
    {
        _tab = Navigation.ToBaseRelativePath(Navigation.Uri).StartsWith("settings/password", StringComparison.Ordinal) ? 1 : 0;
        var settings = await Preferences.GetAsync();
        (_pageSize, _timeZone, _theme) = (settings.PageSize.ToString(CultureInfo.InvariantCulture), settings.TimeZone, settings.Theme);
    }

    // Each tab has its own address, as Horizon's /settings/ and /settings/password/.
    private void TabChanged(int index)
    {
        _tab = index;
        _errors = [];
        Navigation.NavigateTo(index == 1 ? "settings/password" : "settings", replace: true);
    }

    private Task<IEnumerable<string>> SearchZonesAsync(string? text, CancellationToken _) =>
        Task.FromResult(UserSettingsService.TimeZones.Where(z => string.IsNullOrWhiteSpace(text) || z.Contains(text.Trim(), StringComparison.OrdinalIgnoreCase)));

    private async Task SaveSettingsAsync()
    {
        _errors = [];
        // A number that does not parse is refused as one out of range is: nothing is changed to fit.
        if (!int.TryParse(_pageSize.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var pageSize))
        {
            _errors["page_size"] = UserSettings.PageSizeProblem;
            return;
        }
        await RunAsync(async () =>
        {
            await Preferences.SaveAsync(pageSize, _timeZone ?? "", _theme);
            Snackbar.Add("Settings saved.", Severity.Success);
        });
    }

    private async Task ChangePasswordAsync()
    {
        _errors = [];
        if (_current == "")
        {
            _errors["original_password"] = "Enter your current password.";
        }
        if (_new != _confirm)
        {
            _errors["confirm"] = "Passwords do not match.";
        }
        if (_errors.Count > 0)
        {
            return;
        }
        await RunAsync(async () =>
        {
            var userId = (await Authentication.GetAuthenticationStateAsync()).User.FindFirstValue(ClaimTypes.NameIdentifier) ?? "";
            try
            {
                await Identity.ChangePasswordAsync(userId, _current, _new);
            }
            catch (AccountLockedException e)
            {
                _errors["original_password"] = e.Message;
                return;
            }
            catch (AuthenticationException)
            {
                _errors["original_password"] = "The current password is not correct.";
                return;
            }
            // The session's password is no longer the account's: the next request signs it out; the login page says why.
            Navigation.NavigateTo("login?reason=password-changed", forceLoad: true);
        });
    }

    private async Task RunAsync(Func<Task> action)
    {
        _busy = true;
        try
        {
            await action();
        }
        catch (InvalidInputException e)
        {
            _errors[e.Attribute ?? "password"] = ErrorText.Of(e);
        }
        finally
        {
            _busy = false;
        }
    }
}
