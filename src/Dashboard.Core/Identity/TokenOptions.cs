namespace Dashboard.Core.Identity;

/// <summary><c>Identity</c> section: token lifetime (Keystone's <c>[token] expiration</c>) and the failed-login lockout.</summary>
public sealed class IdentityOptions
{
    public const string Section = "Identity";

    public int TokenExpirationSeconds { get; set; } = 3600;

    /// <summary>Keystone's <c>lockout_failure_attempts</c>.</summary>
    public int LockoutFailureAttempts { get; set; } = 5;

    /// <summary>Keystone's <c>lockout_duration</c>, seconds.</summary>
    public int LockoutDurationSeconds { get; set; } = 60;
}
