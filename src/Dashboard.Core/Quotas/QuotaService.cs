using Dashboard.Core.Errors;
using Dashboard.Core.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Dashboard.Core.Quotas;

/// <summary>Per-project limits with Neutron's defaults; enforced inside the creating transaction.</summary>
public sealed class QuotaService(Transactions transactions, IOptions<QuotaOptions> options)
{
    public IReadOnlyDictionary<string, long> Defaults => options.Value.Defaults;

    public Task<IReadOnlyDictionary<string, long>> GetAsync(string projectId, CancellationToken ct = default) =>
        transactions.ReadAsync(db => LimitsAsync(db, projectId, ct), ct);

    /// <summary>Every project with a limit of its own (Neutron's <c>GET /quotas</c>): its full set of limits.</summary>
    public Task<IReadOnlyDictionary<string, IReadOnlyDictionary<string, long>>> ListOverriddenAsync(CancellationToken ct = default) =>
        transactions.ReadAsync<IReadOnlyDictionary<string, IReadOnlyDictionary<string, long>>>(async db =>
        {
            var projects = await db.Quotas.Select(q => q.ProjectId).Distinct().OrderBy(p => p).ToListAsync(ct);
            var limits = new Dictionary<string, IReadOnlyDictionary<string, long>>();
            foreach (var project in projects)
            {
                limits[project] = await LimitsAsync(db, project, ct);
            }
            return limits;
        }, ct);

    /// <summary>Limit and current usage of each resource, for the quota details view and the overview charts.</summary>
    public Task<IReadOnlyDictionary<string, (long Limit, long Used)>> GetUsageAsync(string projectId, CancellationToken ct = default) =>
        transactions.ReadAsync<IReadOnlyDictionary<string, (long, long)>>(async db =>
        {
            var limits = await LimitsAsync(db, projectId, ct);
            var usage = new Dictionary<string, (long, long)>();
            foreach (var (resource, limit) in limits)
            {
                usage[resource] = (limit, await CountAsync(db, projectId, resource, ct));
            }
            return usage;
        }, ct);

    /// <summary>The largest limit Neutron stores (its database's integer maximum).</summary>
    public const long MaxLimit = int.MaxValue;

    public Task<IReadOnlyDictionary<string, long>> SetAsync(string projectId, IReadOnlyDictionary<string, long> limits, CancellationToken ct = default) =>
        transactions.WriteAsync(async db =>
        {
            foreach (var (resource, limit) in limits)
            {
                if (!Defaults.ContainsKey(resource))
                {
                    throw new InvalidInputException($"Unrecognized attribute(s) '{resource}'") { Attribute = resource };
                }
                if (limit < -1 || limit > MaxLimit)
                {
                    throw new InvalidInputException($"'{limit}' is not in range -1 through {MaxLimit}") { Attribute = resource, Reason = $"'{limit}' is not in range -1 (unlimited) through {MaxLimit}" };
                }
                var row = await db.Quotas.FindAsync([projectId, resource], ct);
                if (row is null)
                {
                    db.Quotas.Add(new Quota { ProjectId = projectId, Resource = resource, Limit = limit });
                }
                else
                {
                    row.Limit = limit;
                }
            }
            await db.SaveChangesAsync(ct);
            return await LimitsAsync(db, projectId, ct);
        }, ct);

    /// <summary>Back to the defaults.</summary>
    public Task ResetAsync(string projectId, CancellationToken ct = default) =>
        transactions.WriteAsync(db => db.Quotas.Where(q => q.ProjectId == projectId).ExecuteDeleteAsync(ct), ct);

    /// <summary>Throws OverQuota when <paramref name="adding"/> more of <paramref name="resource"/> would pass the project's limit.</summary>
    public async Task CheckAsync(NetworkDbContext db, string projectId, string resource, int adding = 1, CancellationToken ct = default)
    {
        var limit = await db.Quotas.Where(q => q.ProjectId == projectId && q.Resource == resource)
            .Select(q => (long?)q.Limit).FirstOrDefaultAsync(ct) ?? Defaults[resource];
        if (limit >= 0 && await CountAsync(db, projectId, resource, ct) + adding > limit)
        {
            throw new OverQuotaException(resource, limit);
        }
    }

    private async Task<IReadOnlyDictionary<string, long>> LimitsAsync(NetworkDbContext db, string projectId, CancellationToken ct)
    {
        var overrides = await db.Quotas.Where(q => q.ProjectId == projectId).ToDictionaryAsync(q => q.Resource, q => q.Limit, ct);
        return Defaults.ToDictionary(d => d.Key, d => overrides.GetValueOrDefault(d.Key, d.Value));
    }

    private static Task<int> CountAsync(NetworkDbContext db, string projectId, string resource, CancellationToken ct) => resource switch
    {
        QuotaResources.Network => db.Networks.CountAsync(n => n.ProjectId == projectId, ct),
        QuotaResources.Subnet => db.Subnets.CountAsync(s => s.ProjectId == projectId, ct),
        QuotaResources.Port => db.Ports.CountAsync(p => p.ProjectId == projectId, ct),
        QuotaResources.Router => db.Routers.CountAsync(r => r.ProjectId == projectId, ct),
        QuotaResources.FloatingIp => db.FloatingIps.CountAsync(f => f.ProjectId == projectId, ct),
        QuotaResources.SecurityGroup => db.SecurityGroups.CountAsync(g => g.ProjectId == projectId, ct),
        QuotaResources.SecurityGroupRule => db.SecurityGroupRules.CountAsync(r => r.ProjectId == projectId, ct),
        _ => throw new ArgumentOutOfRangeException(nameof(resource), resource, null),
    };
}
