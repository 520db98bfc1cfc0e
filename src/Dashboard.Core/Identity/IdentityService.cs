using Dashboard.Core.Common;
using Dashboard.Core.Errors;
using Dashboard.Core.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Dashboard.Core.Identity;

/// <summary>Projects, users, roles and role assignments: the part of Keystone the dashboard and API need.</summary>
public sealed class IdentityService(Transactions transactions, LoginThrottle throttle)
{
    public Task<List<Project>> ListProjectsAsync(CancellationToken ct = default) =>
        transactions.ReadAsync(db => db.Projects.OrderBy(p => p.Name).ToListAsync(ct), ct);

    public Task<Project?> FindProjectAsync(string idOrName, CancellationToken ct = default) =>
        transactions.ReadAsync(db => db.Projects.FirstOrDefaultAsync(p => p.Id == idOrName || p.Name == idOrName, ct), ct);

    public Task<Project> CreateProjectAsync(string name, string description = "", bool enabled = true, IReadOnlyList<string>? tags = null, CancellationToken ct = default) =>
        transactions.WriteAsync(async db =>
        {
            CheckName(name, "name", 64);
            if (await db.Projects.AnyAsync(p => p.Name == name, ct))
            {
                throw new ConflictException("Conflict", $"Conflict occurred attempting to store project - Duplicate entry found with name {name}.");
            }
            var project = new Project { Name = name, Description = Names.Check(description, "description"), Enabled = enabled, Tags = ProjectTags.Check(tags ?? []) };
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
                if (await db.Projects.AnyAsync(p => p.Name == name, ct))
                {
                    throw new ConflictException("Conflict", $"Duplicate entry found with name {name}.");
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

    public Task<User?> FindUserAsync(string idOrName, CancellationToken ct = default) =>
        transactions.ReadAsync(db => db.Users.FirstOrDefaultAsync(u => u.Id == idOrName || u.Name == idOrName, ct), ct);

    public Task<User> CreateUserAsync(string name, string password, string? defaultProjectId = null, string email = "", bool enabled = true, string description = "",
        System.Text.Json.Nodes.JsonObject? extra = null, CancellationToken ct = default) =>
        transactions.WriteAsync(async db =>
        {
            CheckName(name, "name", 255);
            CheckPassword(password);
            if (await db.Users.AnyAsync(u => u.Name == name, ct))
            {
                throw new ConflictException("Conflict", $"Conflict occurred attempting to store user - Duplicate entry found with name {name}.");
            }
            if (defaultProjectId is not null && !await db.Projects.AnyAsync(p => p.Id == defaultProjectId, ct))
            {
                throw NotFoundException.Of("project", defaultProjectId);
            }
            var user = new User { Name = name, DefaultProjectId = defaultProjectId, Email = email, Description = description, Enabled = enabled, PasswordHash = PasswordHasher.Hash(password),
                Extra = (extra ?? []).ToJsonString() };
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
                if (await db.Users.AnyAsync(u => u.Name == name && u.Id != id, ct))
                {
                    throw new ConflictException("Conflict", $"Conflict occurred attempting to store user - Duplicate entry found with name {name}.");
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

    /// <summary>The user, when the name and password match an enabled account; otherwise Unauthorized.</summary>
    public Task<User> AuthenticateAsync(string name, string password, CancellationToken ct = default) =>
        transactions.ReadAsync(async db =>
        {
            var user = await db.Users.FirstOrDefaultAsync(u => u.Name == name || u.Id == name, ct);
            if (user is null || !user.Enabled || !PasswordHasher.Verify(password, user.PasswordHash))
            {
                throw new AuthenticationException("The request you have made requires authentication.");
            }
            return user;
        }, ct);

    public Task<List<Role>> ListRolesAsync(CancellationToken ct = default) =>
        transactions.ReadAsync(db => db.Roles.OrderBy(r => r.Name).ToListAsync(ct), ct);

    public Task<Role> CreateRoleAsync(string name, CancellationToken ct = default) =>
        transactions.WriteAsync(async db =>
        {
            CheckName(name, "name", 255);
            if (await db.Roles.AnyAsync(r => r.Name == name, ct))
            {
                throw new ConflictException("Conflict", $"Duplicate entry found with name {name}.");
            }
            var role = new Role { Name = name };
            db.Roles.Add(role);
            return role;
        }, ct);

    /// <summary>Renames a role; the policy's own roles (<see cref="Role.IsImmutable"/>) are refused, as Keystone refuses immutable ones.</summary>
    public Task<Role> UpdateRoleAsync(string id, string name, CancellationToken ct = default) =>
        transactions.WriteAsync(async db =>
        {
            IdentityChanged(db);
            var role = await db.Roles.FirstOrDefaultAsync(r => r.Id == id, ct) ?? throw NotFoundException.Of("role", id);
            if (Role.IsImmutable(role.Name))
            {
                throw new ForbiddenException($"Unable to update immutable role {id}.");
            }
            CheckName(name, "name", 255);
            if (name != role.Name && await db.Roles.AnyAsync(r => r.Name == name, ct))
            {
                throw new ConflictException("Conflict", $"Duplicate entry found with name {name}.");
            }
            role.Name = name;
            return role;
        }, ct);

    /// <summary>Deletes a role and every assignment of it, in one transaction; the policy's own roles are refused.</summary>
    public Task DeleteRoleAsync(string id, CancellationToken ct = default) =>
        transactions.WriteAsync(async db =>
        {
            IdentityChanged(db);
            var role = await db.Roles.FirstOrDefaultAsync(r => r.Id == id, ct) ?? throw NotFoundException.Of("role", id);
            if (Role.IsImmutable(role.Name))
            {
                throw new ForbiddenException($"Unable to delete immutable role {id}.");
            }
            await db.RoleAssignments.Where(a => a.RoleId == id).ExecuteDeleteAsync(ct);
            db.Roles.Remove(role);
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
                throw new NotFoundException("RoleAssignmentNotFound", $"Could not find role assignment with role: {role}, user or group: {userId}, project, domain, or system: {projectId}.");
            }
        }, ct);

    public Task<List<RoleAssignment>> ListAssignmentsAsync(string? projectId = null, string? userId = null, CancellationToken ct = default) =>
        transactions.ReadAsync(db => db.RoleAssignments
            .Where(a => (projectId == null || a.ProjectId == projectId) && (userId == null || a.UserId == userId)).ToListAsync(ct), ct);

    /// <summary>The role names a user holds on a project.</summary>
    public Task<List<string>> RolesOnAsync(string userId, string projectId, CancellationToken ct = default) =>
        transactions.ReadAsync(db => db.RoleAssignments.Where(a => a.UserId == userId && a.ProjectId == projectId)
            .Join(db.Roles, a => a.RoleId, r => r.Id, (a, r) => r.Name).OrderBy(n => n).ToListAsync(ct), ct);

    /// <summary>The enabled projects on which the user holds any role (the project switcher's list).</summary>
    public Task<List<Project>> ProjectsOfAsync(string userId, CancellationToken ct = default) =>
        transactions.ReadAsync(db => db.Projects
            .Where(p => p.Enabled && db.RoleAssignments.Any(a => a.UserId == userId && a.ProjectId == p.Id))
            .OrderBy(p => p.Name).ToListAsync(ct), ct);

    private static async Task<(string Project, string User, string Role)> ResolveAsync(NetworkDbContext db, string projectId, string userId, string role, CancellationToken ct)
    {
        var project = await db.Projects.Where(p => p.Id == projectId).Select(p => p.Id).FirstOrDefaultAsync(ct) ?? throw NotFoundException.Of("project", projectId);
        var user = await db.Users.Where(u => u.Id == userId).Select(u => u.Id).FirstOrDefaultAsync(ct) ?? throw NotFoundException.Of("user", userId);
        var roleId = await db.Roles.Where(r => r.Id == role || r.Name == role).Select(r => r.Id).FirstOrDefaultAsync(ct) ?? throw NotFoundException.Of("role", role);
        return (project, user, roleId);
    }

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
