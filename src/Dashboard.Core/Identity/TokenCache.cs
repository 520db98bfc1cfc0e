using System.Collections.Concurrent;

namespace Dashboard.Core.Identity;

/// <summary>
/// Validated tokens kept for a short while, as keystonemiddleware caches them (there: 300 s), so a
/// request costs no identity query. Revoking a token, or any change to users, roles or projects,
/// clears what it could affect once it commits: it hears of it as every committed change is heard
/// (<see cref="Events.IdentityChanged"/>), so on PostgreSQL every instance clears at once.
/// </summary>
public sealed class TokenCache : IDisposable
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(30);

    private readonly ConcurrentDictionary<string, (TokenInfo Info, DateTime Until)> _entries = new(StringComparer.Ordinal);
    private readonly TimeProvider _clock;
    private readonly IDisposable _subscription;

    public TokenCache(TimeProvider clock, Events.INetworkEvents events)
    {
        _clock = clock;
        _subscription = events.Subscribe(change =>
        {
            switch (change)
            {
                case Events.IdentityChanged { TokenId: { } one }:
                    Remove(one);
                    break;
                case Events.IdentityChanged or Events.EventsMissed:
                    Clear();
                    break;
            }
        });
    }

    public void Dispose() => _subscription.Dispose();

    public bool TryGet(string hash, out TokenInfo info)
    {
        var now = _clock.GetUtcNow().UtcDateTime;
        if (_entries.TryGetValue(hash, out var entry) && entry.Until > now && entry.Info.Token.ExpiresAt > now)
        {
            info = entry.Info;
            return true;
        }
        _entries.TryRemove(hash, out _);
        info = null!;
        return false;
    }

    public void Add(string hash, TokenInfo info)
    {
        if (_entries.Count > 100_000)
        {
            _entries.Clear();
        }
        _entries[hash] = (info, _clock.GetUtcNow().UtcDateTime + Lifetime);
    }

    private void Remove(string hash) => _entries.TryRemove(hash, out _);

    private void Clear() => _entries.Clear();
}
