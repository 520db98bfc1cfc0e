using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Dashboard.Core.Persistence;

/// <summary>For <c>dotnet ef migrations add</c>: the model, without the web host.</summary>
internal sealed class DesignTimeFactory : IDesignTimeDbContextFactory<NetworkDbContext>
{
    public NetworkDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<NetworkDbContext>().UseSqlite("Data Source=design.db").Options);
}

/// <summary>For <c>dotnet ef migrations add --context PostgresNetworkDbContext -o Persistence/Migrations/Postgres</c>: nothing is connected to.</summary>
internal sealed class PostgresDesignTimeFactory : IDesignTimeDbContextFactory<PostgresNetworkDbContext>
{
    public PostgresNetworkDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgresNetworkDbContext>().UseNpgsql("Host=localhost;Database=design").Options);
}
