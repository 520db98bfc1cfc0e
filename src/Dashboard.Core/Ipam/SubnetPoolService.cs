using Dashboard.Core.Common;
using Dashboard.Core.Errors;
using Dashboard.Core.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Dashboard.Core.Ipam;

/// <summary>What a subnet pool create asks for; a prefix length left null takes Neutron's default (min: /8 or /64, max: the version's bits, default: min).</summary>
public sealed record SubnetPoolSpec(string ProjectId, IReadOnlyList<string> Prefixes)
{
    public string Name { get; init; } = "";
    public string? Description { get; init; }
    public int? MinPrefixLen { get; init; }
    public int? MaxPrefixLen { get; init; }
    public int? DefaultPrefixLen { get; init; }
    public long? DefaultQuota { get; init; }
    public bool Shared { get; init; }
    public bool IsDefault { get; init; }
    public string? AddressScopeId { get; init; }
}

/// <summary>A subnet pool update: null leaves an attribute as it is; prefixes may only grow.</summary>
public sealed record SubnetPoolChanges
{
    public string? Name { get; init; }
    public string? Description { get; init; }
    public IReadOnlyList<string>? Prefixes { get; init; }
    public int? MinPrefixLen { get; init; }
    public int? MaxPrefixLen { get; init; }
    public int? DefaultPrefixLen { get; init; }
    public long? DefaultQuota { get; init; }
    public bool ClearDefaultQuota { get; init; }
    public bool? IsDefault { get; init; }

    /// <summary>A new address scope; with <see cref="ClearAddressScope"/>, none.</summary>
    public string? AddressScopeId { get; init; }
    public bool ClearAddressScope { get; init; }
}

/// <summary>Neutron's subnet pools (<c>subnet_allocation</c>, <c>default-subnetpools</c>), and the carving of subnets from them.</summary>
public sealed class SubnetPoolService(Transactions transactions)
{
    /// <summary>The pools <paramref name="visibleTo"/> may use: its own, the shared ones and those an RBAC policy shares with it (every pool when null).</summary>
    public Task<List<SubnetPool>> ListAsync(string? visibleTo = null, CancellationToken ct = default) =>
        transactions.ReadAsync(db => db.SubnetPools.Where(p => visibleTo == null || p.ProjectId == visibleTo || p.Shared
                || Networking.RbacService.SharedWith(db, Networking.RbacService.SubnetPool, visibleTo).Contains(p.Id))
            .OrderBy(p => p.Name).ThenBy(p => p.Id).ToListAsync(ct), ct);

    public Task<SubnetPool> GetAsync(string id, CancellationToken ct = default) => transactions.ReadAsync(db => FindAsync(db, id, ct), ct);

    public Task<SubnetPool> CreateAsync(SubnetPoolSpec spec, CancellationToken ct = default) =>
        transactions.WriteAsync(async db =>
        {
            var prefixes = Compact(spec.Prefixes);
            var version = prefixes[0].IpVersion;
            var (min, max, @default) = Bounds(version, spec.MinPrefixLen ?? SubnetPool.DefaultMinPrefixLen(version), spec.MaxPrefixLen ?? IpMath.Bits(version), spec.DefaultPrefixLen);
            var pool = new SubnetPool
            {
                ProjectId = spec.ProjectId,
                Name = Names.Check(spec.Name, "name"),
                Description = Names.Check(spec.Description, "description"),
                IpVersion = version,
                Prefixes = prefixes.Select(p => p.ToString()).ToList(),
                MinPrefixLen = min,
                MaxPrefixLen = max,
                DefaultPrefixLen = @default,
                DefaultQuota = CheckQuota(spec.DefaultQuota),
                Shared = spec.Shared,
            };
            if (spec.IsDefault)
            {
                await CheckNoOtherDefaultAsync(db, pool, ct);
                pool.IsDefault = true;
            }
            if (spec.AddressScopeId is { } scope)
            {
                await AddressScopeService.CheckMembershipAsync(db, pool, scope, ct);
                pool.AddressScopeId = scope;
            }
            db.SubnetPools.Add(pool);
            await db.SaveChangesAsync(ct);
            return pool;
        }, ct);

    public Task<SubnetPool> UpdateAsync(string id, SubnetPoolChanges changes, long? expectedRevision = null, CancellationToken ct = default) =>
        transactions.WriteAsync(async db =>
        {
            var pool = await FindAsync(db, id, ct);
            Revisions.Check(pool, expectedRevision);
            pool.Name = changes.Name is null ? pool.Name : Names.Check(changes.Name, "name");
            pool.Description = changes.Description is null ? pool.Description : Names.Check(changes.Description, "description");
            if (changes.Prefixes is not null)
            {
                var prefixes = Compact(changes.Prefixes, pool.IpVersion);
                var now = PrefixSet.Of(pool.IpVersion, prefixes);
                if (pool.Prefixes.Select(p => Cidr.Parse(p)).Where(p => !now.Covers(p)).Select(p => (Cidr?)p).FirstOrDefault() is { } dropped)
                {
                    throw new InvalidInputException($"Illegal update to prefixes: Existing prefixes must be a subset of the new prefixes ({dropped} would be dropped).",
                        "IllegalSubnetPoolPrefixUpdate") { Attribute = "prefixes" };
                }
                pool.Prefixes = prefixes.Select(p => p.ToString()).ToList();
            }
            (pool.MinPrefixLen, pool.MaxPrefixLen, pool.DefaultPrefixLen) = Bounds(pool.IpVersion,
                changes.MinPrefixLen ?? pool.MinPrefixLen, changes.MaxPrefixLen ?? pool.MaxPrefixLen, changes.DefaultPrefixLen ?? pool.DefaultPrefixLen);
            if (changes.ClearDefaultQuota || changes.DefaultQuota is not null)
            {
                pool.DefaultQuota = changes.ClearDefaultQuota ? null : CheckQuota(changes.DefaultQuota);
            }
            var scopeId = changes.ClearAddressScope ? null : changes.AddressScopeId ?? pool.AddressScopeId;
            if (scopeId is not null && (scopeId != pool.AddressScopeId || changes.Prefixes is not null))
            {
                await AddressScopeService.CheckMembershipAsync(db, pool, scopeId, ct); // its new prefixes unique in its scope too
            }
            pool.AddressScopeId = scopeId;
            if (changes.IsDefault is { } isDefault && isDefault != pool.IsDefault)
            {
                if (isDefault)
                {
                    await CheckNoOtherDefaultAsync(db, pool, ct);
                }
                pool.IsDefault = isDefault;
            }
            return pool;
        }, ct);

    /// <summary>Deletes a pool no subnet was carved from.</summary>
    public Task DeleteAsync(string id, long? expectedRevision = null, CancellationToken ct = default) =>
        transactions.WriteAsync(async db =>
        {
            var pool = await FindAsync(db, id, ct);
            Revisions.Check(pool, expectedRevision);
            if (await db.Subnets.AnyAsync(s => s.SubnetPoolId == id, ct))
            {
                throw new InvalidInputException("Unable to delete subnet pool: Subnet pool has existing allocations.", "SubnetPoolDeleteError");
            }
            await Networking.RbacService.RemoveOnAsync(db, id, ct);
            db.SubnetPools.Remove(pool);
        }, ct);

    /// <summary>
    /// The pool a subnet of <paramref name="ipVersion"/> is carved from: the one named, or the default pool of the
    /// version when <paramref name="useDefault"/>; null when neither.
    /// </summary>
    internal static async Task<SubnetPool?> ChooseAsync(NetworkDbContext db, string? poolId, bool useDefault, int? ipVersion, CancellationToken ct)
    {
        if (poolId is not null)
        {
            return await FindAsync(db, poolId, ct);
        }
        if (!useDefault)
        {
            return null;
        }
        return await db.SubnetPools.FirstOrDefaultAsync(p => p.IsDefault && p.IpVersion == (ipVersion ?? 4), ct)
            ?? throw new InvalidInputException($"Bad subnets request: No default subnetpool found for IPv{ipVersion ?? 4}.", "HTTPBadRequest") { Attribute = "use_default_subnetpool" };
    }

    /// <summary>
    /// Carves a subnet for <paramref name="projectId"/> from <paramref name="pool"/>: the CIDR asked for when it is free in
    /// the pool, else the first free block of <paramref name="prefixLength"/> (the pool's default when null), the
    /// smallest free blocks first so large ones stay whole; within the pool's prefix bounds and the project's quota of it.
    /// </summary>
    internal static async Task<Cidr> AllocateAsync(NetworkDbContext db, SubnetPool pool, string projectId, Cidr? requested, int? prefixLength, CancellationToken ct)
    {
        var length = requested?.PrefixLength ?? prefixLength ?? pool.DefaultPrefixLen;
        if (length > pool.MaxPrefixLen)
        {
            throw new InvalidInputException($"Unable to allocate subnet with prefix length {length}, maximum allowed prefix is {pool.MaxPrefixLen}.",
                "MaxPrefixSubnetAllocationError") { Attribute = requested is null ? "prefixlen" : "cidr" };
        }
        if (length < pool.MinPrefixLen)
        {
            throw new InvalidInputException($"Unable to allocate subnet with prefix length {length}, minimum allowed prefix is {pool.MinPrefixLen}.",
                "MinPrefixSubnetAllocationError") { Attribute = requested is null ? "prefixlen" : "cidr" };
        }
        var taken = await db.Subnets.Where(s => s.SubnetPoolId == pool.Id).Select(s => new { s.Cidr, s.ProjectId }).ToListAsync(ct);
        if (pool.DefaultQuota is { } quota)
        {
            var unit = SubnetPool.QuotaUnit(pool.IpVersion);
            static double Units(int prefix, int unit) => Math.Pow(2, unit - prefix);
            var used = taken.Where(t => t.ProjectId == projectId).Sum(t => Units(Cidr.Parse(t.Cidr).PrefixLength, unit));
            if (used + Units(length, unit) > quota)
            {
                throw new ConflictException("SubnetPoolQuotaExceeded", "Per-tenant subnet pool prefix quota exceeded.");
            }
        }
        var free = PrefixSet.Of(pool.IpVersion, pool.Prefixes.Select(p => Cidr.Parse(p))).Minus(PrefixSet.Of(pool.IpVersion, taken.Select(t => Cidr.Parse(t.Cidr))));
        if (requested is { } cidr)
        {
            return free.Covers(cidr) ? cidr
                : throw new ConflictException("SubnetAllocationError", "Failed to allocate subnet: Cannot allocate requested subnet from the available set of prefixes.");
        }
        var block = free.Cidrs().OrderByDescending(c => c.PrefixLength).ThenBy(c => c.Network).FirstOrDefault(c => c.PrefixLength <= length);
        return block == default
            ? throw new ConflictException("SubnetAllocationError", $"Failed to allocate subnet: Insufficient prefix space to allocate subnet size /{length}.")
            : new Cidr(pool.IpVersion, block.Network, length);
    }

    internal static async Task<SubnetPool> FindAsync(NetworkDbContext db, string id, CancellationToken ct) =>
        await db.SubnetPools.FirstOrDefaultAsync(p => p.Id == id, ct) ?? throw new NotFoundException("SubnetPoolNotFound", $"Subnet pool {id} could not be found.");

    // Parsed, of one IP version (the pool's, when it has one), merged where they overlap or touch.
    private static IReadOnlyList<Cidr> Compact(IReadOnlyList<string> prefixes, int? ipVersion = null)
    {
        if (prefixes.Count == 0)
        {
            throw new InvalidInputException("Empty subnet pool prefix list.", "EmptySubnetPoolPrefixList") { Attribute = "prefixes" };
        }
        var parsed = prefixes.Select(p => Cidr.Parse(p?.Trim(), "prefixes")).ToList();
        if (parsed.Select(p => p.IpVersion).Append(ipVersion ?? parsed[0].IpVersion).Distinct().Count() > 1)
        {
            throw new InvalidInputException("Cannot mix IPv4 and IPv6 prefixes in a subnet pool.", "PrefixVersionMismatch") { Attribute = "prefixes" };
        }
        return PrefixSet.Of(parsed[0].IpVersion, parsed).Cidrs();
    }

    // Neutron's checks of a pool's prefix lengths: 0 <= min <= default <= max <= the version's bits (default: min when not given).
    private static (int Min, int Max, int Default) Bounds(int version, int min, int max, int? @default)
    {
        static InvalidInputException Illegal(string type, int length, string baseType, int baseLength) =>
            new($"Illegal prefix bounds: {type}={length}, {baseType}={baseLength}.", "IllegalSubnetPoolPrefixBounds") { Attribute = type };
        if (min < 0)
        {
            throw new InvalidInputException($"Prefix '{min}' not supported in IPv{version} pool.", "UnsupportedMinSubnetPoolPrefix") { Attribute = "min_prefixlen" };
        }
        var value = @default ?? min;
        return min > max ? throw Illegal("min_prefixlen", min, "max_prefixlen", max)
            : max > IpMath.Bits(version) ? throw Illegal("max_prefixlen", max, "ip_version_max", IpMath.Bits(version))
            : value < min ? throw Illegal("default_prefixlen", value, "min_prefixlen", min)
            : value > max ? throw Illegal("default_prefixlen", value, "max_prefixlen", max)
            : (min, max, value);
    }

    private static long? CheckQuota(long? quota) => quota is < 0
        ? throw new InvalidInputException($"'{quota}' should be non-negative", "InvalidInput") { Attribute = "default_quota" }
        : quota;

    private static async Task CheckNoOtherDefaultAsync(NetworkDbContext db, SubnetPool pool, CancellationToken ct)
    {
        if (await db.SubnetPools.AnyAsync(p => p.IsDefault && p.IpVersion == pool.IpVersion && p.Id != pool.Id, ct))
        {
            throw new InvalidInputException($"A default subnetpool for this IP family has already been set. Only one default may exist per IP family", "InvalidInput")
            { Attribute = "is_default" };
        }
    }
}
