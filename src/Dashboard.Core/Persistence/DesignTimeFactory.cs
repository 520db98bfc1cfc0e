using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Dashboard.Core.Persistence;

/// <summary>For <c>dotnet ef migrations add</c>: the model, without the web host.</summary>
internal sealed class DesignTimeFactory : IDesignTimeDbContextFactory<NetworkDbContext>
{
    public NetworkDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<NetworkDbContext>().UseSqlite("Data Source=design.db").Options);
}
