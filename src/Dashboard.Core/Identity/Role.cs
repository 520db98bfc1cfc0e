using Dashboard.Core.Common;

namespace Dashboard.Core.Identity;

public sealed class Role
{
    public const string Admin = "admin";
    public const string Member = "member";
    public const string Reader = "reader";

    /// <summary>A role with those it implies, as Keystone's bootstrap sets them up: admin implies member, member implies reader.</summary>
    public static IEnumerable<string> WithImplied(string role) => role.ToLowerInvariant() switch
    {
        Admin => [Admin, Member, Reader],
        Member => [Member, Reader],
        _ => [role],
    };

    /// <summary>
    /// The roles the policy is written in (admin, member, reader): immutable, as <c>keystone-manage bootstrap</c> makes
    /// them (option <c>immutable</c>), so no rename or delete can lock every user out.
    /// </summary>
    public static bool IsImmutable(string name) => name is Admin or Member or Reader;

    public string Id { get; init; } = NewId.Hex();
    public required string Name { get; set; }
}

/// <summary>A user holds a role on a project.</summary>
public sealed class RoleAssignment
{
    public required string ProjectId { get; init; }
    public required string UserId { get; init; }
    public required string RoleId { get; init; }
}
