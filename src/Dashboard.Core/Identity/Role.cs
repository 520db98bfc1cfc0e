using Dashboard.Core.Common;

namespace Dashboard.Core.Identity;

public sealed class Role
{
    public const string Admin = "admin";
    public const string Member = "member";
    public const string Reader = "reader";

    /// <summary>
    /// The global roles the policy is written in (admin, member, reader): immutable, as <c>keystone-manage bootstrap</c>
    /// makes them (option <c>immutable</c>), so no rename or delete can lock every user out.
    /// </summary>
    public bool IsImmutable => DomainId is null && Name is Admin or Member or Reader;

    public string Id { get; init; } = NewId.Hex();
    public required string Name { get; set; }

    /// <summary>
    /// The domain of a domain-specific role, null for a global one. A domain-specific role is granted only on projects of
    /// its domain and is never itself in a token or an effective assignment: only the global roles it implies are.
    /// </summary>
    public string? DomainId { get; init; }
}

/// <summary>
/// A Keystone role inference rule: whoever holds the prior role holds the implied one too, and whatever that one
/// implies (keystone-manage bootstrap makes admin imply member and member imply reader).
/// </summary>
public sealed class RoleInference
{
    public required string PriorRoleId { get; init; }
    public required string ImpliedRoleId { get; init; }
}

/// <summary>A user or a group holds a role on the system (Keystone's <c>system: {all: true}</c> scope), not on one project or domain.</summary>
public sealed class SystemRoleAssignment
{
    /// <summary>The one system there is, as Keystone names it in a scope and in <c>?scope.system=all</c>.</summary>
    public const string All = "all";

    /// <summary>The user's or the group's ID (<see cref="IsGroup"/> says which).</summary>
    public required string ActorId { get; init; }

    public bool IsGroup { get; init; }

    public required string RoleId { get; init; }
}

/// <summary>
/// The roles a held role stands for: itself and every role it implies, directly or through others (a cycle is
/// followed once), each with the role that implies it; domain-specific roles are passed through but never held
/// (Keystone's <c>add_implied_roles</c>, then <c>strip_domain_roles</c>). The one rule tokens, sign-ins and
/// effective role assignments expand roles by.
/// </summary>
public sealed class RoleGraph(IEnumerable<RoleInference> rules, IEnumerable<string> domainSpecific)
{
    private readonly ILookup<string, string> _implies = rules.ToLookup(r => r.PriorRoleId, r => r.ImpliedRoleId, StringComparer.Ordinal);
    private readonly HashSet<string> _domainSpecific = domainSpecific.ToHashSet(StringComparer.Ordinal);

    /// <summary>The held role and those it implies, each with its prior role (null for the held role itself).</summary>
    public IEnumerable<(string RoleId, string? PriorRoleId)> Effective(string roleId)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal) { roleId };
        var queue = new Queue<(string RoleId, string? PriorRoleId)>([(roleId, null)]);
        while (queue.TryDequeue(out var next))
        {
            if (!_domainSpecific.Contains(next.RoleId))
            {
                yield return next;
            }
            foreach (var implied in _implies[next.RoleId].Where(seen.Add))
            {
                queue.Enqueue((implied, next.RoleId));
            }
        }
    }

    /// <summary>The distinct roles a set of held roles stands for.</summary>
    public HashSet<string> Effective(IEnumerable<string> held) =>
        held.SelectMany(r => Effective(r).Select(e => e.RoleId)).ToHashSet(StringComparer.Ordinal);
}

/// <summary>A user holds a role on a project.</summary>
public sealed class RoleAssignment
{
    public required string ProjectId { get; init; }
    public required string UserId { get; init; }
    public required string RoleId { get; init; }
}
