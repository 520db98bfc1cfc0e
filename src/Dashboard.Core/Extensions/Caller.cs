namespace Dashboard.Core.Extensions;

/// <summary>
/// Who is calling: the project scope of their token or sign-in, their roles there, and
/// <see cref="IsAdmin"/>, Neutron's <c>context.is_admin</c> (the <c>context_is_admin</c> policy rule,
/// set by <see cref="Policies.PolicyEnforcer.CallerOf(string, string, string, IReadOnlyList{string})"/>).
/// What the caller may do is the policy's to say; IsAdmin only widens what a query reads.
/// </summary>
public sealed record Caller(string UserId, string UserName, string ProjectId, bool IsAdmin, IReadOnlyList<string> Roles)
{
    /// <summary>The project a scoped query reads: the caller's, or every project (null) for an admin context.</summary>
    public string? Scope => IsAdmin ? null : ProjectId;

    /// <summary>The domain of the caller's project (Keystone's <c>token.project.domain.id</c>); Default for a dashboard session.</summary>
    public string ProjectDomainId { get; init; } = Identity.Domains.DefaultId;

    /// <summary>The domain a domain-scoped token is scoped to (Keystone's <c>token.domain.id</c>).</summary>
    public string? DomainId { get; init; }

    /// <summary>
    /// The roles as <c>role:</c> checks see them: a token's or a sign-in's roles already include those the held ones imply
    /// (Keystone's inference rules: admin implies member, member reader), so this is their set.
    /// </summary>
    public IReadOnlySet<string> EffectiveRoles => field ??= Roles.ToHashSet(StringComparer.OrdinalIgnoreCase);
}
