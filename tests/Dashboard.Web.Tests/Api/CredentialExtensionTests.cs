using System.Net;
using System.Text.Json.Nodes;
using Dashboard.Core.Extensions.Credentials;
using Dashboard.Core.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Dashboard.Web.Tests.Api;

public class CredentialExtensionTests : IAsyncLifetime
{
    private const string Secret = "s3cr3t-P4ssw0rd-xyz";
    private readonly DashboardFactory _factory = new();
    private ApiSession _admin = null!;
    private ApiSession _demo = null!;

    public async Task InitializeAsync()
    {
        var client = _factory.CreateClient();
        _admin = await ApiSession.LoginAsync(client, "admin", "web-test-admin", "admin");
        _demo = await ApiSession.LoginAsync(client, "demo", "web-test-demo", "demo");
    }

    public async Task DisposeAsync() => await _factory.DisposeAsync();

    private static JsonObject Credential(string name, string password = Secret) => new()
    {
        ["credential"] = new JsonObject { ["credential_name"] = name, ["user_name"] = "svc", ["password"] = password, ["type"] = "ssh" },
    };

    [Fact]
    public async Task The_extension_is_listed_and_its_collection_served()
    {
        var (_, extension) = await _admin.GetAsync("/networking/v2.0/extensions/credential");

        Assert.Equal("Credential", extension!["extension"]!["name"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, (await _admin.GetAsync("/networking/v2.0/credentials")).Status);
    }

    [Fact]
    public async Task Admin_creates_reads_updates_and_deletes_and_the_password_never_comes_back()
    {
        var (status, created) = await _admin.PostAsync("/networking/v2.0/credentials", Credential("router-creds"));
        var id = created!["credential"]!["credential_id"]!.GetValue<string>();
        var (_, shown) = await _admin.GetAsync($"/networking/v2.0/credentials/{id}");
        var (_, byName) = await _admin.GetAsync("/networking/v2.0/credentials?credential_name=router-creds");
        var (_, updated) = await _admin.PutAsync($"/networking/v2.0/credentials/{id}", new JsonObject { ["credential"] = new JsonObject { ["user_name"] = "svc2", ["password"] = "n3w-" + Secret } });
        var (_, listed) = await _admin.GetAsync("/networking/v2.0/credentials");

        Assert.Equal(HttpStatusCode.Created, status);
        Assert.Equal(["credential_id", "credential_name", "type", "user_name"], created["credential"]!.AsObject().Select(p => p.Key).Order());
        Assert.Equal("router-creds", shown!["credential"]!["credential_name"]!.GetValue<string>());
        Assert.Equal(id, byName!["credentials"]![0]!["credential_id"]!.GetValue<string>());
        Assert.Equal("svc2", updated!["credential"]!["user_name"]!.GetValue<string>());
        foreach (var body in new[] { created, shown, byName, updated, listed })
        {
            Assert.DoesNotContain(Secret, body!.ToJsonString());
            Assert.DoesNotContain("password", body.ToJsonString());
        }
        Assert.Equal("n3w-" + Secret, await _factory.Services.GetRequiredService<CredentialStore>().RevealPasswordAsync(id));
        Assert.Equal(HttpStatusCode.NoContent, (await _admin.DeleteAsync($"/networking/v2.0/credentials/{id}")).Status);
        Assert.DoesNotContain(_factory.LogLines, l => l.Contains(Secret));
    }

    [Fact]
    public async Task The_password_is_encrypted_at_rest()
    {
        var (_, created) = await _admin.PostAsync("/networking/v2.0/credentials", Credential("at-rest"));

        await using var db = await _factory.Services.GetRequiredService<IDbContextFactory<NetworkDbContext>>().CreateDbContextAsync();
        var stored = await db.Set<Credential>().SingleAsync(c => c.Name == "at-rest");
        Assert.DoesNotContain(Secret, stored.PasswordCipher);
        Assert.True(stored.PasswordCipher.Length > Secret.Length);
        Assert.Equal(created!["credential"]!["credential_id"]!.GetValue<string>(), stored.Id);
    }

    [Fact]
    public async Task Duplicate_names_unknown_ids_and_members_are_refused()
    {
        await _admin.PostAsync("/networking/v2.0/credentials", Credential("unique"));

        var (dupStatus, dup) = await _admin.PostAsync("/networking/v2.0/credentials", Credential("unique"));
        var (missingStatus, missing) = await _admin.GetAsync("/networking/v2.0/credentials/3b8d6a8e-8f4e-4c59-9d5e-0a7b8c9d0e1f");
        var (memberStatus, memberList) = await _demo.GetAsync("/networking/v2.0/credentials");
        var (memberCreate, _) = await _demo.PostAsync("/networking/v2.0/credentials", Credential("mine"));
        var (idStatus, _) = await _admin.PostAsync("/networking/v2.0/credentials", new JsonObject { ["credential"] = new JsonObject { ["credential_id"] = "3b8d6a8e-8f4e-4c59-9d5e-0a7b8c9d0e1f" } });

        Assert.Equal(HttpStatusCode.Conflict, dupStatus);
        Assert.Equal("CredentialAlreadyExists", dup!["NeutronError"]!["type"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.NotFound, missingStatus);
        Assert.Equal("CredentialNotFound", missing!["NeutronError"]!["type"]!.GetValue<string>());
        Assert.Equal((HttpStatusCode.OK, 0), (memberStatus, memberList!["credentials"]!.AsArray().Count)); // a list holds what the policy shows: none
        Assert.Equal(HttpStatusCode.Forbidden, memberCreate);
        Assert.Equal(HttpStatusCode.BadRequest, idStatus);
    }

    [Fact]
    public async Task Lookup_by_name_through_the_store()
    {
        await _admin.PostAsync("/networking/v2.0/credentials", Credential("named"));

        var found = await _factory.Services.GetRequiredService<CredentialStore>().GetByNameAsync("named");

        Assert.Equal("svc", found["user_name"]!.GetValue<string>());
        await Assert.ThrowsAsync<Dashboard.Core.Errors.NotFoundException>(() => _factory.Services.GetRequiredService<CredentialStore>().GetByNameAsync("nope"));
    }
}
