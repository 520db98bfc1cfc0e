using System.Security.Cryptography;
using System.Text;
using Dashboard.Core.Errors;
using Dashboard.Core.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Dashboard.Core.Identity;

/// <summary>What a valid token stands for: who, scoped to which project, with which roles there.</summary>
public sealed record TokenInfo(
    Token Token, User User, Project? Project, IReadOnlyList<Role> Roles)
{
    /// <summary>The user's domain's name (tokens name it beside its ID).</summary>
    public string UserDomainName { get; init; } = Domains.DefaultName;

    /// <summary>The project's domain's name, when scoped.</summary>
    public string ProjectDomainName { get; init; } = Domains.DefaultName;

    /// <summary>The domain a domain-scoped token is scoped to.</summary>
    public Domain? Domain { get; init; }

    /// <summary>The application credential the token was made from, if any.</summary>
    public ApplicationCredential? ApplicationCredential { get; init; }
}

/// <summary>Keystone's token provider: random 256-bit tokens, stored hashed, expiring and revocable.</summary>
public sealed class TokenService(Transactions transactions, IOptions<IdentityOptions> options, TimeProvider clock, TokenCache cache)
{
    /// <summary>Issues a token for <paramref name="user"/>, scoped to <paramref name="projectId"/> when given (the user needs a role there).</summary>
    /// <summary>
    /// A new token for the user, scoped to the project (or unscoped). <paramref name="rescoped"/>: the token it is made
    /// from (Keystone's <c>token</c> method), whose expiry it keeps and whose methods it adds to its own.
    /// </summary>
    public Task<(string Token, TokenInfo Info)> IssueAsync(User user, string? projectId, IReadOnlyList<string> methods, Token? rescoped = null, CancellationToken ct = default,
        string? domainId = null, ApplicationCredential? credential = null, bool system = false) =>
        transactions.WriteAsync(async db =>
        {
            // From an application credential: its project, and only its roles the user still holds there.
            credential ??= rescoped?.ApplicationCredentialId is { } from ? await db.ApplicationCredentials.FirstOrDefaultAsync(a => a.Id == from, ct) : null;
            projectId = credential?.ProjectId ?? projectId;
            Domain? domain = null;
            if (domainId is not null)
            {
                // A domain scope needs a role on the domain, the user's own or a group's of theirs.
                domain = await db.Domains.FirstOrDefaultAsync(d => d.Id == domainId && d.Enabled, ct);
                if (domain is null || !await IdentityService.EffectiveOnDomains(db, user.Id).AnyAsync(a => a.DomainId == domainId, ct))
                {
                    throw new AuthenticationException($"User {user.Id} has no access to domain {domainId}");
                }
            }
            Project? project = null;
            if (projectId is not null)
            {
                project = await db.Projects.FirstOrDefaultAsync(p => p.Id == projectId, ct);
                if (project is null || !project.Enabled || !await db.Domains.AnyAsync(d => d.Id == project.DomainId && d.Enabled, ct)
                    || !await IdentityService.Effective(db).AnyAsync(a => a.UserId == user.Id && a.ProjectId == projectId, ct))
                {
                    throw new AuthenticationException($"User {user.Id} has no access to project {projectId}");
                }
            }
            var plain = Base64Url(RandomNumberGenerator.GetBytes(32));
            var now = Truncate(clock.GetUtcNow().UtcDateTime);
            var token = new Token
            {
                Id = Hash(plain),
                UserId = user.Id,
                ProjectId = project?.Id,
                DomainId = domain?.Id,
                System = system && project is null && domain is null,
                ApplicationCredentialId = credential?.Id,
                Methods = string.Join(',', (rescoped?.Methods.Split(',') ?? []).Concat(methods).Distinct(StringComparer.Ordinal)),
                AuditId = Base64Url(RandomNumberGenerator.GetBytes(16)),
                IssuedAt = now,
                ExpiresAt = rescoped?.ExpiresAt ?? now.AddSeconds(options.Value.TokenExpirationSeconds),
            };
            db.Tokens.Add(token);
            var roles = await BoundedAsync(db, await IdentityService.RolesHeldAsync(db, user.Id, project?.Id, domain?.Id, token.System, ct), credential, ct);
            if (credential is not null && roles.Count == 0)
            {
                throw new AuthenticationException($"User {user.Id} no longer holds the roles of application credential {credential.Id} on project {credential.ProjectId}");
            }
            if (roles.Count == 0 && (project is not null || domain is not null || token.System))
            {
                // No role there (a system scope without a system grant), or only domain-specific ones, which are never a token's.
                throw new AuthenticationException($"User {user.Id} has no access to {(project is not null ? $"project {project.Id}" : domain is not null ? $"domain {domain.Id}" : "the system")}");
            }
            return (plain, await WithDomainNamesAsync(db, new TokenInfo(token, user, project, roles) { Domain = domain, ApplicationCredential = credential }, ct));
        }, ct);

    /// <summary>The token's meaning, or null when it is unknown, expired, revoked, or its user or project is disabled.</summary>
    public async Task<TokenInfo?> ValidateAsync(string? plain, CancellationToken ct = default)
    {
        if (string.IsNullOrEmpty(plain) || plain.Length > 256)
        {
            return null;
        }
        var id = Hash(plain);
        if (cache.TryGet(id, out var cached))
        {
            return cached;
        }
        var info = await LoadAsync(id, ct);
        if (info is not null)
        {
            cache.Add(id, info);
        }
        return info;
    }

    private Task<TokenInfo?> LoadAsync(string id, CancellationToken ct) =>
        transactions.ReadAsync(async db =>
        {
            var token = await db.Tokens.FirstOrDefaultAsync(t => t.Id == id, ct);
            if (token is null || token.Revoked || token.ExpiresAt <= clock.GetUtcNow().UtcDateTime)
            {
                return null;
            }
            var user = await db.Users.FirstOrDefaultAsync(u => u.Id == token.UserId, ct);
            var project = token.ProjectId is null ? null : await db.Projects.FirstOrDefaultAsync(p => p.Id == token.ProjectId, ct);
            if (user is null || !user.Enabled || (token.ProjectId is not null && project is not { Enabled: true }))
            {
                return null;
            }
            // A disabled domain ends its users' tokens and those scoped to its projects.
            var domains = new[] { user.DomainId, project?.DomainId ?? user.DomainId };
            if (await db.Domains.CountAsync(d => domains.Contains(d.Id) && d.Enabled, ct) != domains.Distinct().Count())
            {
                return null;
            }
            var domain = token.DomainId is null ? null : await db.Domains.FirstOrDefaultAsync(d => d.Id == token.DomainId && d.Enabled, ct);
            if (token.DomainId is not null && domain is null)
            {
                return null;
            }
            var credential = token.ApplicationCredentialId is null ? null : await db.ApplicationCredentials.FirstOrDefaultAsync(a => a.Id == token.ApplicationCredentialId, ct);
            if (token.ApplicationCredentialId is not null && (credential is null || credential.ExpiresAt <= clock.GetUtcNow().UtcDateTime))
            {
                return null; // the credential was deleted or has expired
            }
            // A scoped token ends with the user's last role on its project or domain (revoked, or the group left), as in Keystone.
            var roles = await BoundedAsync(db, await IdentityService.RolesHeldAsync(db, user.Id, project?.Id, domain?.Id, token.System, ct), credential, ct);
            return (project is not null || domain is not null || token.System) && roles.Count == 0
                ? null
                : await WithDomainNamesAsync(db, new TokenInfo(token, user, project, roles) { Domain = domain, ApplicationCredential = credential }, ct);
        }, ct);

    private static async Task<TokenInfo> WithDomainNamesAsync(NetworkDbContext db, TokenInfo info, CancellationToken ct)
    {
        var ids = new[] { info.User.DomainId, info.Project?.DomainId ?? info.User.DomainId };
        var names = await db.Domains.Where(d => ids.Contains(d.Id)).ToDictionaryAsync(d => d.Id, d => d.Name, ct);
        return info with { UserDomainName = names.GetValueOrDefault(ids[0], ids[0]), ProjectDomainName = names.GetValueOrDefault(ids[1], ids[1]) };
    }

    public Task<bool> RevokeAsync(string plain, CancellationToken ct = default) =>
        transactions.WriteAsync(async db =>
        {
            var id = Hash(plain);
            var token = await db.Tokens.FirstOrDefaultAsync(t => t.Id == id && !t.Revoked, ct);
            if (token is null)
            {
                return false;
            }
            token.Revoked = true;
            // Every instance forgets it once this commits (this one before the call returns).
            db.PendingEvents.Add(new Events.IdentityChanged(id, DateTime.UtcNow));
            return true;
        }, ct);

    /// <summary>Drops tokens that expired more than a day ago.</summary>
    public Task<int> PurgeExpiredAsync(CancellationToken ct = default)
    {
        var cutoff = clock.GetUtcNow().UtcDateTime.AddDays(-1);
        return transactions.WriteAsync(db => db.Tokens.Where(t => t.ExpiresAt < cutoff).ExecuteDeleteAsync(ct), ct);
    }

    // A token from an application credential carries the credential's roles the user still holds (implied ones included:
    // a member holds reader).
    private static async Task<List<Role>> BoundedAsync(NetworkDbContext db, List<Role> held, ApplicationCredential? credential, CancellationToken ct)
    {
        if (credential is null)
        {
            return held;
        }
        var ids = held.Select(r => r.Id).ToHashSet(StringComparer.Ordinal);
        return (await db.Roles.Where(r => credential.RoleIds.Contains(r.Id)).OrderBy(r => r.Name).ToListAsync(ct)).Where(r => ids.Contains(r.Id)).ToList();
    }

    private static string Hash(string plain) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(plain)));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static DateTime Truncate(DateTime t) => new(t.Ticks - t.Ticks % TimeSpan.TicksPerSecond, DateTimeKind.Utc);
}
