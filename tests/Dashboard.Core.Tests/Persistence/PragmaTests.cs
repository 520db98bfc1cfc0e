using Dashboard.Core.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace Dashboard.Core.Tests.Persistence;

public class PragmaTests
{
    [SkippableFact]
    public async Task Every_context_runs_with_synchronous_normal_including_pooled_reopens()
    {
        Skip.If(TestDatabase.IsPostgres, "SQLite's per-connection pragma: PostgreSQL has no such setting");
        await using var cloud = await TestCloud.CreateAsync();

        for (var i = 0; i < 3; i++)
        {
            await using var db = cloud.NewContext();
            await db.Database.OpenConnectionAsync();
            // 1 = NORMAL (2 would be FULL, SQLite's default).
            Assert.Equal([1L], await db.Database.SqlQueryRaw<long>("PRAGMA synchronous").ToListAsync());
        }
    }
}
