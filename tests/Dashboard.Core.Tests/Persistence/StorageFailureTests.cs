using Dashboard.Core.Errors;
using Dashboard.Core.Networking;
using Dashboard.Core.Persistence;
using Dashboard.Core.Tests.Support;

namespace Dashboard.Core.Tests.Persistence;

public class StorageFailureTests
{
    [Fact]
    public async Task A_read_only_database_refuses_writes_with_a_clear_503_reports_it_and_clears_when_writable()
    {
        await using var cloud = await TestCloud.CreateAsync();
        await cloud.NetworkWithSubnetAsync();
        // The same database opened read-only: what the store reports when it cannot be written (SQLite's read-only file,
        // PostgreSQL's read-only transactions).
        await using var readOnly = cloud.Reopen(TestDatabase.ReadOnlySettings(cloud.DatabasePath));
        var health = readOnly.Get<DatabaseHealth>();
        var changes = 0;
        health.Changed += () => changes++;

        var error = await Assert.ThrowsAsync<DatabaseUnavailableException>(() => readOnly.Networks.CreateAsync(new NetworkSpec(Scenario.Demo, "refused")));

        Assert.IsAssignableFrom<ServiceUnavailableException>(error);
        Assert.Equal("DatabaseUnavailable", error.Type);
        Assert.Contains("read-only", error.Message);
        Assert.StartsWith("The database is read-only", health.Problem);
        Assert.Single(await readOnly.Networks.ListAsync()); // reads still work; nothing half-written

        health.Succeeded(); // what the next committed write reports
        Assert.Null(health.Problem);
        Assert.Equal(2, changes);
        Assert.DoesNotContain(await cloud.Networks.ListAsync(), n => n.Name == "refused");
        await cloud.Networks.CreateAsync(new NetworkSpec(Scenario.Demo, "after"));
    }

    [Fact]
    public async Task A_busy_database_is_a_503_but_not_a_lasting_problem()
    {
        var health = new DatabaseHealth();
        var busy = new Microsoft.Data.Sqlite.SqliteException("database is locked", 5);

        var error = health.Failed(busy);

        Assert.Contains("busy", error.Message);
        Assert.Null(health.Problem);
        Assert.Same(busy, DatabaseHealth.StorageError(new InvalidOperationException("wrapped", busy)));
    }
}
