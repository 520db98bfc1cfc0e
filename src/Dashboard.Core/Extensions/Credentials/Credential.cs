using Dashboard.Core.Common;

namespace Dashboard.Core.Extensions.Credentials;

/// <summary>A stored credential. The password is kept only as Data Protection ciphertext.</summary>
public sealed class Credential
{
    public string Id { get; init; } = NewId.Uuid();
    public required string ProjectId { get; init; }
    public required string Name { get; set; }
    public string Type { get; set; } = "";
    public string UserName { get; set; } = "";
    public string PasswordCipher { get; set; } = "";
}
