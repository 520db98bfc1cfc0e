using System.Security.Cryptography;
using Dashboard.Core.Common;
using Dashboard.Core.Errors;
using Dashboard.Core.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Dashboard.Core.Identity;

/// <summary>
/// Keystone's application credential: a user's secret for one project and some of their roles there, for scripts and
/// services that should not hold the user's password. Only the secret's hash is stored; the secret is shown once.
/// </summary>
public sealed class ApplicationCredential
{
    public string Id { get; init; } = NewId.Hex();
    public required string UserId { get; init; }
    public required string ProjectId { get; init; }
    public required string Name { get; init; }
    public string Description { get; init; } = "";
    public string SecretHash { get; init; } = "";
    public DateTime? ExpiresAt { get; init; }

    /// <summary>Whether a token made from it may create or delete application credentials and trusts (Keystone's <c>unrestricted</c>).</summary>
    public bool Unrestricted { get; init; }

    /// <summary>The IDs of the roles a token made from it carries (those the user still holds on the project).</summary>
    public List<string> RoleIds { get; init; } = [];
}

/// <summary>
/// Who makes or deletes an application credential: the user, the project they are scoped to, the roles they hold
/// there, and the credential their token was made from (if any).
/// </summary>
public sealed record CredentialOwner(string UserId, string ProjectId, IReadOnlyList<string> RoleNames, string? FromCredentialId = null)
{
    public static CredentialOwner Of(TokenInfo token) =>
        new(token.User.Id, token.Project?.Id ?? "", token.Roles.Select(r => r.Name).ToList(), token.Token.ApplicationCredentialId);
}

/// <summary>Creates, lists, deletes and checks application credentials.</summary>
public sealed class ApplicationCredentials(Transactions transactions, TimeProvider clock)
{
    /// <summary>
    /// Creates one for the token's user and project: with the roles asked (by ID or name), which must be among the
    /// token's, or all the token's roles. A token made from a restricted application credential cannot create one (403).
    /// Returns the credential and its secret (the one given, or a random one), which is not kept.
    /// </summary>
    public Task<(ApplicationCredential Credential, string Secret)> CreateAsync(CredentialOwner caller, string name, string description = "", string? secret = null,
        DateTime? expiresAt = null, IReadOnlyList<string>? roles = null, bool unrestricted = false, CancellationToken ct = default) =>
        transactions.WriteAsync(async db =>
        {
            if (caller.ProjectId == "")
            {
                throw new ForbiddenException("An application credential is made from a project-scoped token.");
            }
            await RefuseRestrictedAsync(db, caller, ct);
            if (string.IsNullOrWhiteSpace(name))
            {
                throw new InvalidInputException("'name' is a required property of an application credential.", "ValidationError") { Attribute = "name" };
            }
            Names.Check(name, "name");
            if (expiresAt is { } expiry && expiry <= clock.GetUtcNow().UtcDateTime)
            {
                throw new InvalidInputException("The expiration time of an application credential must be in the future.", "ValidationError") { Attribute = "expires_at" };
            }
            if (await db.ApplicationCredentials.AnyAsync(a => a.UserId == caller.UserId && a.Name == name, ct))
            {
                throw new ConflictException("Conflict", $"Conflict occurred attempting to store application_credential - Duplicate name, {name}.");
            }
            // The token's roles: those held with those they imply (a member also holds reader); all of them unless some are chosen.
            var tokenRoles = caller.RoleNames.ToHashSet(StringComparer.OrdinalIgnoreCase);
            var held = await db.Roles.Where(r => r.DomainId == null).OrderBy(r => r.Name).ToListAsync(ct);
            held = held.Where(r => tokenRoles.Contains(r.Name)).ToList();
            var chosen = roles is null
                ? held
                : roles.Select(r => held.FirstOrDefault(h => h.Id == r || h.Name == r)
                    ?? throw new ForbiddenException($"The user does not hold the role {r} on the project: an application credential carries only roles the user holds.")).ToList();
            var plain = string.IsNullOrEmpty(secret) ? Convert.ToBase64String(RandomNumberGenerator.GetBytes(48)).TrimEnd('=').Replace('+', '-').Replace('/', '_') : secret;
            var credential = new ApplicationCredential
            {
                UserId = caller.UserId,
                ProjectId = caller.ProjectId,
                Name = name,
                Description = Names.Check(description, "description"),
                SecretHash = PasswordHasher.Hash(plain),
                ExpiresAt = expiresAt,
                Unrestricted = unrestricted,
                RoleIds = chosen.Select(r => r.Id).Distinct().ToList(),
            };
            db.ApplicationCredentials.Add(credential);
            return (credential, plain);
        }, ct);

    public Task<List<ApplicationCredential>> ListAsync(string userId, string? name = null, CancellationToken ct = default) =>
        transactions.ReadAsync(db => db.ApplicationCredentials.Where(a => a.UserId == userId && (name == null || a.Name == name)).OrderBy(a => a.Name).ToListAsync(ct), ct);

    public Task<ApplicationCredential> GetAsync(string userId, string id, CancellationToken ct = default) =>
        transactions.ReadAsync(db => OneAsync(db, userId, id, ct), ct);

    /// <summary>Deletes one; the tokens made from it end with it.</summary>
    public Task DeleteAsync(CredentialOwner caller, string userId, string id, CancellationToken ct = default) =>
        transactions.WriteAsync(async db =>
        {
            await RefuseRestrictedAsync(db, caller, ct);
            db.ApplicationCredentials.Remove(await OneAsync(db, userId, id, ct));
            db.PendingEvents.Add(new Events.IdentityChanged(null, DateTime.UtcNow));
        }, ct);

    /// <summary>
    /// The credential and its user for an ID (or a name of the given user's) and secret: Unauthorized when unknown,
    /// expired, wrong, or its user or the user's domain is disabled.
    /// </summary>
    public Task<(ApplicationCredential Credential, User User)> AuthenticateAsync(string? id, string? name, string? userId, string secret, CancellationToken ct = default) =>
        transactions.ReadAsync(async db =>
        {
            var credential = id is not null
                ? await db.ApplicationCredentials.FirstOrDefaultAsync(a => a.Id == id, ct)
                : await db.ApplicationCredentials.FirstOrDefaultAsync(a => a.Name == name && a.UserId == userId, ct);
            var user = credential is null ? null : await db.Users.FirstOrDefaultAsync(u => u.Id == credential.UserId, ct);
            if (credential is null || user is not { Enabled: true } || credential.ExpiresAt <= clock.GetUtcNow().UtcDateTime
                || !await db.Domains.AnyAsync(d => d.Id == user.DomainId && d.Enabled, ct) || !PasswordHasher.Verify(secret, credential.SecretHash))
            {
                throw new AuthenticationException("The request you have made requires authentication.");
            }
            return (credential, user);
        }, ct);

    private static async Task<ApplicationCredential> OneAsync(NetworkDbContext db, string userId, string id, CancellationToken ct) =>
        await db.ApplicationCredentials.FirstOrDefaultAsync(a => a.Id == id && a.UserId == userId, ct)
        ?? throw new NotFoundException("ApplicationCredentialNotFound", $"Could not find Application Credential: {id}.");

    private static async Task RefuseRestrictedAsync(NetworkDbContext db, CredentialOwner caller, CancellationToken ct)
    {
        if (caller.FromCredentialId is { } from && !await db.ApplicationCredentials.AnyAsync(a => a.Id == from && a.Unrestricted, ct))
        {
            throw new ForbiddenException("Using method 'application_credential' is not allowed for managing additional application credentials.");
        }
    }
}
