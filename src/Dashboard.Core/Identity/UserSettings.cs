using Dashboard.Core.Errors;
using Dashboard.Core.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Dashboard.Core.Identity;

/// <summary>
/// A user's own settings, as Horizon's Settings panel keeps them: how many rows a list shows per page, the time zone
/// times are shown in, and the console's theme. Kept in the database, so they follow the user across sign-ins,
/// browsers and instances. A user who never saved any has <see cref="Defaults"/>.
/// </summary>
public sealed class UserSettings
{
    public const int MinPageSize = 1;

    /// <summary>Horizon's maximum for "Items Per Page" (its API_RESULT_LIMIT).</summary>
    public const int MaxPageSize = 1000;

    public static readonly IReadOnlyList<string> Themes = ["light", "dark"];

    /// <summary>What is wrong with an items-per-page that is not a number in range (said once, for the model and the form).</summary>
    public static string PageSizeProblem => $"Items per page must be between {MinPageSize} and {MaxPageSize}.";

    public string UserId { get; init; } = "";

    /// <summary>Rows per page in every list of the console (Horizon's default: 20).</summary>
    public int PageSize { get; set; } = 20;

    /// <summary>An IANA time zone ID (<c>Europe/Paris</c>); times are stored in UTC and shown in this zone.</summary>
    public string TimeZone { get; set; } = "UTC";

    /// <summary><c>light</c> or <c>dark</c>.</summary>
    public string Theme { get; set; } = "light";

    public static UserSettings Defaults(string userId) => new() { UserId = userId };

    public TimeZoneInfo Zone => TimeZoneInfo.TryFindSystemTimeZoneById(TimeZone, out var zone) ? zone : TimeZoneInfo.Utc;

    /// <summary>A UTC time as this user reads it.</summary>
    public DateTime Local(DateTime utc) => TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), Zone);

    /// <summary>Refuses a value out of range, naming the setting: nothing is changed to fit.</summary>
    public void Check()
    {
        if (PageSize is < MinPageSize or > MaxPageSize)
        {
            throw new InvalidInputException(PageSizeProblem) { Attribute = "page_size" };
        }
        if (string.IsNullOrWhiteSpace(TimeZone) || !TimeZoneInfo.TryFindSystemTimeZoneById(TimeZone, out _))
        {
            throw new InvalidInputException($"'{TimeZone}' is not a known time zone.") { Attribute = "timezone" };
        }
        if (!Themes.Contains(Theme))
        {
            throw new InvalidInputException($"Theme must be one of {string.Join(", ", Themes)}.") { Attribute = "theme" };
        }
    }
}

/// <summary>Reads and saves a user's <see cref="UserSettings"/>.</summary>
public sealed class UserSettingsService(Transactions transactions)
{
    /// <summary>The time zones a user can choose from: the machine's IANA IDs, sorted.</summary>
    public static IReadOnlyList<string> TimeZones { get; } = TimeZoneInfo.GetSystemTimeZones()
        .Select(z => z.Id).Append("UTC").Distinct().Order(StringComparer.Ordinal).ToList();

    public Task<UserSettings> GetAsync(string userId, CancellationToken ct = default) =>
        transactions.ReadAsync(async db => await db.UserSettings.AsNoTracking().FirstOrDefaultAsync(s => s.UserId == userId, ct) ?? UserSettings.Defaults(userId), ct);

    /// <summary>Saves all three settings at once, after checking them; the user must exist.</summary>
    public Task<UserSettings> SaveAsync(string userId, int pageSize, string timeZone, string theme, CancellationToken ct = default)
    {
        var wanted = new UserSettings { UserId = userId, PageSize = pageSize, TimeZone = timeZone.Trim(), Theme = theme };
        wanted.Check();
        return transactions.WriteAsync(async db =>
        {
            if (!await db.Users.AnyAsync(u => u.Id == userId, ct))
            {
                throw NotFoundException.Of("user", userId);
            }
            var stored = await db.UserSettings.FirstOrDefaultAsync(s => s.UserId == userId, ct);
            if (stored is null)
            {
                db.UserSettings.Add(wanted);
                return wanted;
            }
            (stored.PageSize, stored.TimeZone, stored.Theme) = (wanted.PageSize, wanted.TimeZone, wanted.Theme);
            return stored;
        }, ct);
    }
}
