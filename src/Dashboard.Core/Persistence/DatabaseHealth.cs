using Dashboard.Core.Errors;
using Microsoft.Data.Sqlite;

namespace Dashboard.Core.Persistence;

/// <summary>503: the database cannot take writes (disk full, read-only, I/O error) or is busy. Nothing was saved.</summary>
public sealed class DatabaseUnavailableException(string message, Exception inner)
    : ServiceUnavailableException("DatabaseUnavailable", message, inner);

/// <summary>
/// Whether the database currently takes writes. A write that fails because the disk is full, the
/// file system is read-only or the disk errs sets the problem (the dashboard shows it as a banner);
/// the next write that commits clears it. Heartbeats write regularly, so it also clears on its own.
/// </summary>
public sealed class DatabaseHealth
{
    private readonly Lock _gate = new();

    /// <summary>What is wrong, in words for an operator; null while writes work.</summary>
    public string? Problem { get; private set; }

    public DateTime? Since { get; private set; }

    /// <summary>Raised when <see cref="Problem"/> appears or clears (on the writer's thread).</summary>
    public event Action? Changed;

    /// <summary>
    /// The store's error behind <paramref name="error"/> when it is about storage or contention: SQLite's full 13, read-only 8,
    /// I/O 10, can't open 14, busy 5, locked 6; PostgreSQL's disk full (53100), read-only transaction (25006), out of
    /// memory or connections (53200, 53300), shutting down (57P01-57P03), a lost or refused connection (class 08, or no answer).
    /// </summary>
    public static Exception? StorageError(Exception error)
    {
        for (var e = error; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case SqliteException { SqliteErrorCode: 13 or 8 or 10 or 14 or 5 or 6 }:
                    return e;
                case Npgsql.PostgresException postgres when postgres.SqlState is "53100" or "25006" or "53200" or "53300" or "57P01" or "57P02" or "57P03" || postgres.SqlState.StartsWith("08", StringComparison.Ordinal):
                    return e;
                case Npgsql.NpgsqlException and not Npgsql.PostgresException:
                    return e; // the server did not answer, or the connection broke
            }
        }
        return null;
    }

    /// <summary>Records the failure and returns the error to throw instead: a clear 503.</summary>
    public DatabaseUnavailableException Failed(Exception error)
    {
        var (message, lasting) = error switch
        {
            SqliteException { SqliteErrorCode: 13 } or Npgsql.PostgresException { SqlState: "53100" } => ("The database disk is full: the change was not saved. Writes resume once space is freed.", true),
            SqliteException { SqliteErrorCode: 8 } or Npgsql.PostgresException { SqlState: "25006" } => ("The database is read-only: the change was not saved. Writes resume once it is writable again.", true),
            SqliteException { SqliteErrorCode: 10 or 14 } => ("The database could not be written (disk I/O error): the change was not saved.", true),
            Npgsql.NpgsqlException => ("The database server is unreachable or refused the connection: the change was not saved. It resumes once the server answers.", true),
            _ => ("The database is busy: the change was not saved. Try again.", false),
        };
        if (lasting)
        {
            Set(message.Split(':')[0] + ". Changes cannot be saved until this clears; everything saved before is intact.");
        }
        return new DatabaseUnavailableException(message, error);
    }

    public void Succeeded()
    {
        if (Problem is not null)
        {
            Set(null);
        }
    }

    private void Set(string? problem)
    {
        lock (_gate)
        {
            if (problem == Problem)
            {
                return;
            }
            (Problem, Since) = (problem, problem is null ? null : DateTime.UtcNow);
        }
        Changed?.Invoke();
    }
}
