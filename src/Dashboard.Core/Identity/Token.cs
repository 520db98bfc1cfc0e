namespace Dashboard.Core.Identity;

/// <summary>
/// An issued token. Only the SHA-256 of the token is stored (<see cref="Id"/>): a stolen database
/// yields no usable token. Scoped to a project, to a domain, to the system, or unscoped.
/// </summary>
public sealed class Token
{
    public required string Id { get; init; }
    public required string UserId { get; init; }
    public string? ProjectId { get; init; }

    /// <summary>The domain a domain-scoped token is scoped to (then <see cref="ProjectId"/> is null).</summary>
    public string? DomainId { get; init; }

    /// <summary>Whether the token is scoped to the system (Keystone's <c>system: {all: true}</c>; then no project or domain).</summary>
    public bool System { get; init; }

    /// <summary>The application credential the token was made from: its roles bound the token's.</summary>
    public string? ApplicationCredentialId { get; init; }
    public required string Methods { get; init; }
    public required string AuditId { get; init; }
    public DateTime IssuedAt { get; init; }
    public DateTime ExpiresAt { get; init; }
    public bool Revoked { get; set; }
}
