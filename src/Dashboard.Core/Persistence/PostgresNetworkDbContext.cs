using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Dashboard.Core.Persistence;

/// <summary>
/// The same model on PostgreSQL, with its migrations in <c>Migrations/Postgres/</c>. Times are stored as
/// <c>timestamp with time zone</c>; the domain's times are UTC by convention and come back as SQLite
/// returns them (kind unspecified), so nothing above the store tells the providers apart.
/// </summary>
public sealed class PostgresNetworkDbContext(DbContextOptions<PostgresNetworkDbContext> options) : NetworkDbContext(options)
{
    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        configurationBuilder.Properties<DateTime>().HaveConversion<UtcConverter>();
        configurationBuilder.Properties<DateTime?>().HaveConversion<UtcConverter>();
    }

    private sealed class UtcConverter() : ValueConverter<DateTime, DateTime>(
        v => DateTime.SpecifyKind(v, DateTimeKind.Utc),
        v => DateTime.SpecifyKind(v, DateTimeKind.Unspecified));
}
