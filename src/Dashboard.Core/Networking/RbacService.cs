using System.Security.Cryptography;
using System.Text;
using Dashboard.Core.Errors;
using Dashboard.Core.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Dashboard.Core.Networking;

/// <summary>
/// Neutron's <c>rbac-policies</c> on networks, subnet pools and address scopes: an object's owner shares it with one
/// project (<c>access_as_shared</c>) or makes a network external for one (<c>access_as_external</c>); an admin does so
/// for every project (<c>*</c>), which is the object's <c>shared</c> (a network's <c>router:external</c>) flag, listed
/// as a policy with an ID derived from the object. A policy is not removed while what it allows is in use (another
/// project's ports on the network, its routers' gateways or floating IPs there; its subnets from the pool; its pools
/// in the scope).
/// </summary>
public sealed class RbacService(Transactions transactions)
{
    public const string Network = "network";
    public const string SubnetPool = "subnetpool";
    public const string AddressScope = "address_scope";

    /// <summary>The object types policies are on, each with the actions it takes.</summary>
    public static IReadOnlyDictionary<string, string[]> Actions { get; } = new Dictionary<string, string[]>
    {
        [Network] = [RbacPolicy.AccessAsShared, RbacPolicy.AccessAsExternal],
        [SubnetPool] = [RbacPolicy.AccessAsShared],
        [AddressScope] = [RbacPolicy.AccessAsShared],
    };

    /// <summary>The policies owned by <paramref name="owner"/> (every one when null).</summary>
    public Task<List<RbacPolicy>> ListAsync(string? owner = null, CancellationToken ct = default) =>
        transactions.ReadAsync(async db =>
        {
            var stored = await db.RbacPolicies.Where(r => owner == null || r.ProjectId == owner).ToListAsync(ct);
            var flagged = (await FlaggedAsync(db, ct)).Where(o => owner == null || o.Owner == owner);
            return stored.Concat(flagged.SelectMany(o => o.Everyones())).OrderBy(r => r.Id, StringComparer.Ordinal).ToList();
        }, ct);

    public async Task<RbacPolicy> GetAsync(string id, CancellationToken ct = default) =>
        (await ListAsync(ct: ct)).FirstOrDefault(r => r.Id == id) ?? throw NotFound(id);

    /// <summary>The IDs of the objects of <paramref name="objectType"/> shared with <paramref name="projectId"/> by a policy for it alone.</summary>
    public Task<HashSet<string>> SharedWithAsync(string objectType, string projectId, CancellationToken ct = default) =>
        transactions.ReadAsync(async db => (await SharedWith(db, objectType, projectId).ToListAsync(ct)).ToHashSet(StringComparer.Ordinal), ct);

    /// <summary>The query of <see cref="SharedWithAsync"/>, for a caller's own query to compose.</summary>
    internal static IQueryable<string> SharedWith(NetworkDbContext db, string objectType, string? projectId) =>
        db.RbacPolicies.Where(r => r.ObjectType == objectType && r.Action == RbacPolicy.AccessAsShared && r.TargetProject == projectId).Select(r => r.ObjectId);

    public Task<RbacPolicy> CreateAsync(string projectId, string objectType, string objectId, string action, string target, bool byAdmin, CancellationToken ct = default) =>
        transactions.WriteAsync(async db =>
        {
            if (!Actions.TryGetValue(objectType, out var actions))
            {
                throw new InvalidInputException($"'{objectType}' is not in [{string.Join(", ", Actions.Keys.Select(k => $"'{k}'"))}]") { Attribute = "object_type" };
            }
            if (!actions.Contains(action))
            {
                throw new InvalidInputException($"Invalid action '{action}' for object type '{objectType}'. Valid actions: [{string.Join(", ", actions.Select(a => $"'{a}'"))}]",
                    "InvalidActionForType") { Attribute = "action" };
            }
            var shared = await FindObjectAsync(db, objectType, objectId, ct);
            if (shared is null || (!byAdmin && shared.Owner != projectId))
            {
                // As Neutron: an object the caller does not own is not theirs to share.
                throw NotFoundException.Of(objectType.Replace('_', ' '), objectId);
            }
            var policy = new RbacPolicy { ProjectId = projectId, ObjectType = objectType, ObjectId = objectId, Action = action, TargetProject = target };
            if (target == RbacPolicy.Everyone ? shared.Flag(action) : await db.RbacPolicies.AnyAsync(r => r.ObjectId == objectId && r.Action == action && r.TargetProject == target, ct))
            {
                throw new ConflictException("DuplicateRbacPolicy", "An RBAC policy already exists with those values.");
            }
            if (target == RbacPolicy.Everyone)
            {
                shared.SetFlag(action, true);
                return shared.Everyone(action);
            }
            db.RbacPolicies.Add(policy);
            await db.SaveChangesAsync(ct);
            return policy;
        }, ct);

    /// <summary>Gives a policy a new target project (not from or to everyone: that is the object's flag).</summary>
    public Task<RbacPolicy> UpdateAsync(string id, string target, CancellationToken ct = default) =>
        transactions.WriteAsync(async db =>
        {
            var policy = await db.RbacPolicies.FirstOrDefaultAsync(r => r.Id == id, ct);
            if (policy is null)
            {
                throw await FindEveryonesAsync(db, id, ct) is null ? NotFound(id)
                    : new InvalidInputException("A policy for every project cannot be retargeted: delete it and create another.") { Attribute = "target_tenant" };
            }
            if (target == RbacPolicy.Everyone)
            {
                throw new InvalidInputException("A policy cannot be retargeted to every project: create a policy for '*'.") { Attribute = "target_tenant" };
            }
            if (target != policy.TargetProject)
            {
                var shared = (await FindObjectAsync(db, policy.ObjectType, policy.ObjectId, ct))!;
                await CheckNotInUseAsync(db, shared, policy.Action, policy.TargetProject, policy.Id, ct);
                policy.TargetProject = target;
            }
            return policy;
        }, ct);

    public Task DeleteAsync(string id, CancellationToken ct = default) =>
        transactions.WriteAsync(async db =>
        {
            if (await db.RbacPolicies.FirstOrDefaultAsync(r => r.Id == id, ct) is { } policy)
            {
                var shared = (await FindObjectAsync(db, policy.ObjectType, policy.ObjectId, ct))!;
                await CheckNotInUseAsync(db, shared, policy.Action, policy.TargetProject, policy.Id, ct);
                db.RbacPolicies.Remove(policy);
                return;
            }
            var (flagged, everyone) = await FindEveryonesAsync(db, id, ct) ?? throw NotFound(id);
            await CheckNotInUseAsync(db, flagged, everyone.Action, RbacPolicy.Everyone, null, ct);
            flagged.SetFlag(everyone.Action, false);
        }, ct);

    /// <summary>Removes the policies on an object that goes (its delete's transaction).</summary>
    internal static Task RemoveOnAsync(NetworkDbContext db, string objectId, CancellationToken ct) =>
        db.RbacPolicies.Where(r => r.ObjectId == objectId).ExecuteDeleteAsync(ct);

    private static async Task CheckNotInUseAsync(NetworkDbContext db, RbacObject shared, string action, string target, string? exceptPolicy, CancellationToken ct)
    {
        if (await StrandedUserAsync(db, shared, action, target, exceptPolicy, ct) is { } user)
        {
            throw new InUseException("RbacPolicyInUse",
                $"RBAC policy on object {shared.Id} cannot be removed because other objects depend on it. Details: project {user} uses it ({action}).");
        }
    }

    /// <summary>
    /// The first project whose use of the network would be stranded by taking <paramref name="action"/> away from
    /// <paramref name="target"/> (a project, or everyone): its ports on it with no other grant, its routers' gateways or
    /// floating IPs there; null when none.
    /// </summary>
    internal static Task<string?> StrandedUserAsync(NetworkDbContext db, Network network, string action, string target, string? exceptPolicy, CancellationToken ct) =>
        StrandedUserAsync(db, RbacObject.Of(network), action, target, exceptPolicy, ct);

    private static async Task<string?> StrandedUserAsync(NetworkDbContext db, RbacObject shared, string action, string target, string? exceptPolicy, CancellationToken ct)
    {
        var granted = await db.RbacPolicies.Where(r => r.ObjectId == shared.Id && r.Action == action && r.Id != exceptPolicy).Select(r => r.TargetProject).ToListAsync(ct);
        var stillEveryone = target != RbacPolicy.Everyone && shared.Flag(action);
        bool Stranded(string project) => project != "" && project != shared.Owner && !stillEveryone && !granted.Contains(project)
            && (target == RbacPolicy.Everyone || project == target);
        var users = (shared.Type, action) switch
        {
            (Network, RbacPolicy.AccessAsShared) => await db.Ports.Where(p => p.NetworkId == shared.Id).Select(p => p.ProjectId).Distinct().ToListAsync(ct),
            (Network, _) => (await db.Routers.Where(r => r.GatewayNetworkId == shared.Id).Select(r => r.ProjectId).ToListAsync(ct))
                .Concat(await db.FloatingIps.Where(f => f.FloatingNetworkId == shared.Id).Select(f => f.ProjectId).ToListAsync(ct)).Distinct().ToList(),
            (SubnetPool, _) => await db.Subnets.Where(s => s.SubnetPoolId == shared.Id).Select(s => s.ProjectId).Distinct().ToListAsync(ct),
            _ => await db.SubnetPools.Where(p => p.AddressScopeId == shared.Id).Select(p => p.ProjectId).Distinct().ToListAsync(ct),
        };
        return users.FirstOrDefault(Stranded);
    }

    /// <summary>Whether <paramref name="projectId"/> may use <paramref name="network"/> as an external network (a router's gateway, floating IPs).</summary>
    internal static async Task<bool> IsExternalForAsync(NetworkDbContext db, Network network, string projectId, CancellationToken ct) =>
        network.External || await db.RbacPolicies.AnyAsync(r => r.ObjectId == network.Id && r.Action == RbacPolicy.AccessAsExternal && r.TargetProject == projectId, ct);

    private static async Task<RbacObject?> FindObjectAsync(NetworkDbContext db, string type, string id, CancellationToken ct) => type switch
    {
        Network => await db.Networks.FirstOrDefaultAsync(n => n.Id == id, ct) is { } n ? RbacObject.Of(n) : null,
        SubnetPool => await db.SubnetPools.FirstOrDefaultAsync(p => p.Id == id, ct) is { } p ? RbacObject.Of(p) : null,
        AddressScope => await db.AddressScopes.FirstOrDefaultAsync(s => s.Id == id, ct) is { } s ? RbacObject.Of(s) : null,
        _ => null,
    };

    /// <summary>Every object one of whose flags is a policy for every project.</summary>
    private static async Task<List<RbacObject>> FlaggedAsync(NetworkDbContext db, CancellationToken ct) =>
        [
            .. (await db.Networks.Where(n => n.Shared || n.External).ToListAsync(ct)).Select(RbacObject.Of),
            .. (await db.SubnetPools.Where(p => p.Shared).ToListAsync(ct)).Select(RbacObject.Of),
            .. (await db.AddressScopes.Where(s => s.Shared).ToListAsync(ct)).Select(RbacObject.Of),
        ];

    /// <summary>The flagged object and its policy for every project whose derived ID is <paramref name="id"/>; null when none is.</summary>
    private static async Task<(RbacObject Object, RbacPolicy Policy)?> FindEveryonesAsync(NetworkDbContext db, string id, CancellationToken ct) =>
        (await FlaggedAsync(db, ct)).SelectMany(o => o.Everyones().Select(r => ((RbacObject Object, RbacPolicy Policy)?)(o, r))).FirstOrDefault(x => x!.Value.Policy.Id == id);

    private static NotFoundException NotFound(string id) => new("RbacPolicyNotFound", $"RBAC policy with ID {id} not found");

    /// <summary>An object a policy is on: its type, ID and owner, and the flags that are its policies for every project.</summary>
    private sealed record RbacObject(string Type, string Id, string Owner, Func<string, bool> Flag, Action<string, bool> SetFlag)
    {
        public static RbacObject Of(Network n) => new(Network, n.Id, n.ProjectId,
            a => a == RbacPolicy.AccessAsShared ? n.Shared : n.External,
            (a, on) => { if (a == RbacPolicy.AccessAsShared) { n.Shared = on; } else { n.External = on; } });

        public static RbacObject Of(Ipam.SubnetPool p) => new(SubnetPool, p.Id, p.ProjectId, _ => p.Shared, (_, on) => p.Shared = on);

        public static RbacObject Of(Ipam.AddressScope s) => new(AddressScope, s.Id, s.ProjectId, _ => s.Shared, (_, on) => s.Shared = on);

        /// <summary>Its policies for every project, each with an ID of its own derived from the object.</summary>
        public IEnumerable<RbacPolicy> Everyones() => Actions[Type].Where(Flag).Select(Everyone);

        public RbacPolicy Everyone(string action) => new()
        {
            Id = new Guid(MD5.HashData(Encoding.UTF8.GetBytes($"rbac/{Id}/{action}"))).ToString(),
            ProjectId = Owner, ObjectType = Type, ObjectId = Id, Action = action, TargetProject = RbacPolicy.Everyone,
        };
    }
}
