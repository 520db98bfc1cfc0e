using Dashboard.Core.Hosts;
using Dashboard.Core.Identity;
using Dashboard.Core.Networking;
using Dashboard.Core.Persistence;
using Dashboard.Core.Quotas;
using Dashboard.Core.Routers;
using Dashboard.Core.SecurityGroups;
using Dashboard.Core.Seeding;
using Dashboard.Core.Segmentation;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Dashboard.Core;

public static class DependencyInjection
{
    /// <summary>The network core: options, allocators, the EF Core context factory and the domain services.</summary>
    public static IServiceCollection AddNetworkCore(this IServiceCollection services, IConfiguration configuration, string contentRoot)
    {
        services.Configure<NeutronOptions>(configuration.GetSection(NeutronOptions.Section));
        services.Configure<QuotaOptions>(configuration.GetSection(QuotaOptions.Section));
        services.Configure<BootstrapOptions>(configuration.GetSection(BootstrapOptions.Section));
        services.Configure<CloudOptions>(configuration.GetSection(CloudOptions.Section));
        services.Configure<DemoOptions>(configuration.GetSection(DemoOptions.Section));
        services.Configure<IdentityOptions>(configuration.GetSection(IdentityOptions.Section));
        services.Configure<Agents.AgentOptions>(configuration.GetSection(Agents.AgentOptions.Section));
        services.Configure<Policies.PolicyOptions>(configuration.GetSection(Policies.PolicyOptions.Section));
        services.AddSingleton(sp => Policies.PolicyEnforcer.Create(
            sp.GetServices<Extensions.ExtensionDescriptor>(), sp.GetRequiredService<IOptions<Policies.PolicyOptions>>().Value, contentRoot));
        services.AddSingleton<Extensions.ResourceOperations>();
        services.TryAddSingleton(TimeProvider.System);

        var database = DatabaseOptions.From(configuration);
        services.AddSingleton(database);
        if (database.IsPostgres)
        {
            var connectionString = configuration.GetConnectionString(DatabaseConnection.Name)
                ?? throw new InvalidOperationException("Database:Provider is postgres: set ConnectionStrings:Dashboard (Host=...;Database=...;Username=...;Password=...).");
            services.AddPooledDbContextFactory<PostgresNetworkDbContext>(o => o.UseNpgsql(connectionString));
            services.AddSingleton<IDbContextFactory<NetworkDbContext>>(sp => new ProviderContextFactory<PostgresNetworkDbContext>(sp.GetRequiredService<IDbContextFactory<PostgresNetworkDbContext>>()));
            services.AddSingleton<Events.PostgresEventBus>();
            services.AddSingleton<Events.IEventOutbox>(sp => sp.GetRequiredService<Events.PostgresEventBus>());
            services.AddHostedService(sp => sp.GetRequiredService<Events.PostgresEventBus>());
        }
        else
        {
            var connectionString = DatabaseConnection.ResolveSqlite(configuration.GetConnectionString(DatabaseConnection.Name), contentRoot);
            services.AddPooledDbContextFactory<NetworkDbContext>(o => o.UseSqlite(connectionString, s => s.UseParameterizedCollectionMode(ParameterTranslationMode.Parameter)).AddInterceptors(SqlitePragmas.Instance));
            services.AddSingleton<Events.IEventOutbox, Events.LocalOnlyOutbox>();
        }

        services.AddSingleton(sp => new SegmentationRanges(sp.GetRequiredService<IOptions<NeutronOptions>>().Value));
        services.AddSingleton<SegmentAllocator>();
        services.AddSingleton<SegmentationReport>();
        services.TryAddSingleton<Events.INetworkEvents, Events.InProcessNetworkEvents>();
        services.AddSingleton<DatabaseHealth>();
        services.AddSingleton<Transactions>();
        services.AddSingleton<QuotaService>();
        services.AddSingleton<SecurityGroupService>();
        services.AddSingleton<NetworkService>();
        services.AddSingleton<SubnetService>();
        services.AddSingleton<Ipam.SubnetPoolService>();
        services.AddSingleton<Ipam.IpAvailabilityService>();
        services.AddSingleton<Ipam.AddressScopeService>();
        services.AddSingleton<RbacService>();
        services.AddSingleton<PortService>();
        services.AddSingleton<RouterService>();
        services.AddSingleton<FloatingIpService>();
        services.AddSingleton<Agents.AgentService>();
        services.AddSingleton<Agents.AvailabilityZones>();
        services.AddSingleton<ComputeNodeService>();
        services.AddSingleton<InstanceService>();
        services.AddSingleton<IdentityService>();
        services.AddSingleton<ServiceCatalog>();
        services.AddSingleton<ApplicationCredentials>();
        services.AddSingleton<UserSettingsService>();
        services.AddSingleton<Common.TagService>();
        foreach (var extension in Extensions.NeutronResources.Extensions)
        {
            services.AddSingleton(extension);
        }
        services.AddSingleton(sp => new Extensions.ExtensionRegistry(Extensions.NeutronResources.Core, sp.GetServices<Extensions.ExtensionDescriptor>()));
        // Keys that encrypt secrets at rest (credential passwords) and sign-in cookies survive restarts: on SQLite beside the
        // database; on PostgreSQL in it, so a cookie or a credential written by one instance is read by every other.
        var protection = services.AddDataProtection().SetApplicationName("Dashboard");
        if (database.IsPostgres)
        {
            // Data Protection resolves its context from a scope: one from the factory, returned to its pool with the scope.
            services.AddScoped(sp => sp.GetRequiredService<IDbContextFactory<NetworkDbContext>>().CreateDbContext());
            protection.PersistKeysToDbContext<NetworkDbContext>();
        }
        else
        {
            var keys = configuration["DataProtection:KeysPath"] ?? "data-protection-keys";
            protection.PersistKeysToFileSystem(new DirectoryInfo(Path.IsPathRooted(keys) ? keys : Path.Combine(contentRoot, keys)));
        }

        // Extensions with resources of their own: one line each.
        services.AddNeutronExtension<Extensions.Credentials.CredentialStore>(Extensions.Credentials.CredentialExtension.Descriptor);
        services.AddNeutronExtension<Extensions.PacketTrace.TraceStore>(Extensions.PacketTrace.PacketTraceExtension.Descriptor);
        services.AddSingleton<IdentityBootstrap>();
        services.AddSingleton<TokenService>();
        services.AddSingleton<TokenCache>();
        services.AddSingleton<LoginThrottle>();
        services.AddSingleton<DemoData>();
        services.AddSingleton<Overview.CloudSummaryService>();
        services.AddSingleton<Overview.TopologyService>();
        services.AddSingleton<DatabaseInitializer>();
        services.AddSingleton<Agents.AgentHeartbeats>();
        services.AddSingleton<Agents.AgentLeases>();
        services.AddSingleton<Agents.AgentStates>();
        services.AddSingleton<Agents.AgentLiveness>();
        services.AddSingleton<Dataplane.DataplaneCache>();
        services.AddSingleton<Dataplane.PacketTracer>();
        services.AddSingleton<Dataplane.DataplaneService>();
        services.AddSingleton<Agents.SimulatedAgents>();
        services.AddSingleton<Ovs.OvsAgent>();
        services.AddSingleton<Ovs.RealSwitchInspector>();
        services.AddSingleton<Ovs.RealTracer>();
        return services;
    }

    /// <summary>Registers an extension: its descriptor (listed and served) and the handler that stores its resources.</summary>
    public static IServiceCollection AddNeutronExtension<THandler>(this IServiceCollection services, Extensions.ExtensionDescriptor descriptor)
        where THandler : class, Extensions.IResourceHandler
    {
        services.AddSingleton(descriptor);
        services.AddSingleton<THandler>();
        services.AddSingleton<Extensions.IResourceHandler>(sp => sp.GetRequiredService<THandler>());
        return services;
    }
}
