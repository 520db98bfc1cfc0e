using Dashboard.Core.Common;
using Dashboard.Core.Errors;
using Dashboard.Core.Persistence;
using Dashboard.Core.Quotas;
using Microsoft.EntityFrameworkCore;

namespace Dashboard.Core.SecurityGroups;

public sealed class SecurityGroupService(Transactions transactions, QuotaService quotas)
{
    public Task<List<SecurityGroup>> ListAsync(string? projectId = null, CancellationToken ct = default) =>
        transactions.ReadAsync(db => db.SecurityGroups.Include(g => g.Rules)
            .Where(g => projectId == null || g.ProjectId == projectId).OrderBy(g => g.Name).ThenBy(g => g.Id).ToListAsync(ct), ct);

    public Task<SecurityGroup> GetAsync(string id, CancellationToken ct = default) =>
        transactions.ReadAsync(db => FindAsync(db, id, ct), ct);

    public Task<SecurityGroupRule> GetRuleAsync(string id, CancellationToken ct = default) =>
        transactions.ReadAsync(async db => await db.SecurityGroupRules.AsNoTracking().FirstOrDefaultAsync(r => r.Id == id, ct)
            ?? throw NotFoundException.Of("security group rule", id), ct);

    /// <summary>
    /// The project's default group, created now if it does not exist yet. Listing pages call this on
    /// every view, so it only reads unless the group is really missing (then one write creates it).
    /// </summary>
    public async Task<SecurityGroup> EnsureDefaultAsync(string projectId, CancellationToken ct = default) =>
        await transactions.ReadAsync(db => db.SecurityGroups.Include(g => g.Rules)
            .FirstOrDefaultAsync(g => g.ProjectId == projectId && g.Name == SecurityGroup.DefaultName, ct), ct)
        ?? await transactions.WriteAsync(db => EnsureDefaultAsync(db, projectId, ct), ct);

    public Task<SecurityGroup> CreateAsync(string projectId, string name, string? description = null, CancellationToken ct = default) =>
        transactions.WriteAsync(async db =>
        {
            await EnsureDefaultAsync(db, projectId, ct);
            if (name == SecurityGroup.DefaultName)
            {
                throw new ConflictException("SecurityGroupDefaultAlreadyExists", "Default security group already exists.");
            }
            await quotas.CheckAsync(db, projectId, QuotaResources.SecurityGroup, ct: ct);
            var group = new SecurityGroup { ProjectId = projectId, Name = Names.Check(name, "name"), Description = Names.Check(description, "description") };
            AddEgressRules(group);
            await quotas.CheckAsync(db, projectId, QuotaResources.SecurityGroupRule, group.Rules.Count, ct);
            db.SecurityGroups.Add(group);
            return group;
        }, ct);

    public Task<SecurityGroup> UpdateAsync(string id, string? name, string? description, CancellationToken ct = default) =>
        transactions.WriteAsync(async db =>
        {
            var group = await FindAsync(db, id, ct);
            if (name is not null && name != group.Name)
            {
                // Neutron's answers, both 409: the default group keeps its name, and no other group takes it.
                if (group.IsDefault)
                {
                    throw new InUseException("SecurityGroupCannotUpdateDefault", "Updating default security group not allowed.");
                }
                if (name == SecurityGroup.DefaultName)
                {
                    throw new ConflictException("SecurityGroupDefaultAlreadyExists", "Default security group already exists.");
                }
                group.Name = Names.Check(name, "name");
            }
            if (description is not null)
            {
                group.Description = Names.Check(description, "description");
            }
            return group;
        }, ct);

    public Task DeleteAsync(string id, bool byAdmin = false, long? expectedRevision = null, CancellationToken ct = default) =>
        transactions.WriteAsync(async db =>
        {
            var group = await FindAsync(db, id, ct);
            Revisions.Check(group, expectedRevision);
            if (group.IsDefault && !byAdmin)
            {
                throw new ConflictException("SecurityGroupCannotRemoveDefault", "Insufficient rights for removing default security group.");
            }
            if (await db.PortSecurityGroups.AnyAsync(b => b.SecurityGroupId == id, ct))
            {
                throw new InUseException("SecurityGroupInUse", $"Security Group {id} in use.");
            }
            db.SecurityGroups.Remove(group);
        }, ct);

    public Task<SecurityGroupRule> AddRuleAsync(string securityGroupId, SecurityGroupRuleSpec spec, CancellationToken ct = default) =>
        transactions.WriteAsync(async db =>
        {
            var group = await FindAsync(db, securityGroupId, ct);
            if (spec.RemoteGroupId is not null && !await db.SecurityGroups.AnyAsync(g => g.Id == spec.RemoteGroupId, ct))
            {
                throw NotFoundException.Of("security group", spec.RemoteGroupId);
            }
            var rule = SecurityGroupRule.Create(group.ProjectId, group.Id, spec);
            if (group.Rules.FirstOrDefault(r => r.SameAs(rule)) is { } existing)
            {
                throw new ConflictException("SecurityGroupRuleExists", $"Security group rule already exists. Rule id is {existing.Id}.");
            }
            await quotas.CheckAsync(db, group.ProjectId, QuotaResources.SecurityGroupRule, ct: ct);
            group.Rules.Add(rule);
            return rule;
        }, ct);

    public Task DeleteRuleAsync(string ruleId, long? expectedRevision = null, CancellationToken ct = default) =>
        transactions.WriteAsync(async db =>
        {
            // Removed through the change tracker (not a bulk delete), so the change is announced:
            // agents re-apply the firewall and open pages refresh.
            var rule = await db.SecurityGroupRules.FirstOrDefaultAsync(r => r.Id == ruleId, ct)
                       ?? throw NotFoundException.Of("security group rule", ruleId);
            Revisions.Check(rule, expectedRevision);
            db.SecurityGroupRules.Remove(rule);
        }, ct);

    /// <summary>
    /// The project's <c>default</c> group, created on first need with Neutron's four rules:
    /// ingress from members of the same group and egress anywhere, for IPv4 and IPv6.
    /// </summary>
    public static async Task<SecurityGroup> EnsureDefaultAsync(NetworkDbContext db, string projectId, CancellationToken ct)
    {
        await EnsureDefaultIdAsync(db, projectId, ct);
        return await db.SecurityGroups.Include(g => g.Rules).FirstAsync(g => g.ProjectId == projectId && g.Name == SecurityGroup.DefaultName, ct);
    }

    /// <summary>
    /// The ID of the project's <c>default</c> group, created on first need. Network and port creates
    /// only need to know it exists: one indexed lookup of the ID, nothing loaded or tracked.
    /// </summary>
    public static async Task<string> EnsureDefaultIdAsync(NetworkDbContext db, string projectId, CancellationToken ct)
    {
        var existing = await db.SecurityGroups.Where(g => g.ProjectId == projectId && g.Name == SecurityGroup.DefaultName)
            .Select(g => g.Id).FirstOrDefaultAsync(ct);
        if (existing is not null)
        {
            return existing;
        }
        return (await CreateDefaultAsync(db, projectId, ct)).Id;
    }

    private static async Task<SecurityGroup> CreateDefaultAsync(NetworkDbContext db, string projectId, CancellationToken ct)
    {
        var group = new SecurityGroup { ProjectId = projectId, Name = SecurityGroup.DefaultName, Description = "Default security group" };
        foreach (var ethertype in new[] { "IPv4", "IPv6" })
        {
            group.Rules.Add(SecurityGroupRule.Create(projectId, group.Id, new("ingress", ethertype, RemoteGroupId: group.Id)));
        }
        AddEgressRules(group);
        db.SecurityGroups.Add(group);
        await db.SaveChangesAsync(ct);
        return group;
    }

    private static void AddEgressRules(SecurityGroup group)
    {
        foreach (var ethertype in new[] { "IPv4", "IPv6" })
        {
            group.Rules.Add(SecurityGroupRule.Create(group.ProjectId, group.Id, new("egress", ethertype)));
        }
    }

    private static async Task<SecurityGroup> FindAsync(NetworkDbContext db, string id, CancellationToken ct) =>
        await db.SecurityGroups.Include(g => g.Rules).FirstOrDefaultAsync(g => g.Id == id, ct)
        ?? throw NotFoundException.Of("security group", id);
}
