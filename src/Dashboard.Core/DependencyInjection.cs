using Dashboard.Core.Hosts;
using Dashboard.Core.Identity;
using Dashboard.Core.Networking;
using Dashboard.Core.Persistence;
using Dashboard.Core.Quotas;
using Dashboard.Core.Routers;
using Dashboard.Core.SecurityGroups;
using Dashboard.Core.Seeding;
using Dashboard.Core.Segmentation;
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
        services.Configure<DemoOptions>(configuration.GetSection(DemoOptions.Section));
        services.Configure<IdentityOptions>(configuration.GetSection(IdentityOptions.Section));
        services.TryAddSingleton(TimeProvider.System);

        var connectionString = DatabaseConnection.ResolveSqlite(configuration.GetConnectionString(DatabaseConnection.Name), contentRoot);
        services.AddDbContextFactory<NetworkDbContext>(o => o.UseSqlite(connectionString));

        services.AddSingleton(sp => new SegmentationRanges(sp.GetRequiredService<IOptions<NeutronOptions>>().Value));
        services.AddSingleton<SegmentAllocator>();
        services.AddSingleton<Transactions>();
        services.AddSingleton<QuotaService>();
        services.AddSingleton<SecurityGroupService>();
        services.AddSingleton<NetworkService>();
        services.AddSingleton<SubnetService>();
        services.AddSingleton<PortService>();
        services.AddSingleton<RouterService>();
        services.AddSingleton<ComputeNodeService>();
        services.AddSingleton<InstanceService>();
        services.AddSingleton<IdentityService>();
        services.AddSingleton<Common.TagService>();
        services.AddSingleton(new Extensions.ExtensionRegistry(Extensions.NeutronResources.Core, Extensions.NeutronResources.Extensions));
        services.AddSingleton<IdentityBootstrap>();
        services.AddSingleton<TokenService>();
        services.AddSingleton<LoginThrottle>();
        services.AddSingleton<DemoData>();
        services.AddSingleton<Overview.CloudSummaryService>();
        services.AddSingleton<DatabaseInitializer>();
        return services;
    }
}
