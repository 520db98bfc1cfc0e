using Microsoft.Extensions.Configuration;

namespace Dashboard.Core.Persistence;

/// <summary>Which store holds the cloud: <c>sqlite</c> (the embedded default, one instance) or <c>postgres</c> (shared by several instances).</summary>
public sealed class DatabaseOptions
{
    public const string Section = "Database";
    public const string Sqlite = "sqlite";
    public const string Postgres = "postgres";

    public string Provider { get; set; } = Sqlite;

    public bool IsPostgres => Provider.Equals(Postgres, StringComparison.OrdinalIgnoreCase) || Provider.Equals("postgresql", StringComparison.OrdinalIgnoreCase);

    /// <summary>Refuses what is not a provider at start, with the values that are.</summary>
    public static DatabaseOptions From(IConfiguration configuration)
    {
        var options = new DatabaseOptions();
        configuration.GetSection(Section).Bind(options);
        if (!options.IsPostgres && !options.Provider.Equals(Sqlite, StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException($"Database:Provider is '{options.Provider}': use '{Sqlite}' (the default) or '{Postgres}'.");
        }
        return options;
    }
}
