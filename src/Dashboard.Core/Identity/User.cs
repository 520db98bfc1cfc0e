using Dashboard.Core.Common;

namespace Dashboard.Core.Identity;

public sealed class User
{
    public string Id { get; init; } = NewId.Hex();
    public required string Name { get; set; }
    public string Email { get; set; } = "";
    public string Description { get; set; } = "";
    public bool Enabled { get; set; } = true;
    public string? DefaultProjectId { get; set; }
    public string DomainId { get; init; } = Domains.DefaultId;

    /// <summary>
    /// Keystone's extra attributes: whatever else a client gave the user (<c>project_id</c>, a phone number...), kept as
    /// a JSON object and returned as given.
    /// </summary>
    public string Extra { get; set; } = "{}";

    /// <summary>PBKDF2 hash with its own salt; the password itself is never stored.</summary>
    public string PasswordHash { get; internal set; } = "";
}
