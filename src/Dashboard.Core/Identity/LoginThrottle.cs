using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace Dashboard.Core.Identity;

/// <summary>
/// Keystone's lockout: after <c>LockoutFailureAttempts</c> failed logins in a row a user is locked
/// for <c>LockoutDurationSeconds</c>, even with the right password. Per process, in memory.
/// </summary>
public sealed class LoginThrottle(IOptions<IdentityOptions> options, TimeProvider clock)
{
    private readonly ConcurrentDictionary<string, (int Failures, DateTimeOffset LockedUntil)> _state = new(StringComparer.Ordinal);

    public bool IsLocked(string userName) =>
        _state.TryGetValue(userName, out var s) && s.LockedUntil > clock.GetUtcNow();

    public void Failed(string userName) =>
        _state.AddOrUpdate(userName, _ => Next(0), (_, s) => Next(s.LockedUntil > clock.GetUtcNow() ? s.Failures : s.Failures % options.Value.LockoutFailureAttempts));

    public void Succeeded(string userName) => _state.TryRemove(userName, out _);

    private (int, DateTimeOffset) Next(int failures)
    {
        failures++;
        var locked = failures >= options.Value.LockoutFailureAttempts
            ? clock.GetUtcNow().AddSeconds(options.Value.LockoutDurationSeconds)
            : DateTimeOffset.MinValue;
        return (failures, locked);
    }
}
