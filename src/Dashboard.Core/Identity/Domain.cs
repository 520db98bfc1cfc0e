using Dashboard.Core.Common;

namespace Dashboard.Core.Identity;

/// <summary>
/// A Keystone domain: a namespace of projects, users and groups (their names are unique within it). The <c>Default</c>
/// domain is the bootstrap's and cannot be disabled or deleted; another is deleted, disabled first, with what it holds.
/// </summary>
public sealed class Domain
{
    public string Id { get; init; } = NewId.Hex();
    public required string Name { get; set; }
    public string Description { get; set; } = "";
    public bool Enabled { get; set; } = true;
}

/// <summary>A Keystone group of users in a domain; a role granted to the group on a project is each member's there.</summary>
public sealed class Group
{
    public string Id { get; init; } = NewId.Hex();
    public required string Name { get; set; }
    public string Description { get; set; } = "";
    public string DomainId { get; init; } = Domains.DefaultId;
}

/// <summary>A user's membership of a group.</summary>
public sealed class GroupMember
{
    public required string GroupId { get; init; }
    public required string UserId { get; init; }
}

/// <summary>A group holds a role on a project: every member holds it there.</summary>
public sealed class GroupRoleAssignment
{
    public required string ProjectId { get; init; }
    public required string GroupId { get; init; }
    public required string RoleId { get; init; }
}

/// <summary>A role a user holds on a project, granted to the user or to one of the user's groups (Keystone's effective assignments).</summary>
public sealed record EffectiveAssignment
{
    public required string ProjectId { get; init; }
    public required string UserId { get; init; }
    public required string RoleId { get; init; }

    /// <summary>The group the role comes through; null for the user's own assignment.</summary>
    public string? GroupId { get; init; }
}

/// <summary>A user or a group holds a role on a domain: a token scoped to the domain carries it (a group's, for each member).</summary>
public sealed class DomainRoleAssignment
{
    public required string DomainId { get; init; }

    /// <summary>The user's or the group's ID (<see cref="IsGroup"/> says which).</summary>
    public required string ActorId { get; init; }

    public bool IsGroup { get; init; }

    public required string RoleId { get; init; }
}
