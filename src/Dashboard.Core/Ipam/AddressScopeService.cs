using Dashboard.Core.Common;
using Dashboard.Core.Errors;
using Dashboard.Core.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Dashboard.Core.Ipam;

/// <summary>Neutron's address scopes (<c>address-scope</c>), and the rules of a subnet pool's membership in one.</summary>
public sealed class AddressScopeService(Transactions transactions)
{
    /// <summary>The scopes <paramref name="visibleTo"/> may use: its own, the shared ones and those an RBAC policy shares with it (every scope when null).</summary>
    public Task<List<AddressScope>> ListAsync(string? visibleTo = null, CancellationToken ct = default) =>
        transactions.ReadAsync(db => db.AddressScopes.Where(s => visibleTo == null || s.ProjectId == visibleTo || s.Shared
                || Networking.RbacService.SharedWith(db, Networking.RbacService.AddressScope, visibleTo).Contains(s.Id))
            .OrderBy(s => s.Name).ThenBy(s => s.Id).ToListAsync(ct), ct);

    public Task<AddressScope> GetAsync(string id, CancellationToken ct = default) => transactions.ReadAsync(db => FindAsync(db, id, ct), ct);

    public Task<AddressScope> CreateAsync(string projectId, string name, int ipVersion, bool shared = false, string? description = null, CancellationToken ct = default) =>
        transactions.WriteAsync(async db =>
        {
            var scope = new AddressScope
            {
                ProjectId = projectId,
                Name = Names.Check(name, "name"),
                Description = Names.Check(description, "description"),
                IpVersion = ipVersion is 4 or 6 ? ipVersion : throw new InvalidInputException($"'{ipVersion}' is not in [4, 6]") { Attribute = "ip_version" },
                Shared = shared,
            };
            db.AddressScopes.Add(scope);
            await db.SaveChangesAsync(ct);
            return scope;
        }, ct);

    public Task<AddressScope> UpdateAsync(string id, string? name, string? description, bool? shared, long? expectedRevision = null, CancellationToken ct = default) =>
        transactions.WriteAsync(async db =>
        {
            var scope = await FindAsync(db, id, ct);
            Revisions.Check(scope, expectedRevision);
            scope.Name = name is null ? scope.Name : Names.Check(name, "name");
            scope.Description = description is null ? scope.Description : Names.Check(description, "description");
            if (shared is false && scope.Shared && await db.SubnetPools.AnyAsync(p => p.AddressScopeId == id && p.ProjectId != scope.ProjectId, ct))
            {
                throw new InvalidInputException($"Unable to update address scope {id} : Shared address scope can't be unshared.", "AddressScopeUpdateError") { Attribute = "shared" };
            }
            scope.Shared = shared ?? scope.Shared;
            return scope;
        }, ct);

    /// <summary>Deletes a scope no subnet pool is in.</summary>
    public Task DeleteAsync(string id, long? expectedRevision = null, CancellationToken ct = default) =>
        transactions.WriteAsync(async db =>
        {
            var scope = await FindAsync(db, id, ct);
            Revisions.Check(scope, expectedRevision);
            if (await db.SubnetPools.AnyAsync(p => p.AddressScopeId == id, ct))
            {
                throw new InUseException("AddressScopeInUse", $"Unable to complete operation on address scope {id}. There are one or more subnet pools in use on the address scope.");
            }
            await Networking.RbacService.RemoveOnAsync(db, id, ct);
            db.AddressScopes.Remove(scope);
        }, ct);

    /// <summary>
    /// Whether <paramref name="pool"/> (with its prefixes as they will be) may be in the scope <paramref name="scopeId"/>:
    /// the scope is the pool's project's or shared, of the pool's IP version, and no other pool in it overlaps it.
    /// </summary>
    internal static async Task CheckMembershipAsync(NetworkDbContext db, SubnetPool pool, string scopeId, CancellationToken ct)
    {
        var scope = await FindAsync(db, scopeId, ct);
        if (!scope.Shared && scope.ProjectId != pool.ProjectId
            && !await Networking.RbacService.SharedWith(db, Networking.RbacService.AddressScope, pool.ProjectId).ContainsAsync(scopeId, ct))
        {
            throw new InvalidInputException($"Illegal subnetpool association: subnetpool {pool.Id} cannot be associated with address scope {scopeId}.",
                "IllegalSubnetPoolAssociationToAddressScope") { Attribute = "address_scope_id" };
        }
        if (scope.IpVersion != pool.IpVersion)
        {
            throw new InvalidInputException($"Illegal subnetpool association: subnetpool {pool.Id} cannot associate with address scope {scopeId} because subnetpool ip_version is not {scope.IpVersion}.",
                "IllegalSubnetPoolIpVersionAssociationToAddressScope") { Attribute = "address_scope_id" };
        }
        var others = await db.SubnetPools.Where(p => p.AddressScopeId == scopeId && p.Id != pool.Id).Select(p => p.Prefixes).ToListAsync(ct);
        var taken = PrefixSet.Of(pool.IpVersion, others.SelectMany(p => p).Select(p => Cidr.Parse(p)));
        if (pool.Prefixes.Select(p => Cidr.Parse(p)).Any(taken.Touches))
        {
            throw new InvalidInputException("Failed to associate address scope: subnetpools within an address scope must have unique prefixes.",
                "AddressScopePrefixConflict") { Attribute = "address_scope_id" };
        }
    }

    internal static async Task<AddressScope> FindAsync(NetworkDbContext db, string id, CancellationToken ct) =>
        await db.AddressScopes.FirstOrDefaultAsync(s => s.Id == id, ct) ?? throw new NotFoundException("AddressScopeNotFound", $"Address scope {id} could not be found.");
}
