using System.Security.Cryptography;
using System.Text;
using Dashboard.Core.Errors;
using Dashboard.Core.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Dashboard.Core.Networking;

/// <summary>
/// Neutron's <c>rbac-policies</c> for networks: a network's owner shares it with one project (<c>access_as_shared</c>)
/// or makes it external for one (<c>access_as_external</c>); an admin does so for every project (<c>*</c>), which is the
/// network's <c>shared</c> / <c>router:external</c> flag, listed as a policy with an ID derived from the network. A
/// policy is not removed while what it allows is in use (another project's ports on the network, its routers'
/// gateways or floating IPs there).
/// </summary>
public sealed class RbacService(Transactions transactions)
{
    /// <summary>The policies owned by <paramref name="owner"/> (every one when null).</summary>
    public Task<List<RbacPolicy>> ListAsync(string? owner = null, CancellationToken ct = default) =>
        transactions.ReadAsync(async db =>
        {
            var stored = await db.RbacPolicies.Where(r => owner == null || r.ProjectId == owner).ToListAsync(ct);
            var flagged = await db.Networks.Where(n => (n.Shared || n.External) && (owner == null || n.ProjectId == owner)).ToListAsync(ct);
            return stored.Concat(flagged.SelectMany(Everyones)).OrderBy(r => r.Id, StringComparer.Ordinal).ToList();
        }, ct);

    public async Task<RbacPolicy> GetAsync(string id, CancellationToken ct = default) =>
        (await ListAsync(ct: ct)).FirstOrDefault(r => r.Id == id) ?? throw NotFound(id);

    public Task<RbacPolicy> CreateAsync(string projectId, string objectType, string objectId, string action, string target, bool byAdmin, CancellationToken ct = default) =>
        transactions.WriteAsync(async db =>
        {
            if (objectType != "network")
            {
                throw new InvalidInputException($"'{objectType}' is not in ['network']") { Attribute = "object_type" };
            }
            var network = await db.Networks.FirstOrDefaultAsync(n => n.Id == objectId, ct);
            if (network is null || (!byAdmin && network.ProjectId != projectId))
            {
                // As Neutron: a network the caller does not own is not theirs to share.
                throw NotFoundException.Of("network", objectId);
            }
            var policy = new RbacPolicy { ProjectId = projectId, ObjectId = objectId, Action = action, TargetProject = target };
            if (target == RbacPolicy.Everyone ? Flag(network, action) : await db.RbacPolicies.AnyAsync(r => r.ObjectId == objectId && r.Action == action && r.TargetProject == target, ct))
            {
                throw new ConflictException("DuplicateRbacPolicy", "An RBAC policy already exists with those values.");
            }
            if (target == RbacPolicy.Everyone)
            {
                SetFlag(network, action, true);
                return Everyone(network, action);
            }
            db.RbacPolicies.Add(policy);
            await db.SaveChangesAsync(ct);
            return policy;
        }, ct);

    /// <summary>Gives a policy a new target project (not from or to everyone: that is the network's flag).</summary>
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
                var network = await db.Networks.FirstAsync(n => n.Id == policy.ObjectId, ct);
                await CheckNotInUseAsync(db, network, policy.Action, policy.TargetProject, policy.Id, ct);
                policy.TargetProject = target;
            }
            return policy;
        }, ct);

    public Task DeleteAsync(string id, CancellationToken ct = default) =>
        transactions.WriteAsync(async db =>
        {
            if (await db.RbacPolicies.FirstOrDefaultAsync(r => r.Id == id, ct) is { } policy)
            {
                var network = await db.Networks.FirstAsync(n => n.Id == policy.ObjectId, ct);
                await CheckNotInUseAsync(db, network, policy.Action, policy.TargetProject, policy.Id, ct);
                db.RbacPolicies.Remove(policy);
                return;
            }
            var (flagged, everyone) = await FindEveryonesAsync(db, id, ct) ?? throw NotFound(id);
            await CheckNotInUseAsync(db, flagged, everyone.Action, RbacPolicy.Everyone, null, ct);
            SetFlag(flagged, everyone.Action, false);
        }, ct);

    /// <summary>
    /// Whether taking away <paramref name="action"/> from <paramref name="target"/> (a project, or everyone) would strand
    /// what it allowed: ports of a project with no other grant on the network; its routers' gateways or floating IPs there.
    /// </summary>
    internal static async Task CheckNotInUseAsync(NetworkDbContext db, Network network, string action, string target, string? exceptPolicy, CancellationToken ct)
    {
        if (await StrandedUserAsync(db, network, action, target, exceptPolicy, ct) is { } user)
        {
            throw new InUseException("RbacPolicyInUse",
                $"RBAC policy on object {network.Id} cannot be removed because other objects depend on it. Details: project {user} uses it ({action}).");
        }
    }

    /// <summary>The first project whose use of <paramref name="network"/> would be stranded (see <see cref="CheckNotInUseAsync"/>); null when none.</summary>
    internal static async Task<string?> StrandedUserAsync(NetworkDbContext db, Network network, string action, string target, string? exceptPolicy, CancellationToken ct)
    {
        var granted = await db.RbacPolicies.Where(r => r.ObjectId == network.Id && r.Action == action && r.Id != exceptPolicy).Select(r => r.TargetProject).ToListAsync(ct);
        var stillEveryone = target != RbacPolicy.Everyone && Flag(network, action);
        bool Stranded(string project) => project != "" && project != network.ProjectId && !stillEveryone && !granted.Contains(project)
            && (target == RbacPolicy.Everyone || project == target);
        var users = action == RbacPolicy.AccessAsShared
            ? await db.Ports.Where(p => p.NetworkId == network.Id).Select(p => p.ProjectId).Distinct().ToListAsync(ct)
            : (await db.Routers.Where(r => r.GatewayNetworkId == network.Id).Select(r => r.ProjectId).ToListAsync(ct))
                .Concat(await db.FloatingIps.Where(f => f.FloatingNetworkId == network.Id).Select(f => f.ProjectId).ToListAsync(ct)).Distinct().ToList();
        return users.FirstOrDefault(Stranded);
    }

    /// <summary>Whether <paramref name="projectId"/> may use <paramref name="network"/> as an external network (a router's gateway, floating IPs).</summary>
    internal static async Task<bool> IsExternalForAsync(NetworkDbContext db, Network network, string projectId, CancellationToken ct) =>
        network.External || await db.RbacPolicies.AnyAsync(r => r.ObjectId == network.Id && r.Action == RbacPolicy.AccessAsExternal && r.TargetProject == projectId, ct);

    /// <summary>The policies for every project a network's flags are, each with an ID of its own derived from the network.</summary>
    private static IEnumerable<RbacPolicy> Everyones(Network network) =>
        new[] { RbacPolicy.AccessAsShared, RbacPolicy.AccessAsExternal }.Where(a => Flag(network, a)).Select(a => Everyone(network, a));

    private static RbacPolicy Everyone(Network network, string action) => new()
    {
        Id = new Guid(MD5.HashData(Encoding.UTF8.GetBytes($"rbac/{network.Id}/{action}"))).ToString(),
        ProjectId = network.ProjectId, ObjectId = network.Id, Action = action, TargetProject = RbacPolicy.Everyone,
    };

    /// <summary>The flagged network and its policy for every project whose derived ID is <paramref name="id"/>; null when none is.</summary>
    private static async Task<(Network Network, RbacPolicy Policy)?> FindEveryonesAsync(NetworkDbContext db, string id, CancellationToken ct) =>
        (await db.Networks.Where(n => n.Shared || n.External).ToListAsync(ct))
            .SelectMany(n => Everyones(n).Select(r => ((Network Network, RbacPolicy Policy)?)(n, r))).FirstOrDefault(x => x!.Value.Policy.Id == id);

    private static bool Flag(Network network, string action) => action == RbacPolicy.AccessAsShared ? network.Shared : network.External;

    private static void SetFlag(Network network, string action, bool on)
    {
        if (action == RbacPolicy.AccessAsShared)
        {
            network.Shared = on;
        }
        else
        {
            network.External = on;
        }
    }

    private static NotFoundException NotFound(string id) => new("RbacPolicyNotFound", $"RBAC policy of type network with ID {id} not found");
}
