using Microsoft.EntityFrameworkCore;

namespace Dashboard.Core.Persistence;

/// <summary>Hands out a provider's derived context (<see cref="PostgresNetworkDbContext"/>) where the domain asks for <see cref="NetworkDbContext"/>.</summary>
internal sealed class ProviderContextFactory<TContext>(IDbContextFactory<TContext> inner) : IDbContextFactory<NetworkDbContext>
    where TContext : NetworkDbContext
{
    public NetworkDbContext CreateDbContext() => inner.CreateDbContext();

    public async Task<NetworkDbContext> CreateDbContextAsync(CancellationToken cancellationToken = default) =>
        await inner.CreateDbContextAsync(cancellationToken);
}
