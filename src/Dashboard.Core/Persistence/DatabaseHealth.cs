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

    /// <summary>The SQLite error behind <paramref name="error"/> when it is about storage (full 13, read-only 8, I/O 10, can't open 14) or contention (busy 5, locked 6).</summary>
    public static SqliteException? StorageError(Exception error)
    {
        for (var e = error; e is not null; e = e.InnerException)
        {
            if (e is SqliteException { SqliteErrorCode: 13 or 8 or 10 or 14 or 5 or 6 } sqlite)
            {
                return sqlite;
            }
        }
        return null;
    }

    /// <summary>Records the failure and returns the error to throw instead: a clear 503.</summary>
    public DatabaseUnavailableException Failed(SqliteException error)
    {
        var (message, lasting) = error.SqliteErrorCode switch
        {
            13 => ("The database disk is full: the change was not saved. Writes resume once space is freed.", true),
            8 => ("The database is read-only: the change was not saved. Writes resume once it is writable again.", true),
            10 or 14 => ("The database could not be written (disk I/O error): the change was not saved.", true),
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
