using Dashboard.Core.Common;
using Dashboard.Core.Hosts;
using Dashboard.Core.Identity;
using Dashboard.Core.Ipam;
using Dashboard.Core.Networking;
using Dashboard.Core.Quotas;
using Dashboard.Core.Routers;
using Dashboard.Core.SecurityGroups;
using Dashboard.Core.Segmentation;
using Microsoft.EntityFrameworkCore;

namespace Dashboard.Core.Persistence;

/// <summary>
/// The model, on SQLite (this type, with the migrations in <c>Migrations/</c>). PostgreSQL uses
/// <see cref="PostgresNetworkDbContext"/>: the same model with its own migrations, as EF Core keeps
/// one migration set per provider.
/// </summary>
public class NetworkDbContext : DbContext, Microsoft.AspNetCore.DataProtection.EntityFrameworkCore.IDataProtectionKeyContext
{
    public NetworkDbContext(DbContextOptions<NetworkDbContext> options) : base(options)
    {
    }

    protected NetworkDbContext(DbContextOptions options) : base(options)
    {
    }

    public DbSet<Project> Projects => Set<Project>();
    public DbSet<User> Users => Set<User>();
    public DbSet<Role> Roles => Set<Role>();
    public DbSet<RoleAssignment> RoleAssignments => Set<RoleAssignment>();
    public DbSet<Domain> Domains => Set<Domain>();
    public DbSet<Group> Groups => Set<Group>();
    public DbSet<GroupMember> GroupMembers => Set<GroupMember>();
    public DbSet<GroupRoleAssignment> GroupRoleAssignments => Set<GroupRoleAssignment>();
    public DbSet<DomainRoleAssignment> DomainRoleAssignments => Set<DomainRoleAssignment>();
    public DbSet<RoleInference> RoleInferences => Set<RoleInference>();
    public DbSet<SystemRoleAssignment> SystemRoleAssignments => Set<SystemRoleAssignment>();
    public DbSet<Region> Regions => Set<Region>();
    public DbSet<Service> Services => Set<Service>();
    public DbSet<ServiceEndpoint> ServiceEndpoints => Set<ServiceEndpoint>();
    public DbSet<ApplicationCredential> ApplicationCredentials => Set<ApplicationCredential>();
    public DbSet<Token> Tokens => Set<Token>();
    public DbSet<LoginFailure> LoginFailures => Set<LoginFailure>();
    public DbSet<UserSettings> UserSettings => Set<UserSettings>();
    public DbSet<Extensions.PacketTrace.StoredTrace> StoredTraces => Set<Extensions.PacketTrace.StoredTrace>();
    public DbSet<Network> Networks => Set<Network>();
    public DbSet<SegmentAllocation> SegmentAllocations => Set<SegmentAllocation>();
    public DbSet<Subnet> Subnets => Set<Subnet>();
    public DbSet<Ipam.SubnetPool> SubnetPools => Set<Ipam.SubnetPool>();
    public DbSet<Ipam.AddressScope> AddressScopes => Set<Ipam.AddressScope>();
    public DbSet<RbacPolicy> RbacPolicies => Set<RbacPolicy>();
    public DbSet<Port> Ports => Set<Port>();
    public DbSet<IpAllocation> IpAllocations => Set<IpAllocation>();
    public DbSet<PortSecurityGroup> PortSecurityGroups => Set<PortSecurityGroup>();
    public DbSet<Router> Routers => Set<Router>();
    public DbSet<SecurityGroup> SecurityGroups => Set<SecurityGroup>();
    public DbSet<SecurityGroupRule> SecurityGroupRules => Set<SecurityGroupRule>();
    public DbSet<Quota> Quotas => Set<Quota>();
    public DbSet<ComputeNode> ComputeNodes => Set<ComputeNode>();
    public DbSet<Instance> Instances => Set<Instance>();
    public DbSet<LocalVlan> LocalVlans => Set<LocalVlan>();
    public DbSet<Agents.NetworkAgent> NetworkAgents => Set<Agents.NetworkAgent>();
    public DbSet<FloatingIp> FloatingIps => Set<FloatingIp>();

    /// <summary>ASP.NET Core Data Protection's keys, when they are kept in the database (on PostgreSQL, so every instance reads them).</summary>
    public DbSet<Microsoft.AspNetCore.DataProtection.EntityFrameworkCore.DataProtectionKey> DataProtectionKeys => Set<Microsoft.AspNetCore.DataProtection.EntityFrameworkCore.DataProtectionKey>();

    /// <summary>Port status changes saved in this context, announced by <see cref="Transactions"/> once committed.</summary>
    internal List<Events.NetworkEvent> PendingEvents { get; } = [];

    /// <summary>Resources given a new revision in this unit of work: a change of one of their parts later in the unit is the same change.</summary>
    private readonly HashSet<string> _revised = new(StringComparer.Ordinal);

    /// <summary>
    /// Addresses of each subnet read from the store once in this unit of work (IPAM's lowest-free search): a bulk create
    /// of 100 ports reads them once, not 100 times. What the unit allocates itself is tracked, and added on each use.
    /// </summary>
    internal Dictionary<string, HashSet<UInt128>> StoredAddresses { get; } = new(StringComparer.Ordinal);

    /// <summary>A unit of work begins on this (pooled) context: nothing of a previous one may leak into it.</summary>
    internal void BeginUnit()
    {
        PendingEvents.Clear();
        _revised.Clear();
        StoredAddresses.Clear();
    }

    protected override void OnModelCreating(ModelBuilder modelBuilder) =>
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(NetworkDbContext).Assembly);

    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        using (DetectedOnce())
        {
            foreach (var (type, id) in UntrackedParents())
            {
                Find(type, id);
            }
            StampStandardAttributes();
        }
        return base.SaveChanges(acceptAllChangesOnSuccess);
    }

    /// <summary>
    /// Changes detected once for the stamping before a save, instead of once per look at the tracked entries (each
    /// <c>Entries()</c> detects them again, over everything tracked: in a bulk create of 100 ports, quadratic).
    /// </summary>
    private AutoDetectScope DetectedOnce()
    {
        ChangeTracker.DetectChanges();
        var was = ChangeTracker.AutoDetectChangesEnabled;
        ChangeTracker.AutoDetectChangesEnabled = false;
        return new AutoDetectScope(ChangeTracker, was);
    }

    private readonly record struct AutoDetectScope(Microsoft.EntityFrameworkCore.ChangeTracking.ChangeTracker Tracker, bool Was) : IDisposable
    {
        public void Dispose() => Tracker.AutoDetectChangesEnabled = Was;
    }

    public override async Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        using (DetectedOnce())
        {
            foreach (var (type, id) in UntrackedParents())
            {
                await FindAsync(type, [id], cancellationToken);
            }
            StampStandardAttributes();
        }
        return await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
    }

    /// <summary>
    /// Neutron's <c>revises_on_change</c>: a change of a resource's part is a change of the resource (a new revision and
    /// updated_at, announced): a port's addresses and its security groups, a network's subnets, a security group's rules.
    /// </summary>
    private List<(Type Parent, string Id)> RevisedParents() =>
        ChangeTracker.Entries().Where(e => e.State is EntityState.Added or EntityState.Deleted or EntityState.Modified).SelectMany(e => e.Entity switch
        {
            Ipam.IpAllocation a when e.State != EntityState.Modified => [(typeof(Port), a.PortId)],
            PortSecurityGroup g when e.State != EntityState.Modified => [(typeof(Port), g.PortId)],
            Subnet s => [(typeof(Network), s.NetworkId)],
            SecurityGroupRule r when e.State != EntityState.Modified => [(typeof(SecurityGroup), r.SecurityGroupId)],
            RbacPolicy p => [(typeof(Network), p.ObjectId)], // who may use a network changed: its pages and agents hear of it
            _ => Array.Empty<(Type, string)>(),
        }).Distinct().ToList();

    private List<(Type Parent, string Id)> UntrackedParents()
    {
        var wanted = RevisedParents().Where(p => !_revised.Contains(p.Id)).ToList();
        if (wanted.Count == 0)
        {
            return wanted;
        }
        var tracked = ChangeTracker.Entries<StandardResource>().Select(e => (e.Entity.GetType(), e.Entity.Id)).ToHashSet();
        return wanted.Where(p => !tracked.Contains(p)).ToList();
    }

    /// <summary>created_at, updated_at and revision_number, kept in one place for every resource.</summary>
    private void StampStandardAttributes()
    {
        var now = DateTime.UtcNow;
        now = new DateTime(now.Ticks - now.Ticks % TimeSpan.TicksPerSecond, DateTimeKind.Utc);
        // A part changed is its resource changed (a port's addresses: the agents re-read what they serve, dnsmasq's hosts).
        var parents = RevisedParents().Select(p => p.Id).ToHashSet(StringComparer.Ordinal);
        if (parents.Count > 0)
        {
            foreach (var entry in ChangeTracker.Entries<StandardResource>().Where(e => e.State == EntityState.Unchanged && parents.Contains(e.Entity.Id) && !_revised.Contains(e.Entity.Id)))
            {
                entry.State = EntityState.Modified;
            }
        }
        _revised.UnionWith(ChangeTracker.Entries<StandardResource>().Where(e => e.State is EntityState.Added or EntityState.Modified).Select(e => e.Entity.Id));
        foreach (var entry in ChangeTracker.Entries<Port>())
        {
            var status = entry.Property(p => p.Status);
            if (entry.State == EntityState.Added || (entry.State == EntityState.Modified && status.IsModified && !Equals(status.OriginalValue, status.CurrentValue)))
            {
                var port = entry.Entity;
                PendingEvents.Add(new Events.PortStatusChanged(port.Id, port.NetworkId, port.ProjectId, port.DeviceId, port.BindingHostId,
                    entry.State == EntityState.Added ? null : status.OriginalValue, port.Status, port.StatusReason, DateTime.UtcNow));
            }
        }
        foreach (var entry in ChangeTracker.Entries<Port>().Where(e => e.State == EntityState.Deleted))
        {
            var port = entry.Entity;
            // The host it was bound to when loaded: a deleted port is unbound just before it goes.
            PendingEvents.Add(new Events.PortStatusChanged(port.Id, port.NetworkId, port.ProjectId, port.DeviceId, entry.Property(p => p.BindingHostId).OriginalValue,
                port.Status, "DELETED", "deleted", DateTime.UtcNow));
        }
        foreach (var entry in ChangeTracker.Entries().Where(e => e.State is EntityState.Added or EntityState.Modified or EntityState.Deleted))
        {
            var (resource, id, project) = entry.Entity switch
            {
                ProjectResource r => (r.ResourceName, r.Id, r.ProjectId),
                Hosts.Instance i => ("instance", i.Id, i.ProjectId),
                Hosts.ComputeNode n => ("compute_node", n.Id, ""),
                _ => (null, "", ""),
            };
            if (resource is not null)
            {
                var action = entry.State switch
                {
                    EntityState.Added => Events.ResourceChanged.Created,
                    EntityState.Deleted => Events.ResourceChanged.Deleted,
                    _ => Events.ResourceChanged.Updated,
                };
                PendingEvents.Add(new Events.ResourceChanged(resource, id, project, action, DateTime.UtcNow));
            }
        }
        foreach (var entry in ChangeTracker.Entries<StandardResource>())
        {
            switch (entry.State)
            {
                case EntityState.Added:
                    entry.Entity.CreatedAt = now;
                    entry.Entity.UpdatedAt = now;
                    entry.Entity.RevisionNumber = 0;
                    break;
                case EntityState.Modified:
                    entry.Entity.UpdatedAt = now;
                    entry.Entity.RevisionNumber++;
                    break;
            }
        }
    }
}
