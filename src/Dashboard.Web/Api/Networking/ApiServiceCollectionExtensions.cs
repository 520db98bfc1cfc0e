using Dashboard.Core.Extensions;
using Dashboard.Web.Api.Networking.Handlers;

namespace Dashboard.Web.Api.Networking;

public static class ApiServiceCollectionExtensions
{
    /// <summary>The handlers behind the generic Neutron API: one line per collection.</summary>
    public static IServiceCollection AddNeutronApi(this IServiceCollection services)
    {
        // RouterHandler is also asked for by itself: its router-interface actions.
        services.AddSingleton<RouterHandler>();
        services.AddSingleton<IResourceHandler, NetworkHandler>();
        services.AddSingleton<IResourceHandler, SubnetHandler>();
        services.AddSingleton<IResourceHandler, SubnetPoolHandler>();
        services.AddSingleton<IResourceHandler, NetworkIpAvailabilityHandler>();
        services.AddSingleton<IResourceHandler, AvailabilityZoneHandler>();
        services.AddSingleton<IResourceHandler, AddressScopeHandler>();
        services.AddSingleton<IResourceHandler, RbacPolicyHandler>();
        services.AddSingleton<IResourceHandler, PortHandler>();
        services.AddSingleton<IResourceHandler>(sp => sp.GetRequiredService<RouterHandler>());
        services.AddSingleton<IResourceHandler, SecurityGroupHandler>();
        services.AddSingleton<IResourceHandler, SecurityGroupRuleHandler>();
        services.AddSingleton<IResourceHandler, FloatingIpHandler>();
        return services;
    }
}
