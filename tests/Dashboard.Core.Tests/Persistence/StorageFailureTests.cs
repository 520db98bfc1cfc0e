using Microsoft.Extensions.Configuration;
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

    [Fact]
    public void A_postgresql_server_that_does_not_answer_is_a_lasting_503_and_a_wrapped_one_is_found()
    {
        var health = new DatabaseHealth();
        var unreachable = new Npgsql.NpgsqlException("Failed to connect to 127.0.0.1:1");

        var error = health.Failed(unreachable);

        Assert.Equal("DatabaseUnavailable", error.Type);
        Assert.Contains("unreachable", error.Message);
        Assert.StartsWith("The database server is unreachable", health.Problem);
        // EF wraps it ("likely due to a transient failure"): what the API and the banner see is the server's error.
        Assert.Same(unreachable, DatabaseHealth.StorageError(new InvalidOperationException("transient", unreachable)));
        Assert.Null(DatabaseHealth.StorageError(new InvalidOperationException("a bug, not the store")));
    }

    [Theory]
    [InlineData("sqlite", false)]
    [InlineData("postgres", true)]
    [InlineData("PostgreSQL", true)]
    public void The_provider_is_read_from_configuration(string provider, bool postgres)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Database:Provider"] = provider }).Build();

        Assert.Equal(postgres, DatabaseOptions.From(configuration).IsPostgres);
    }

    [Fact]
    public void An_unknown_provider_stops_the_start_naming_the_ones_there_are()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Database:Provider"] = "mysql" }).Build();

        var error = Assert.Throws<InvalidOperationException>(() => { DatabaseOptions.From(configuration); });

        Assert.Equal("Database:Provider is 'mysql': use 'sqlite' (the default) or 'postgres'.", error.Message);
    }
}
