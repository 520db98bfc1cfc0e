using Dashboard.Core.Errors;
using Dashboard.Core.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Dashboard.Core.Identity;

/// <summary>Roles (global and domain-specific), the rules by which roles imply others, and roles held on the system.</summary>
public sealed partial class IdentityService
{
    /// <summary>Every role, global and domain-specific (to name the roles assignments and credentials refer to).</summary>
    public Task<List<Role>> ListRolesAsync(CancellationToken ct = default) =>
        transactions.ReadAsync(db => db.Roles.OrderBy(r => r.Name).ToListAsync(ct), ct);

    /// <summary>The global roles, or a domain's own (Keystone's <c>GET /v3/roles</c> and <c>?domain_id=</c>).</summary>
    public Task<List<Role>> ListRolesOfAsync(string? domainId, CancellationToken ct = default) =>
        transactions.ReadAsync(db => db.Roles.Where(r => r.DomainId == domainId).OrderBy(r => r.Name).ToListAsync(ct), ct);

    /// <summary>
    /// Creates a global role, or one specific to <paramref name="domainId"/>; its name is unique among the global roles or
    /// in that domain. With <paramref name="implies"/>, the roles it implies, in the same transaction.
    /// </summary>
    public Task<Role> CreateRoleAsync(string name, string? domainId = null, CancellationToken ct = default, IReadOnlyList<string>? implies = null) =>
        transactions.WriteAsync(async db =>
        {
            CheckName(name, "name", 255);
            if (domainId is not null)
            {
                await DomainAsync(db, domainId, ct);
            }
            if (await db.Roles.AnyAsync(r => r.Name == name && r.DomainId == domainId, ct))
            {
                throw Duplicate("role", name, domainId);
            }
            var role = new Role { Name = name, DomainId = domainId };
            db.Roles.Add(role);
            if (implies is not null)
            {
                await SetImpliedAsync(db, role, implies, ct);
            }
            return role;
        }, ct);

    /// <summary>
    /// Renames a role (and with <paramref name="implies"/> sets the roles it implies, in the same transaction); the policy's
    /// own roles (<see cref="Role.IsImmutable"/>) are refused, as Keystone refuses immutable ones.
    /// </summary>
    public Task<Role> UpdateRoleAsync(string id, string name, CancellationToken ct = default, IReadOnlyList<string>? implies = null) =>
        transactions.WriteAsync(async db =>
        {
            IdentityChanged(db);
            var role = await RoleAsync(db, id, ct);
            if (role.IsImmutable)
            {
                throw new ForbiddenException($"Unable to update immutable role {id}.");
            }
            CheckName(name, "name", 255);
            if (name != role.Name && await db.Roles.AnyAsync(r => r.Name == name && r.DomainId == role.DomainId, ct))
            {
                throw Duplicate("role", name, role.DomainId);
            }
            role.Name = name;
            if (implies is not null)
            {
                await SetImpliedAsync(db, role, implies, ct);
            }
            return role;
        }, ct);

    /// <summary>Makes <paramref name="priorRoleId"/> imply exactly <paramref name="implies"/> (role IDs), as one change; an immutable role's rules may change too.</summary>
    public Task SetImpliedRolesAsync(string priorRoleId, IReadOnlyList<string> implies, CancellationToken ct = default) =>
        transactions.WriteAsync(async db =>
        {
            IdentityChanged(db);
            await SetImpliedAsync(db, await RoleAsync(db, priorRoleId, ct), implies, ct);
        }, ct);

    private static async Task SetImpliedAsync(NetworkDbContext db, Role prior, IReadOnlyList<string> implies, CancellationToken ct)
    {
        var existing = await db.RoleInferences.Where(i => i.PriorRoleId == prior.Id).ToListAsync(ct);
        foreach (var id in implies.Distinct(StringComparer.Ordinal).Where(id => existing.All(i => i.ImpliedRoleId != id)))
        {
            CheckInference(prior, await RoleAsync(db, id, ct));
            db.RoleInferences.Add(new RoleInference { PriorRoleId = prior.Id, ImpliedRoleId = id });
        }
        db.RoleInferences.RemoveRange(existing.Where(i => !implies.Contains(i.ImpliedRoleId)));
    }

    /// <summary>Deletes a role with every assignment of it and every inference rule naming it, in one transaction; the policy's own roles are refused.</summary>
    public Task DeleteRoleAsync(string id, CancellationToken ct = default) =>
        transactions.WriteAsync(async db =>
        {
            IdentityChanged(db);
            if ((await RoleAsync(db, id, ct)).IsImmutable)
            {
                throw new ForbiddenException($"Unable to delete immutable role {id}.");
            }
            await DeleteRolesAsync(db, db.Roles.Where(r => r.Id == id), ct);
        }, ct);

    private static async Task DeleteRolesAsync(NetworkDbContext db, IQueryable<Role> roles, CancellationToken ct)
    {
        var ids = await roles.Select(r => r.Id).ToListAsync(ct);
        await db.RoleAssignments.Where(a => ids.Contains(a.RoleId)).ExecuteDeleteAsync(ct);
        await db.GroupRoleAssignments.Where(a => ids.Contains(a.RoleId)).ExecuteDeleteAsync(ct);
        await db.DomainRoleAssignments.Where(a => ids.Contains(a.RoleId)).ExecuteDeleteAsync(ct);
        await db.SystemRoleAssignments.Where(a => ids.Contains(a.RoleId)).ExecuteDeleteAsync(ct);
        await db.RoleInferences.Where(i => ids.Contains(i.PriorRoleId) || ids.Contains(i.ImpliedRoleId)).ExecuteDeleteAsync(ct);
        await db.Roles.Where(r => ids.Contains(r.Id)).ExecuteDeleteAsync(ct);
    }

    private static async Task<Role> RoleAsync(NetworkDbContext db, string id, CancellationToken ct) =>
        await db.Roles.FirstOrDefaultAsync(r => r.Id == id, ct) ?? throw NotFoundException.Of("role", id);

    // ---- Inference rules ----

    /// <summary>The rules by which roles imply others, with which roles are domain-specific: what expands held roles.</summary>
    public Task<RoleGraph> RoleGraphAsync(CancellationToken ct = default) => transactions.ReadAsync(db => RoleGraphAsync(db, ct), ct);

    internal static async Task<RoleGraph> RoleGraphAsync(NetworkDbContext db, CancellationToken ct) =>
        new(await db.RoleInferences.ToListAsync(ct), await db.Roles.Where(r => r.DomainId != null).Select(r => r.Id).ToListAsync(ct));

    /// <summary>
    /// The roles a user holds on a project, a domain or the system (their own and their groups'), with the roles they
    /// imply (<see cref="RoleGraph"/>), in name order: what a token scoped there and a dashboard sign-in carry.
    /// </summary>
    internal static async Task<List<Role>> RolesHeldAsync(NetworkDbContext db, string userId, string? projectId, string? domainId, bool system, CancellationToken ct)
    {
        List<string> held = projectId is not null
            ? await Effective(db).Where(a => a.UserId == userId && a.ProjectId == projectId).Select(a => a.RoleId).Distinct().ToListAsync(ct)
            : domainId is not null
                ? await EffectiveOnDomains(db, userId).Where(a => a.DomainId == domainId).Select(a => a.RoleId).Distinct().ToListAsync(ct)
                : system
                    ? await EffectiveOnSystem(db, userId).Select(a => a.RoleId).Distinct().ToListAsync(ct)
                    : [];
        if (held.Count == 0)
        {
            return [];
        }
        var roles = (await RoleGraphAsync(db, ct)).Effective(held);
        return await db.Roles.Where(r => roles.Contains(r.Id)).OrderBy(r => r.Name).ToListAsync(ct);
    }

    /// <summary>Every inference rule, prior role by prior role (Keystone's <c>GET /v3/role_inferences</c>).</summary>
    public Task<List<RoleInference>> ListInferencesAsync(CancellationToken ct = default) =>
        transactions.ReadAsync(db => db.RoleInferences.OrderBy(i => i.PriorRoleId).ThenBy(i => i.ImpliedRoleId).ToListAsync(ct), ct);

    /// <summary>The roles <paramref name="priorRoleId"/> implies directly; 404 for an unknown role.</summary>
    public Task<List<Role>> ImpliedByAsync(string priorRoleId, CancellationToken ct = default) =>
        transactions.ReadAsync(async db =>
        {
            await RoleAsync(db, priorRoleId, ct);
            return await db.Roles.Where(r => db.RoleInferences.Any(i => i.PriorRoleId == priorRoleId && i.ImpliedRoleId == r.Id)).OrderBy(r => r.Name).ToListAsync(ct);
        }, ct);

    /// <summary>The rule that <paramref name="priorRoleId"/> implies <paramref name="impliedRoleId"/>, with both roles; 404 when either role or the rule is missing.</summary>
    public Task<(Role Prior, Role Implied)> InferenceAsync(string priorRoleId, string impliedRoleId, CancellationToken ct = default) =>
        transactions.ReadAsync(async db =>
        {
            var (prior, implied) = (await RoleAsync(db, priorRoleId, ct), await RoleAsync(db, impliedRoleId, ct));
            if (!await db.RoleInferences.AnyAsync(i => i.PriorRoleId == priorRoleId && i.ImpliedRoleId == impliedRoleId, ct))
            {
                throw ImpliedRoleNotFound(priorRoleId, impliedRoleId);
            }
            return (prior, implied);
        }, ct);

    /// <summary>
    /// Makes <paramref name="priorRoleId"/> imply <paramref name="impliedRoleId"/>, as Keystone does: admin is never implied
    /// (its <c>prohibited_implied_role</c>), nor is a domain-specific role by a global one (403); the rule exists once (409).
    /// </summary>
    public Task<(Role Prior, Role Implied)> CreateInferenceAsync(string priorRoleId, string impliedRoleId, CancellationToken ct = default) =>
        transactions.WriteAsync(async db =>
        {
            IdentityChanged(db);
            var (prior, implied) = (await RoleAsync(db, priorRoleId, ct), await RoleAsync(db, impliedRoleId, ct));
            CheckInference(prior, implied);
            if (await db.RoleInferences.AnyAsync(i => i.PriorRoleId == priorRoleId && i.ImpliedRoleId == impliedRoleId, ct))
            {
                throw new ConflictException("Conflict", $"Conflict occurred attempting to store implied_role - Duplicate entry found with prior role {priorRoleId} and implied role {impliedRoleId}.");
            }
            db.RoleInferences.Add(new RoleInference { PriorRoleId = priorRoleId, ImpliedRoleId = impliedRoleId });
            return (prior, implied);
        }, ct);

    /// <summary>Keystone's two refusals of a rule (403): admin is never implied (its <c>prohibited_implied_role</c>), nor a domain's own role by a global one.</summary>
    private static void CheckInference(Role prior, Role implied)
    {
        if (implied.DomainId is null && implied.Name == Role.Admin)
        {
            throw new ForbiddenException($"{implied.Id} cannot be an implied roles.");
        }
        if (prior.DomainId is null && implied.DomainId is not null)
        {
            throw new ForbiddenException("Global role cannot imply a domain-specific role");
        }
    }

    public Task DeleteInferenceAsync(string priorRoleId, string impliedRoleId, CancellationToken ct = default) =>
        transactions.WriteAsync(async db =>
        {
            IdentityChanged(db);
            await RoleAsync(db, priorRoleId, ct);
            await RoleAsync(db, impliedRoleId, ct);
            if (await db.RoleInferences.Where(i => i.PriorRoleId == priorRoleId && i.ImpliedRoleId == impliedRoleId).ExecuteDeleteAsync(ct) == 0)
            {
                throw ImpliedRoleNotFound(priorRoleId, impliedRoleId);
            }
        }, ct);

    private static NotFoundException ImpliedRoleNotFound(string prior, string implied) => new("ImpliedRoleNotFound", $"{prior} does not imply {implied}.");

    // ---- Roles on the system ----

    /// <summary>Grants a global role (by ID or name) to a user or a group on the system; granting it twice is harmless.</summary>
    public Task AssignSystemRoleAsync(string actorId, bool isGroup, string role, CancellationToken ct = default) =>
        transactions.WriteAsync(async db =>
        {
            IdentityChanged(db);
            var roleId = await ResolveSystemGrantAsync(db, actorId, isGroup, role, ct);
            if (!await db.SystemRoleAssignments.AnyAsync(a => a.ActorId == actorId && a.RoleId == roleId, ct))
            {
                db.SystemRoleAssignments.Add(new SystemRoleAssignment { ActorId = actorId, IsGroup = isGroup, RoleId = roleId });
            }
        }, ct);

    public Task RevokeSystemRoleAsync(string actorId, bool isGroup, string role, CancellationToken ct = default) =>
        transactions.WriteAsync(async db =>
        {
            IdentityChanged(db);
            var roleId = await ResolveSystemGrantAsync(db, actorId, isGroup, role, ct);
            if (await db.SystemRoleAssignments.Where(a => a.ActorId == actorId && a.IsGroup == isGroup && a.RoleId == roleId).ExecuteDeleteAsync(ct) == 0)
            {
                throw RoleAssignmentNotFound(role, actorId, SystemRoleAssignment.All);
            }
        }, ct);

    /// <summary>A user's roles on the system: their own and their groups'.</summary>
    internal static IQueryable<SystemRoleAssignment> EffectiveOnSystem(NetworkDbContext db, string userId) =>
        db.SystemRoleAssignments.Where(a => (!a.IsGroup && a.ActorId == userId) || (a.IsGroup && db.GroupMembers.Any(m => m.GroupId == a.ActorId && m.UserId == userId)));

    /// <summary>The roles held on the system (by one user or group when <paramref name="actorId"/> is given), as granted.</summary>
    public Task<List<SystemRoleAssignment>> ListSystemAssignmentsAsync(string? actorId = null, CancellationToken ct = default) =>
        transactions.ReadAsync(db => db.SystemRoleAssignments.Where(a => actorId == null || a.ActorId == actorId).ToListAsync(ct), ct);

    private static async Task<string> ResolveSystemGrantAsync(NetworkDbContext db, string actorId, bool isGroup, string role, CancellationToken ct)
    {
        if (isGroup)
        {
            await GroupAsync(db, actorId, ct);
        }
        else if (!await db.Users.AnyAsync(u => u.Id == actorId, ct))
        {
            throw NotFoundException.Of("user", actorId);
        }
        var roleId = await RoleIdAsync(db, role, ct);
        if (await db.Roles.AnyAsync(r => r.Id == roleId && r.DomainId != null, ct))
        {
            throw new InvalidInputException($"Role {roleId} is a domain-specific role. Unable to use a domain-specific role in a system assignment.") { Attribute = "role_id" };
        }
        return roleId;
    }
}
