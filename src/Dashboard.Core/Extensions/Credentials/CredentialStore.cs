using System.Text.Json.Nodes;
using Dashboard.Core.Errors;
using Dashboard.Core.Persistence;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;

namespace Dashboard.Core.Extensions.Credentials;

/// <summary>The credential extension's storage and API handler: names are unique, passwords are encrypted and never shown.</summary>
public sealed class CredentialStore(Transactions transactions, IDataProtectionProvider protection) : IResourceHandler
{
    private readonly IDataProtector _protector = protection.CreateProtector("Dashboard.Credentials.Password");

    public string Collection => "credentials";

    public async Task<IReadOnlyList<JsonObject>> ListAsync(Caller caller, CancellationToken ct) =>
        (await transactions.ReadAsync(db => db.Set<Credential>().OrderBy(c => c.Name).ToListAsync(ct), ct)).Select(View).ToList();

    public async Task<JsonObject> GetAsync(Caller caller, string id, CancellationToken ct) =>
        View(await transactions.ReadAsync(db => FindAsync(db, id, ct), ct));

    /// <summary>The credential named <paramref name="name"/>, as the guide's get_credential_by_name.</summary>
    public async Task<JsonObject> GetByNameAsync(string name, CancellationToken ct = default) =>
        View(await transactions.ReadAsync(db => db.Set<Credential>().FirstOrDefaultAsync(c => c.Name == name, ct), ct)
            ?? throw new NotFoundException("CredentialNameNotFound", $"Credential {name} could not be found."));

    public Task<JsonObject> CreateAsync(Caller caller, IReadOnlyDictionary<string, JsonNode?> a, CancellationToken ct) =>
        transactions.WriteAsync(async db =>
        {
            var name = a.Str("credential_name") ?? "";
            await RequireUniqueAsync(db, name, null, ct);
            var credential = new Credential
            {
                ProjectId = a.ProjectFor(caller),
                Name = name,
                Type = a.Str("type") ?? "",
                UserName = a.Str("user_name") ?? "",
                PasswordCipher = _protector.Protect(a.Str("password") ?? ""),
            };
            db.Add(credential);
            return View(credential);
        }, ct);

    public Task<JsonObject> UpdateAsync(Caller caller, string id, IReadOnlyDictionary<string, JsonNode?> a, long? expectedRevision, CancellationToken ct) =>
        transactions.WriteAsync(async db =>
        {
            var credential = await FindAsync(db, id, ct);
            if (a.Str("credential_name") is { } name && name != credential.Name)
            {
                await RequireUniqueAsync(db, name, id, ct);
                credential.Name = name;
            }
            credential.Type = a.Str("type") ?? credential.Type;
            credential.UserName = a.Str("user_name") ?? credential.UserName;
            if (a.Str("password") is { } password)
            {
                credential.PasswordCipher = _protector.Protect(password);
            }
            return View(credential);
        }, ct);

    /// <remarks>It has no revision number: any expected one fails the precondition, as it did when the API compared views.</remarks>
    public Task DeleteAsync(Caller caller, string id, long? expectedRevision, CancellationToken ct) =>
        transactions.WriteAsync(async db =>
        {
            var credential = await FindAsync(db, id, ct);
            if (expectedRevision is { } expected)
            {
                throw new Errors.RevisionMismatchException(0, expected);
            }
            db.Remove(credential);
        }, ct);

    /// <summary>The plain password, for the plugin code that needs to use it; never for a response.</summary>
    public Task<string> RevealPasswordAsync(string id, CancellationToken ct = default) =>
        transactions.ReadAsync(async db => _protector.Unprotect((await FindAsync(db, id, ct)).PasswordCipher), ct);

    private static JsonObject View(Credential c) => new()
    {
        ["credential_id"] = c.Id,
        ["credential_name"] = c.Name,
        ["tenant_id"] = c.ProjectId,
        ["type"] = c.Type,
        ["user_name"] = c.UserName,
    };

    private static async Task RequireUniqueAsync(NetworkDbContext db, string name, string? exceptId, CancellationToken ct)
    {
        if (await db.Set<Credential>().AnyAsync(c => c.Name == name && c.Id != exceptId, ct))
        {
            throw new ConflictException("CredentialAlreadyExists", $"Credential with name={name} already exists.");
        }
    }

    private static async Task<Credential> FindAsync(NetworkDbContext db, string id, CancellationToken ct) =>
        await db.Set<Credential>().FirstOrDefaultAsync(c => c.Id == id, ct)
        ?? throw new NotFoundException("CredentialNotFound", $"Credential {id} could not be found.");
}
