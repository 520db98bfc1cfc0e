using Dashboard.Core.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Dashboard.Core.Identity;

/// <summary>A login name's failed attempts in a row, and until when it is locked (Keystone keeps the same on its users).</summary>
public sealed class LoginFailure
{
    public string UserName { get; init; } = "";
    public int Failures { get; set; }
    public DateTime? LockedUntil { get; set; }
}

/// <summary>
/// Keystone's lockout: after <c>LockoutFailureAttempts</c> failed logins in a row a user is locked
/// for <c>LockoutDurationSeconds</c>, even with the right password. Kept in the database, as Keystone
/// keeps it, so every instance sharing a store counts the same attempts and a restart forgets none.
/// </summary>
public sealed class LoginThrottle(Transactions transactions, IOptions<IdentityOptions> options, TimeProvider clock)
{
    /// <summary>
    /// One login attempt under the lockout: refused with <paramref name="locked"/> while the name is locked; otherwise
    /// <paramref name="authenticate"/> runs, and its <see cref="Errors.AuthenticationException"/> counts as a failure.
    /// A success clears earlier failures; a user without any costs one read, no write.
    /// </summary>
    public async Task<T> AttemptAsync<T>(string userName, Func<Task<T>> authenticate, Func<Exception> locked, CancellationToken ct = default)
    {
        var failure = await transactions.ReadAsync(db => db.LoginFailures.FirstOrDefaultAsync(f => f.UserName == userName, ct), ct);
        if (failure is not null && Locked(failure))
        {
            throw locked();
        }
        T result;
        try
        {
            result = await authenticate();
        }
        catch (Errors.AuthenticationException)
        {
            await FailedAsync(userName, ct);
            throw;
        }
        if (failure is not null)
        {
            await transactions.WriteAsync(db => db.LoginFailures.Where(f => f.UserName == userName).ExecuteDeleteAsync(ct), ct);
        }
        return result;
    }

    private Task FailedAsync(string userName, CancellationToken ct = default) =>
        transactions.WriteAsync(async db =>
        {
            var failure = await db.LoginFailures.FirstOrDefaultAsync(f => f.UserName == userName, ct);
            if (failure is null)
            {
                failure = new LoginFailure { UserName = userName };
                db.LoginFailures.Add(failure);
            }
            // A failure while locked extends the lock; after a lock has run out, counting starts again.
            failure.Failures = (Locked(failure) ? failure.Failures : failure.Failures % options.Value.LockoutFailureAttempts) + 1;
            failure.LockedUntil = failure.Failures >= options.Value.LockoutFailureAttempts
                ? clock.GetUtcNow().UtcDateTime.AddSeconds(options.Value.LockoutDurationSeconds)
                : null;
        }, ct);

    private bool Locked(LoginFailure failure) => failure.LockedUntil is { } until && until > clock.GetUtcNow().UtcDateTime;
}
