using Dashboard.Core.Common;
using Dashboard.Core.Errors;
using Dashboard.Core.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Dashboard.Core.Identity;

/// <summary>Projects, users, roles and role assignments: the part of Keystone the dashboard and API need.</summary>
public sealed partial class IdentityService(Transactions transactions, LoginThrottle throttle)
{
    public Task<List<Project>> ListProjectsAsync(CancellationToken ct = default) =>
        transactions.ReadAsync(db => db.Projects.OrderBy(p => p.Name).ToListAsync(ct), ct);

    /// <summary>A project by ID, or by name within a domain (the Default domain unless one is given).</summary>
    public Task<Project?> FindProjectAsync(string idOrName, CancellationToken ct = default, string domainId = Domains.DefaultId) =>
        transactions.ReadAsync(db => db.Projects.Where(p => p.Id == idOrName || (p.Name == idOrName && p.DomainId == domainId))
            .OrderBy(p => p.Id == idOrName ? 0 : 1).FirstOrDefaultAsync(ct), ct);

    public Task<Project> CreateProjectAsync(string name, string description = "", bool enabled = true, IReadOnlyList<string>? tags = null, CancellationToken ct = default,
        string domainId = Domains.DefaultId) =>
        transactions.WriteAsync(async db =>
        {
            CheckName(name, "name", 64);
            await DomainAsync(db, domainId, ct);
            if (await db.Projects.AnyAsync(p => p.Name == name && p.DomainId == domainId, ct))
            {
                throw Duplicate("project", name, domainId);
            }
            var project = new Project { Name = name, Description = Names.Check(description, "description"), Enabled = enabled, Tags = ProjectTags.Check(tags ?? []), DomainId = domainId };
            db.Projects.Add(project);
            return project;
        }, ct);

    public Task<Project> UpdateProjectAsync(string id, string? name = null, string? description = null, bool? enabled = null, IReadOnlyList<string>? tags = null, CancellationToken ct = default) =>
        transactions.WriteAsync(async db =>
        {
            IdentityChanged(db);
            var project = await db.Projects.FirstOrDefaultAsync(p => p.Id == id, ct) ?? throw NotFoundException.Of("project", id);
            if (name is not null && name != project.Name)
            {
                CheckName(name, "name", 64);
                if (await db.Projects.AnyAsync(p => p.Name == name && p.DomainId == project.DomainId, ct))
                {
                    throw Duplicate("project", name, project.DomainId);
                }
                project.Name = name;
            }
            project.Description = description is null ? project.Description : Names.Check(description, "description");
            project.Enabled = enabled ?? project.Enabled;
            project.Tags = tags is null ? project.Tags : ProjectTags.Check(tags);
            return project;
        }, ct);

    /// <summary>Adds one tag to a project's (<c>PUT /v3/projects/{id}/tags/{tag}</c>); one it has already is kept once.</summary>
    public Task<Project> AddProjectTagAsync(string id, string tag, CancellationToken ct = default) =>
        transactions.WriteAsync(async db =>
        {
            var project = await db.Projects.FirstOrDefaultAsync(p => p.Id == id, ct) ?? throw NotFoundException.Of("project", id);
            project.Tags = ProjectTags.Check([.. project.Tags, tag]);
            return project;
        }, ct);

    /// <summary>Removes one tag (<c>DELETE /v3/projects/{id}/tags/{tag}</c>); a tag the project lacks is 404.</summary>
    public Task RemoveProjectTagAsync(string id, string tag, CancellationToken ct = default) =>
        transactions.WriteAsync(async db =>
        {
            var project = await db.Projects.FirstOrDefaultAsync(p => p.Id == id, ct) ?? throw NotFoundException.Of("project", id);
            project.Tags = project.Tags.Contains(tag) ? project.Tags.Where(t => t != tag).ToList() : throw new NotFoundException("NotFound", $"Could not find tag: {tag}.");
        }, ct);

    public Task DeleteProjectAsync(string id, CancellationToken ct = default) =>
        transactions.WriteAsync(async db =>
        {
            IdentityChanged(db);
            var project = await db.Projects.FirstOrDefaultAsync(p => p.Id == id, ct) ?? throw NotFoundException.Of("project", id);
            db.Projects.Remove(project);
        }, ct);

    public Task<List<User>> ListUsersAsync(CancellationToken ct = default) =>
        transactions.ReadAsync(db => db.Users.OrderBy(u => u.Name).ToListAsync(ct), ct);

    /// <summary>A user by ID, or by name within a domain (the Default domain unless one is given).</summary>
    public Task<User?> FindUserAsync(string idOrName, CancellationToken ct = default, string domainId = Domains.DefaultId) =>
        transactions.ReadAsync(db => db.Users.Where(u => u.Id == idOrName || (u.Name == idOrName && u.DomainId == domainId))
            .OrderBy(u => u.Id == idOrName ? 0 : 1).FirstOrDefaultAsync(ct), ct);

    /// <summary>
    /// Creates a user. Without a password (null) the user exists, can be given roles and groups, but cannot sign in,
    /// as in Keystone; an empty password is refused.
    /// </summary>
    public Task<User> CreateUserAsync(string name, string? password, string? defaultProjectId = null, string email = "", bool enabled = true, string description = "",
        System.Text.Json.Nodes.JsonObject? extra = null, CancellationToken ct = default, string domainId = Domains.DefaultId) =>
        transactions.WriteAsync(async db =>
        {
            CheckName(name, "name", 255);
            if (password is not null)
            {
                CheckPassword(password);
            }
            await DomainAsync(db, domainId, ct);
            if (await db.Users.AnyAsync(u => u.Name == name && u.DomainId == domainId, ct))
            {
                throw Duplicate("user", name, domainId);
            }
            if (defaultProjectId is not null && !await db.Projects.AnyAsync(p => p.Id == defaultProjectId, ct))
            {
                throw NotFoundException.Of("project", defaultProjectId);
            }
            var user = new User { Name = name, DefaultProjectId = defaultProjectId, Email = email, Description = description, Enabled = enabled,
                PasswordHash = password is null ? "" : PasswordHasher.Hash(password), Extra = (extra ?? []).ToJsonString(), DomainId = domainId };
            db.Users.Add(user);
            return user;
        }, ct);

    public Task<User> UpdateUserAsync(string id, string? password = null, bool? enabled = null, string? email = null, string? defaultProjectId = null,
        string? name = null, string? description = null, System.Text.Json.Nodes.JsonObject? extra = null, CancellationToken ct = default) =>
        transactions.WriteAsync(async db =>
        {
            IdentityChanged(db);
            var user = await db.Users.FirstOrDefaultAsync(u => u.Id == id, ct) ?? throw NotFoundException.Of("user", id);
            if (name is not null && name != user.Name)
            {
                CheckName(name, "name", 255);
                if (await db.Users.AnyAsync(u => u.Name == name && u.DomainId == user.DomainId && u.Id != id, ct))
                {
                    throw Duplicate("user", name, user.DomainId);
                }
                user.Name = name;
            }
            user.Description = description ?? user.Description;
            if (extra is { Count: > 0 })
            {
                // Keystone's PATCH: the extra attributes given replace those of the same name; the others stay.
                var merged = System.Text.Json.Nodes.JsonNode.Parse(user.Extra)!.AsObject();
                foreach (var (key, value) in extra)
                {
                    merged[key] = value?.DeepClone();
                }
                user.Extra = merged.ToJsonString();
            }
            if (password is not null)
            {
                await SetPasswordAsync(db, user, password, ct);
            }
            user.Enabled = enabled ?? user.Enabled;
            user.Email = email ?? user.Email;
            if (defaultProjectId is not null)
            {
                user.DefaultProjectId = await db.Projects.AnyAsync(p => p.Id == defaultProjectId, ct) ? defaultProjectId : throw NotFoundException.Of("project", defaultProjectId);
            }
            return user;
        }, ct);

    public Task DeleteUserAsync(string id, CancellationToken ct = default) =>
        transactions.WriteAsync(async db =>
        {
            IdentityChanged(db);
            var user = await db.Users.FirstOrDefaultAsync(u => u.Id == id, ct) ?? throw NotFoundException.Of("user", id);
            await db.DomainRoleAssignments.Where(a => a.ActorId == id && !a.IsGroup).ExecuteDeleteAsync(ct);
            await db.SystemRoleAssignments.Where(a => a.ActorId == id && !a.IsGroup).ExecuteDeleteAsync(ct);
            db.Users.Remove(user);
        }, ct);

    /// <summary>
    /// Keystone's self-service password change (<c>POST /v3/users/{id}/password</c>, the console's Change Password): the
    /// original password proves who asks, so no other permission is needed. A wrong original password (or an unknown
    /// or disabled user) is Unauthorized, changes nothing, and counts towards the account's lockout as a failed login.
    /// </summary>
    public async Task ChangePasswordAsync(string userId, string originalPassword, string newPassword, CancellationToken ct = default)
    {
        var name = (await FindUserAsync(userId, ct) is { } found && found.Id == userId ? found : null)?.Name
            ?? throw new AuthenticationException("The request you have made requires authentication.");
        await throttle.AttemptAsync(name, () => transactions.WriteAsync(async db =>
        {
            var user = await db.Users.FirstOrDefaultAsync(u => u.Id == userId, ct);
            if (user is null || !user.Enabled || !PasswordHasher.Verify(originalPassword, user.PasswordHash))
            {
                throw new AuthenticationException("The request you have made requires authentication.");
            }
            IdentityChanged(db);
            await SetPasswordAsync(db, user, newPassword, ct);
            return true;
        }, ct), () => new AccountLockedException($"The account is locked for user: {name}."), ct);
    }

    /// <summary>
    /// What a dashboard session remembers of the password it was opened with: it changes with every password change
    /// (a new salt each time), so sessions opened before a change end. It reveals nothing of the hash.
    /// </summary>
    public static string SessionStampOf(User user) =>
        Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(user.PasswordHash)))[..16];

    // A new password revokes every token of the user, as Keystone does: whoever held the old one is out.
    private static async Task SetPasswordAsync(NetworkDbContext db, User user, string password, CancellationToken ct)
    {
        CheckPassword(password);
        user.PasswordHash = PasswordHasher.Hash(password);
        await db.Tokens.Where(t => t.UserId == user.Id && !t.Revoked).ExecuteUpdateAsync(t => t.SetProperty(x => x.Revoked, true), ct);
    }

    /// <summary>
    /// The user, when the ID, or the name in the domain, and the password match an enabled account of an enabled
    /// domain; otherwise Unauthorized. A user without a password never matches.
    /// </summary>
    public Task<User> AuthenticateAsync(string name, string password, CancellationToken ct = default, string domainId = Domains.DefaultId) =>
        transactions.ReadAsync(async db =>
        {
            var user = await db.Users.Where(u => u.Id == name || (u.Name == name && u.DomainId == domainId)).OrderBy(u => u.Id == name ? 0 : 1).FirstOrDefaultAsync(ct);
            if (user is null || !user.Enabled || user.PasswordHash == "" || !await db.Domains.AnyAsync(d => d.Id == user.DomainId && d.Enabled, ct)
                || !PasswordHasher.Verify(password, user.PasswordHash))
            {
                throw new AuthenticationException("The request you have made requires authentication.");
            }
            return user;
        }, ct);

    /// <summary>Grants a role (by ID or name) to a user on a project; granting it twice is harmless, as in Keystone.</summary>
    public Task AssignRoleAsync(string projectId, string userId, string role, CancellationToken ct = default) =>
        transactions.WriteAsync(async db =>
        {
            IdentityChanged(db);
            var (project, user, roleRow) = await ResolveAsync(db, projectId, userId, role, ct);
            if (!await db.RoleAssignments.AnyAsync(a => a.ProjectId == project && a.UserId == user && a.RoleId == roleRow, ct))
            {
                db.RoleAssignments.Add(new RoleAssignment { ProjectId = project, UserId = user, RoleId = roleRow });
            }
        }, ct);

    public Task RevokeRoleAsync(string projectId, string userId, string role, CancellationToken ct = default) =>
        transactions.WriteAsync(async db =>
        {
            IdentityChanged(db);
            var (project, user, roleRow) = await ResolveAsync(db, projectId, userId, role, ct);
            var removed = await db.RoleAssignments.Where(a => a.ProjectId == project && a.UserId == user && a.RoleId == roleRow).ExecuteDeleteAsync(ct);
            if (removed == 0)
            {
                throw RoleAssignmentNotFound(role, userId, projectId);
            }
        }, ct);

    public Task<List<RoleAssignment>> ListAssignmentsAsync(string? projectId = null, string? userId = null, CancellationToken ct = default) =>
        transactions.ReadAsync(db => db.RoleAssignments
            .Where(a => (projectId == null || a.ProjectId == projectId) && (userId == null || a.UserId == userId)).ToListAsync(ct), ct);

    /// <summary>
    /// Keystone's effective assignments (<c>?effective</c>): the user's own and those the user holds through a group,
    /// one row per member and role; <see cref="EffectiveAssignment.GroupId"/> says which group.
    /// </summary>
    public Task<List<EffectiveAssignment>> ListEffectiveAssignmentsAsync(string? projectId = null, string? userId = null, CancellationToken ct = default) =>
        transactions.ReadAsync(db => Effective(db).Where(a => (projectId == null || a.ProjectId == projectId) && (userId == null || a.UserId == userId)).ToListAsync(ct), ct);

    /// <summary>
    /// The role names a user holds on a project, granted to the user or to a group of the user's, with the roles they
    /// imply (what a token scoped to the project carries).
    /// </summary>
    public Task<List<string>> RolesOnAsync(string userId, string projectId, CancellationToken ct = default) =>
        transactions.ReadAsync(async db => (await RolesHeldAsync(db, userId, projectId, null, false, ct)).Select(r => r.Name).ToList(), ct);

    /// <summary>The enabled projects of enabled domains on which the user holds any role, directly or through a group (the project switcher's list).</summary>
    public Task<List<Project>> ProjectsOfAsync(string userId, CancellationToken ct = default) =>
        transactions.ReadAsync(db => db.Projects
            .Where(p => p.Enabled && db.Domains.Any(d => d.Id == p.DomainId && d.Enabled) && Effective(db).Any(a => a.UserId == userId && a.ProjectId == p.Id))
            .OrderBy(p => p.Name).ToListAsync(ct), ct);

    /// <summary>Every role a user holds on a project: their own assignments and those of the groups they are in.</summary>
    internal static IQueryable<EffectiveAssignment> Effective(NetworkDbContext db) =>
        // Member initialisers (not a constructor) so the database runs the UNION ALL.
        db.RoleAssignments.Select(a => new EffectiveAssignment { ProjectId = a.ProjectId, UserId = a.UserId, RoleId = a.RoleId, GroupId = (string?)null })
            .Concat(db.GroupRoleAssignments.Join(db.GroupMembers, a => a.GroupId, m => m.GroupId,
                (a, m) => new EffectiveAssignment { ProjectId = a.ProjectId, UserId = m.UserId, RoleId = a.RoleId, GroupId = a.GroupId }));

    // ---- Domains ----

    public Task<List<Domain>> ListDomainsAsync(CancellationToken ct = default) =>
        transactions.ReadAsync(db => db.Domains.OrderBy(d => d.Name).ToListAsync(ct), ct);

    /// <summary>A domain by ID or name.</summary>
    public Task<Domain?> FindDomainAsync(string idOrName, CancellationToken ct = default) =>
        transactions.ReadAsync(db => db.Domains.Where(d => d.Id == idOrName || d.Name == idOrName).OrderBy(d => d.Id == idOrName ? 0 : 1).FirstOrDefaultAsync(ct), ct);

    public Task<Domain> CreateDomainAsync(string name, string description = "", bool enabled = true, CancellationToken ct = default) =>
        transactions.WriteAsync(async db =>
        {
            CheckName(name, "name", 64);
            if (await db.Domains.AnyAsync(d => d.Name == name, ct))
            {
                throw Duplicate("domain", name);
            }
            var domain = new Domain { Name = name, Description = Names.Check(description, "description"), Enabled = enabled };
            db.Domains.Add(domain);
            return domain;
        }, ct);

    /// <summary>Renames, describes, enables or disables a domain. Disabling one ends its users' sign-ins and its projects' tokens; the Default domain stays enabled.</summary>
    public Task<Domain> UpdateDomainAsync(string id, string? name = null, string? description = null, bool? enabled = null, CancellationToken ct = default) =>
        transactions.WriteAsync(async db =>
        {
            IdentityChanged(db);
            var domain = await DomainAsync(db, id, ct);
            if (enabled == false && domain.Id == Domains.DefaultId)
            {
                throw new ForbiddenException("Cannot disable the default domain: it holds the cloud's admin.");
            }
            if (name is not null && name != domain.Name)
            {
                CheckName(name, "name", 64);
                if (await db.Domains.AnyAsync(d => d.Name == name, ct))
                {
                    throw Duplicate("domain", name);
                }
                domain.Name = name;
            }
            domain.Description = description is null ? domain.Description : Names.Check(description, "description");
            domain.Enabled = enabled ?? domain.Enabled;
            return domain;
        }, ct);

    /// <summary>
    /// Deletes a disabled domain with its projects, users and groups (and so their role assignments and memberships),
    /// in one transaction, as Keystone does. An enabled domain is refused (403), and the Default domain always.
    /// </summary>
    public Task DeleteDomainAsync(string id, CancellationToken ct = default) =>
        transactions.WriteAsync(async db =>
        {
            IdentityChanged(db);
            var domain = await DomainAsync(db, id, ct);
            if (domain.Id == Domains.DefaultId)
            {
                throw new ForbiddenException("Cannot delete the default domain: it holds the cloud's admin.");
            }
            if (domain.Enabled)
            {
                throw new ForbiddenException("Cannot delete a domain that is enabled, please disable it first.");
            }
            var held = await db.Groups.Where(g => g.DomainId == id).Select(g => g.Id).Concat(db.Users.Where(u => u.DomainId == id).Select(u => u.Id)).ToListAsync(ct);
            await db.DomainRoleAssignments.Where(a => held.Contains(a.ActorId)).ExecuteDeleteAsync(ct);
            await db.SystemRoleAssignments.Where(a => held.Contains(a.ActorId)).ExecuteDeleteAsync(ct);
            db.Groups.RemoveRange(await db.Groups.Where(g => g.DomainId == id).ToListAsync(ct));
            db.Users.RemoveRange(await db.Users.Where(u => u.DomainId == id).ToListAsync(ct));
            db.Projects.RemoveRange(await db.Projects.Where(p => p.DomainId == id).ToListAsync(ct));
            await DeleteRolesAsync(db, db.Roles.Where(r => r.DomainId == id), ct); // its domain-specific roles
            db.Domains.Remove(domain);
        }, ct);

    private static async Task<Domain> DomainAsync(NetworkDbContext db, string id, CancellationToken ct) =>
        await db.Domains.FirstOrDefaultAsync(d => d.Id == id, ct) ?? throw new NotFoundException("DomainNotFound", $"Could not find domain: {id}.");

    // ---- Groups ----

    public Task<List<Group>> ListGroupsAsync(string? domainId = null, CancellationToken ct = default) =>
        transactions.ReadAsync(db => db.Groups.Where(g => domainId == null || g.DomainId == domainId).OrderBy(g => g.Name).ToListAsync(ct), ct);

    public Task<Group> GetGroupAsync(string id, CancellationToken ct = default) =>
        transactions.ReadAsync(db => GroupAsync(db, id, ct), ct);

    public Task<Group> CreateGroupAsync(string name, string description = "", string domainId = Domains.DefaultId, CancellationToken ct = default) =>
        transactions.WriteAsync(async db =>
        {
            CheckName(name, "name", 255);
            await DomainAsync(db, domainId, ct);
            if (await db.Groups.AnyAsync(g => g.Name == name && g.DomainId == domainId, ct))
            {
                throw Duplicate("group", name, domainId);
            }
            var group = new Group { Name = name, Description = Names.Check(description, "description"), DomainId = domainId };
            db.Groups.Add(group);
            return group;
        }, ct);

    public Task<Group> UpdateGroupAsync(string id, string? name = null, string? description = null, CancellationToken ct = default) =>
        transactions.WriteAsync(async db =>
        {
            var group = await GroupAsync(db, id, ct);
            if (name is not null && name != group.Name)
            {
                CheckName(name, "name", 255);
                if (await db.Groups.AnyAsync(g => g.Name == name && g.DomainId == group.DomainId, ct))
                {
                    throw Duplicate("group", name, group.DomainId);
                }
                group.Name = name;
            }
            group.Description = description is null ? group.Description : Names.Check(description, "description");
            return group;
        }, ct);

    /// <summary>Deletes a group with its memberships and role assignments; its members lose the roles they held through it.</summary>
    public Task DeleteGroupAsync(string id, CancellationToken ct = default) =>
        transactions.WriteAsync(async db =>
        {
            IdentityChanged(db);
            var group = await GroupAsync(db, id, ct);
            await db.DomainRoleAssignments.Where(a => a.ActorId == id && a.IsGroup).ExecuteDeleteAsync(ct);
            await db.SystemRoleAssignments.Where(a => a.ActorId == id && a.IsGroup).ExecuteDeleteAsync(ct);
            db.Groups.Remove(group);
        }, ct);

    /// <summary>The users in a group, by name.</summary>
    public Task<List<User>> MembersOfAsync(string groupId, CancellationToken ct = default) =>
        transactions.ReadAsync(async db =>
        {
            await GroupAsync(db, groupId, ct);
            return await db.Users.Where(u => db.GroupMembers.Any(m => m.GroupId == groupId && m.UserId == u.Id)).OrderBy(u => u.Name).ToListAsync(ct);
        }, ct);

    /// <summary>Every membership: the users of each group, by name (one read for a page of groups).</summary>
    public Task<Dictionary<string, List<User>>> MembersByGroupAsync(CancellationToken ct = default) =>
        transactions.ReadAsync(async db =>
        {
            var pairs = await db.GroupMembers.Join(db.Users, m => m.UserId, u => u.Id, (m, u) => new { m.GroupId, User = u }).ToListAsync(ct);
            return pairs.GroupBy(p => p.GroupId).ToDictionary(g => g.Key, g => g.Select(p => p.User).OrderBy(u => u.Name, StringComparer.Ordinal).ToList());
        }, ct);

    /// <summary>The groups a user is in, by name.</summary>
    public Task<List<Group>> GroupsOfAsync(string userId, CancellationToken ct = default) =>
        transactions.ReadAsync(async db =>
        {
            _ = await db.Users.AnyAsync(u => u.Id == userId, ct) ? true : throw NotFoundException.Of("user", userId);
            return await db.Groups.Where(g => db.GroupMembers.Any(m => m.GroupId == g.Id && m.UserId == userId)).OrderBy(g => g.Name).ToListAsync(ct);
        }, ct);

    /// <summary>Adds a user to a group (again is harmless); the user holds the group's roles from now on.</summary>
    public Task AddMemberAsync(string groupId, string userId, CancellationToken ct = default) =>
        transactions.WriteAsync(async db =>
        {
            IdentityChanged(db);
            await GroupAsync(db, groupId, ct);
            _ = await db.Users.AnyAsync(u => u.Id == userId, ct) ? true : throw NotFoundException.Of("user", userId);
            if (!await db.GroupMembers.AnyAsync(m => m.GroupId == groupId && m.UserId == userId, ct))
            {
                db.GroupMembers.Add(new GroupMember { GroupId = groupId, UserId = userId });
            }
        }, ct);

    /// <summary>Removes a user from a group; one who is not in it is 404, as in Keystone.</summary>
    public Task RemoveMemberAsync(string groupId, string userId, CancellationToken ct = default) =>
        transactions.WriteAsync(async db =>
        {
            IdentityChanged(db);
            await GroupAsync(db, groupId, ct);
            var removed = await db.GroupMembers.Where(m => m.GroupId == groupId && m.UserId == userId).ExecuteDeleteAsync(ct);
            if (removed == 0)
            {
                throw new NotFoundException("NotFound", $"User '{userId}' not found in group '{groupId}'.");
            }
        }, ct);

    /// <summary>Whether the user is in the group (the group must exist).</summary>
    public Task<bool> IsMemberAsync(string groupId, string userId, CancellationToken ct = default) =>
        transactions.ReadAsync(async db =>
        {
            await GroupAsync(db, groupId, ct);
            return await db.GroupMembers.AnyAsync(m => m.GroupId == groupId && m.UserId == userId, ct);
        }, ct);

    /// <summary>Grants a role (by ID or name) to a group on a project: every member holds it there. Twice is harmless.</summary>
    public Task AssignGroupRoleAsync(string projectId, string groupId, string role, CancellationToken ct = default) =>
        transactions.WriteAsync(async db =>
        {
            IdentityChanged(db);
            var (project, roleId) = await ResolveProjectAndRoleAsync(db, projectId, role, ct);
            await GroupAsync(db, groupId, ct);
            if (!await db.GroupRoleAssignments.AnyAsync(a => a.ProjectId == project && a.GroupId == groupId && a.RoleId == roleId, ct))
            {
                db.GroupRoleAssignments.Add(new GroupRoleAssignment { ProjectId = project, GroupId = groupId, RoleId = roleId });
            }
        }, ct);

    public Task RevokeGroupRoleAsync(string projectId, string groupId, string role, CancellationToken ct = default) =>
        transactions.WriteAsync(async db =>
        {
            IdentityChanged(db);
            var (project, roleId) = await ResolveProjectAndRoleAsync(db, projectId, role, ct);
            await GroupAsync(db, groupId, ct);
            var removed = await db.GroupRoleAssignments.Where(a => a.ProjectId == project && a.GroupId == groupId && a.RoleId == roleId).ExecuteDeleteAsync(ct);
            if (removed == 0)
            {
                throw RoleAssignmentNotFound(role, groupId, projectId);
            }
        }, ct);

    public Task<List<GroupRoleAssignment>> ListGroupAssignmentsAsync(string? projectId = null, string? groupId = null, CancellationToken ct = default) =>
        transactions.ReadAsync(db => db.GroupRoleAssignments
            .Where(a => (projectId == null || a.ProjectId == projectId) && (groupId == null || a.GroupId == groupId)).ToListAsync(ct), ct);

    // ---- Roles on domains ----

    /// <summary>Grants a role (by ID or name) to a user or a group on a domain; twice is harmless.</summary>
    public Task AssignDomainRoleAsync(string domainId, string actorId, bool isGroup, string role, CancellationToken ct = default) =>
        transactions.WriteAsync(async db =>
        {
            IdentityChanged(db);
            var roleId = await ResolveDomainGrantAsync(db, domainId, actorId, isGroup, role, ct);
            if (!await db.DomainRoleAssignments.AnyAsync(a => a.DomainId == domainId && a.ActorId == actorId && a.RoleId == roleId, ct))
            {
                db.DomainRoleAssignments.Add(new DomainRoleAssignment { DomainId = domainId, ActorId = actorId, IsGroup = isGroup, RoleId = roleId });
            }
        }, ct);

    public Task RevokeDomainRoleAsync(string domainId, string actorId, bool isGroup, string role, CancellationToken ct = default) =>
        transactions.WriteAsync(async db =>
        {
            IdentityChanged(db);
            var roleId = await ResolveDomainGrantAsync(db, domainId, actorId, isGroup, role, ct);
            if (await db.DomainRoleAssignments.Where(a => a.DomainId == domainId && a.ActorId == actorId && a.RoleId == roleId).ExecuteDeleteAsync(ct) == 0)
            {
                throw RoleAssignmentNotFound(role, actorId, domainId);
            }
        }, ct);

    public Task<List<DomainRoleAssignment>> ListDomainAssignmentsAsync(string? domainId = null, string? actorId = null, CancellationToken ct = default) =>
        transactions.ReadAsync(db => db.DomainRoleAssignments
            .Where(a => (domainId == null || a.DomainId == domainId) && (actorId == null || a.ActorId == actorId)).ToListAsync(ct), ct);

    /// <summary>The enabled domains on which the user holds a role, directly or through a group (<c>GET /v3/auth/domains</c>).</summary>
    public Task<List<Domain>> DomainsOfAsync(string userId, CancellationToken ct = default) =>
        transactions.ReadAsync(db => db.Domains.Where(d => d.Enabled && EffectiveOnDomains(db, userId).Any(a => a.DomainId == d.Id)).OrderBy(d => d.Name).ToListAsync(ct), ct);

    /// <summary>A user's role assignments on domains: their own and their groups'.</summary>
    internal static IQueryable<DomainRoleAssignment> EffectiveOnDomains(NetworkDbContext db, string userId) =>
        db.DomainRoleAssignments.Where(a => (!a.IsGroup && a.ActorId == userId) || (a.IsGroup && db.GroupMembers.Any(m => m.GroupId == a.ActorId && m.UserId == userId)));

    private static async Task<string> ResolveDomainGrantAsync(NetworkDbContext db, string domainId, string actorId, bool isGroup, string role, CancellationToken ct)
    {
        await DomainAsync(db, domainId, ct);
        if (isGroup)
        {
            await GroupAsync(db, actorId, ct);
        }
        else if (!await db.Users.AnyAsync(u => u.Id == actorId, ct))
        {
            throw NotFoundException.Of("user", actorId);
        }
        return await RoleIdAsync(db, role, ct);
    }

    /// <summary>A role's ID, by its ID or a global role's name; 404 for neither.</summary>
    private static async Task<string> RoleIdAsync(NetworkDbContext db, string role, CancellationToken ct) =>
        await db.Roles.Where(r => r.Id == role || (r.Name == role && r.DomainId == null)).Select(r => r.Id).FirstOrDefaultAsync(ct) ?? throw NotFoundException.Of("role", role);

    private static async Task<Group> GroupAsync(NetworkDbContext db, string id, CancellationToken ct) =>
        await db.Groups.FirstOrDefaultAsync(g => g.Id == id, ct) ?? throw new NotFoundException("GroupNotFound", $"Could not find group: {id}.");

    private static async Task<(string Project, string Role)> ResolveProjectAndRoleAsync(NetworkDbContext db, string projectId, string role, CancellationToken ct)
    {
        var project = await db.Projects.Where(p => p.Id == projectId).Select(p => new { p.Id, p.DomainId }).FirstOrDefaultAsync(ct) ?? throw NotFoundException.Of("project", projectId);
        var roleId = await RoleIdAsync(db, role, ct);
        if (await db.Roles.AnyAsync(r => r.Id == roleId && r.DomainId != null && r.DomainId != project.DomainId, ct))
        {
            throw new ForbiddenException($"Project {project.Id} must be in the same domain as the role {roleId} being assigned.");
        }
        return (project.Id, roleId);
    }

    private static async Task<(string Project, string User, string Role)> ResolveAsync(NetworkDbContext db, string projectId, string userId, string role, CancellationToken ct)
    {
        var (project, roleId) = await ResolveProjectAndRoleAsync(db, projectId, role, ct);
        var user = await db.Users.Where(u => u.Id == userId).Select(u => u.Id).FirstOrDefaultAsync(ct) ?? throw NotFoundException.Of("user", userId);
        return (project, user, roleId);
    }

    /// <summary>Keystone's 404 for a grant that is not there (a revoke or check of a role on a project, domain or the system).</summary>
    public static NotFoundException RoleAssignmentNotFound(string role, string actorId, string target) =>
        new("RoleAssignmentNotFound", $"Could not find role assignment with role: {role}, user or group: {actorId}, project, domain, or system: {target}.");

    /// <summary>Keystone's 409 for a name taken (within the domain, for what lives in one).</summary>
    private static ConflictException Duplicate(string kind, string name, string? domainId = null) =>
        new("Conflict", $"Conflict occurred attempting to store {kind} - Duplicate entry found with name {name}{(domainId is null ? "" : $" at domain ID {domainId}")}.");

    private static void CheckName(string name, string attribute, int max)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            throw new InvalidInputException($"{attribute} must not be empty") { Attribute = attribute };
        }
        Names.Check(name, attribute, max);
    }

    private static void CheckPassword(string password)
    {
        if (string.IsNullOrEmpty(password) || password.Length > 4096)
        {
            throw new InvalidInputException("password must be 1 to 4096 characters") { Attribute = "password" };
        }
    }

    /// <summary>Every instance drops the tokens it validated once this commits: roles, users or projects they name may have changed.</summary>
    private static void IdentityChanged(NetworkDbContext db) => db.PendingEvents.Add(new Events.IdentityChanged(null, DateTime.UtcNow));
}
