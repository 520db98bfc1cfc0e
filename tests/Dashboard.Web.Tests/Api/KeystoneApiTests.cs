using System.Net;
using System.Text.Json.Nodes;
using Dashboard.Core.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Dashboard.Web.Tests.Api;

public class KeystoneApiTests
{
    [Fact]
    public async Task Password_token_is_201_with_header_expiry_roles_and_a_catalog_real_clients_accept()
    {
        await using var factory = new DashboardFactory();
        var client = factory.CreateClient();

        var response = await client.PostAsync("/identity/v3/auth/tokens", ApiSession.Json(ApiSession.PasswordAuth("admin", "web-test-admin", "admin")));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var token = response.Headers.GetValues("X-Subject-Token").Single();
        Assert.True(token.Length >= 40);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["token"]!;
        Assert.Equal("admin", body["user"]!["name"]!.GetValue<string>());
        Assert.Equal("Default", body["user"]!["domain"]!["name"]!.GetValue<string>());
        Assert.Equal("admin", body["project"]!["name"]!.GetValue<string>());
        Assert.Contains(body["roles"]!.AsArray(), r => r!["name"]!.GetValue<string>() == "admin");
        Assert.True(DateTime.Parse(body["expires_at"]!.GetValue<string>()).ToUniversalTime() > DateTime.UtcNow.AddMinutes(50));
        Assert.NotEmpty(body["audit_ids"]!.AsArray());
        var catalog = body["catalog"]!.AsArray();
        var network = catalog.Single(s => s!["type"]!.GetValue<string>() == "network")!;
        Assert.Equal(3, network["endpoints"]!.AsArray().Count);
        Assert.All(network["endpoints"]!.AsArray(), e =>
        {
            Assert.Equal("RegionOne", e!["region"]!.GetValue<string>());
            Assert.Equal("RegionOne", e["region_id"]!.GetValue<string>());
            Assert.EndsWith("/networking/", e["url"]!.GetValue<string>());
        });
        Assert.Contains(catalog, s => s!["type"]!.GetValue<string>() == "identity");
    }

    [Fact]
    public async Task Tokens_are_stored_hashed_validated_checked_and_revoked()
    {
        await using var factory = new DashboardFactory();
        var admin = await ApiSession.LoginAsync(factory.CreateClient(), "admin", "web-test-admin", "admin");
        var demo = await ApiSession.LoginAsync(factory.CreateClient(), "demo", "web-test-demo", "demo");

        await using (var db = await factory.Services.GetRequiredService<IDbContextFactory<NetworkDbContext>>().CreateDbContextAsync())
        {
            Assert.False(await db.Tokens.AnyAsync(t => t.Id == demo.Token));
            Assert.Equal(2, await db.Tokens.CountAsync());
        }
        var (status, body) = await admin.SendAsync(HttpMethod.Get, "/identity/v3/auth/tokens", tweak: r => r.Headers.Add("X-Subject-Token", demo.Token));
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("demo", body!["token"]!["user"]!["name"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, (await admin.SendAsync(HttpMethod.Head, "/identity/v3/auth/tokens", tweak: r => r.Headers.Add("X-Subject-Token", demo.Token))).Status);

        Assert.Equal(HttpStatusCode.NoContent, (await admin.SendAsync(HttpMethod.Delete, "/identity/v3/auth/tokens", tweak: r => r.Headers.Add("X-Subject-Token", demo.Token))).Status);

        Assert.Equal(HttpStatusCode.NotFound, (await admin.SendAsync(HttpMethod.Head, "/identity/v3/auth/tokens", tweak: r => r.Headers.Add("X-Subject-Token", demo.Token))).Status);
        var (revokedStatus, revokedBody) = await demo.GetAsync("/networking/v2.0/networks");
        Assert.Equal(HttpStatusCode.Unauthorized, revokedStatus);
        Assert.Equal(401, revokedBody!["error"]!["code"]!.GetValue<int>());
    }

    [Fact]
    public async Task Bad_credentials_are_401_with_keystones_error_body()
    {
        await using var factory = new DashboardFactory();
        var client = factory.CreateClient();

        var response = await client.PostAsync("/identity/v3/auth/tokens", ApiSession.Json(ApiSession.PasswordAuth("admin", "wrong", "admin")));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var error = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["error"]!;
        Assert.Equal((401, "Unauthorized"), (error["code"]!.GetValue<int>(), error["title"]!.GetValue<string>()));
        Assert.False(response.Headers.Contains("X-Subject-Token"));
    }

    [Fact]
    public async Task Repeated_failures_lock_the_user_even_with_the_right_password()
    {
        await using var factory = new DashboardFactory();
        var client = factory.CreateClient();
        for (var i = 0; i < 5; i++)
        {
            await client.PostAsync("/identity/v3/auth/tokens", ApiSession.Json(ApiSession.PasswordAuth("demo", "guess" + i, "demo")));
        }

        var locked = await client.PostAsync("/identity/v3/auth/tokens", ApiSession.Json(ApiSession.PasswordAuth("demo", "web-test-demo", "demo")));
        var other = await client.PostAsync("/identity/v3/auth/tokens", ApiSession.Json(ApiSession.PasswordAuth("alt_demo", "web-test-demo", "alt_demo")));

        Assert.Equal(HttpStatusCode.Unauthorized, locked.StatusCode);
        Assert.Contains("locked", await locked.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Created, other.StatusCode);
    }

    [Fact]
    public async Task A_user_changes_their_own_password_with_the_original_and_every_token_of_theirs_is_revoked()
    {
        await using var factory = new DashboardFactory();
        var client = factory.CreateClient();
        var demo = await ApiSession.LoginAsync(factory.CreateClient(), "demo", "web-test-demo", "demo");
        var alt = await ApiSession.LoginAsync(factory.CreateClient(), "alt_demo", "web-test-demo", "alt_demo");
        var demoId = demo.TokenBody["token"]!["user"]!["id"]!.GetValue<string>();
        var path = $"/identity/v3/users/{demoId}/password";
        JsonObject Change(string? original, string? password) => new() { ["user"] = new JsonObject { ["original_password"] = original, ["password"] = password } };

        var wrong = await client.PostAsync(path, ApiSession.Json(Change("not-it", "new-demo-pw")));
        var missing = await client.PostAsync(path, ApiSession.Json(Change(null, "new-demo-pw")));
        var empty = await client.PostAsync(path, ApiSession.Json(Change("web-test-demo", "")));
        var unknown = await client.PostAsync("/identity/v3/users/no-such-user/password", ApiSession.Json(Change("web-test-demo", "new-demo-pw")));

        Assert.Equal((HttpStatusCode.Unauthorized, HttpStatusCode.BadRequest, HttpStatusCode.BadRequest, HttpStatusCode.Unauthorized),
            (wrong.StatusCode, missing.StatusCode, empty.StatusCode, unknown.StatusCode));
        Assert.Contains("original_password", JsonNode.Parse(await missing.Content.ReadAsStringAsync())!["error"]!["message"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, (await demo.GetAsync("/networking/v2.0/networks")).Status); // refused changes change nothing

        var changed = await client.PostAsync(path, ApiSession.Json(Change("web-test-demo", "new-demo-pw")));

        Assert.Equal(HttpStatusCode.NoContent, changed.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await demo.GetAsync("/networking/v2.0/networks")).Status);
        Assert.Equal(HttpStatusCode.OK, (await alt.GetAsync("/networking/v2.0/networks")).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.PostAsync("/identity/v3/auth/tokens", ApiSession.Json(ApiSession.PasswordAuth("demo", "web-test-demo", "demo")))).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await client.PostAsync("/identity/v3/auth/tokens", ApiSession.Json(ApiSession.PasswordAuth("demo", "new-demo-pw", "demo")))).StatusCode);
    }

    [Fact]
    public async Task Wrong_original_passwords_count_towards_the_lockout()
    {
        await using var factory = new DashboardFactory();
        var client = factory.CreateClient();
        var demo = await ApiSession.LoginAsync(factory.CreateClient(), "demo", "web-test-demo", "demo");
        var path = $"/identity/v3/users/{demo.TokenBody["token"]!["user"]!["id"]!.GetValue<string>()}/password";
        for (var i = 0; i < 5; i++)
        {
            await client.PostAsync(path, ApiSession.Json(new JsonObject { ["user"] = new JsonObject { ["original_password"] = "guess" + i, ["password"] = "x" } }));
        }

        var right = await client.PostAsync(path, ApiSession.Json(new JsonObject { ["user"] = new JsonObject { ["original_password"] = "web-test-demo", ["password"] = "x" } }));

        Assert.Equal(HttpStatusCode.Unauthorized, right.StatusCode);
        Assert.Contains("locked", await right.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Scope_to_a_project_without_a_role_is_refused()
    {
        await using var factory = new DashboardFactory();
        var client = factory.CreateClient();

        var response = await client.PostAsync("/identity/v3/auth/tokens", ApiSession.Json(ApiSession.PasswordAuth("demo", "web-test-demo", "alt_demo")));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Admin_creates_project_user_and_role_assignment_then_the_user_logs_in()
    {
        await using var factory = new DashboardFactory();
        var client = factory.CreateClient();
        var admin = await ApiSession.LoginAsync(client, "admin", "web-test-admin", "admin");

        var (projectStatus, project) = await admin.PostAsync("/identity/v3/projects", new JsonObject { ["project"] = new JsonObject { ["name"] = "proj9", ["domain_id"] = "default" } });
        var projectId = project!["project"]!["id"]!.GetValue<string>();
        var (_, user) = await admin.PostAsync("/identity/v3/users", new JsonObject { ["user"] = new JsonObject { ["name"] = "carol", ["password"] = "pw9", ["default_project_id"] = projectId } });
        var userId = user!["user"]!["id"]!.GetValue<string>();
        var (_, roles) = await admin.GetAsync("/identity/v3/roles?name=member");
        var roleId = roles!["roles"]![0]!["id"]!.GetValue<string>();
        var (assignStatus, _) = await admin.PutAsync($"/identity/v3/projects/{projectId}/users/{userId}/roles/{roleId}", new JsonObject());
        var (_, assignments) = await admin.GetAsync($"/identity/v3/role_assignments?user.id={userId}");

        Assert.Equal(HttpStatusCode.Created, projectStatus);
        Assert.Equal(HttpStatusCode.NoContent, assignStatus);
        Assert.Single(assignments!["role_assignments"]!.AsArray());
        Assert.False(user["user"]!.AsObject().ContainsKey("password"));
        var carol = await ApiSession.LoginAsync(client, "carol", "pw9", "proj9");
        Assert.Equal(projectId, carol.ProjectId);
        var (forbidden, _) = await carol.GetAsync("/identity/v3/users");
        Assert.Equal(HttpStatusCode.Forbidden, forbidden);
    }

    private static JsonObject TokenAuth(string token, JsonNode? scope) => new()
    {
        ["auth"] = new JsonObject
        {
            ["identity"] = new JsonObject { ["methods"] = new JsonArray("token"), ["token"] = new JsonObject { ["id"] = token } },
            ["scope"] = scope,
        },
    };

    [Fact]
    public async Task The_token_method_rescopes_a_valid_token_and_refuses_a_revoked_one()
    {
        await using var factory = new DashboardFactory();
        var client = factory.CreateClient();
        var demo = await ApiSession.LoginAsync(client, "demo", "web-test-demo", "demo");

        var rescoped = await client.PostAsync("/identity/v3/auth/tokens", ApiSession.Json(TokenAuth(demo.Token,
            new JsonObject { ["project"] = new JsonObject { ["name"] = "demo", ["domain"] = new JsonObject { ["id"] = "default" } } })));
        var body = JsonNode.Parse(await rescoped.Content.ReadAsStringAsync())!["token"]!;
        await demo.SendAsync(HttpMethod.Delete, "/identity/v3/auth/tokens", tweak: r => r.Headers.Add("X-Subject-Token", demo.Token));
        var refused = await client.PostAsync("/identity/v3/auth/tokens", ApiSession.Json(TokenAuth(demo.Token, null)));

        Assert.Equal(HttpStatusCode.Created, rescoped.StatusCode);
        Assert.NotEqual(demo.Token, rescoped.Headers.GetValues("X-Subject-Token").Single());
        // As Keystone (tempest's test_rescope_token): the new token adds "token" to the methods and keeps the expiry.
        Assert.Equal(["password", "token"], body["methods"]!.AsArray().Select(m => m!.GetValue<string>()));
        Assert.Equal(demo.TokenBody["token"]!["expires_at"]!.GetValue<string>(), body["expires_at"]!.GetValue<string>());
        Assert.Equal("demo", body["project"]!["name"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
    }

    [Fact]
    public async Task An_explicitly_unscoped_token_has_no_project_roles_or_catalog()
    {
        await using var factory = new DashboardFactory();
        var auth = ApiSession.PasswordAuth("demo", "web-test-demo", null);
        auth["auth"]!["scope"] = "unscoped";

        var response = await factory.CreateClient().PostAsync("/identity/v3/auth/tokens", ApiSession.Json(auth));

        var token = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["token"]!.AsObject();
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.False(token.ContainsKey("project"));
        Assert.False(token.ContainsKey("catalog"));
        Assert.False(token.ContainsKey("roles"));
    }

    [Fact]
    public async Task A_member_reads_their_own_domain_project_user_and_project_list_and_nobody_elses()
    {
        await using var factory = new DashboardFactory();
        var client = factory.CreateClient();
        var admin = await ApiSession.LoginAsync(client, "admin", "web-test-admin", "admin");
        var demo = await ApiSession.LoginAsync(client, "demo", "web-test-demo", "demo");
        var alt = await ApiSession.LoginAsync(client, "alt_demo", "web-test-demo", "alt_demo");
        var demoUser = demo.TokenBody["token"]!["user"]!["id"]!.GetValue<string>();
        var altUser = alt.TokenBody["token"]!["user"]!["id"]!.GetValue<string>();

        var (domain, domainBody) = await demo.GetAsync("/identity/v3/domains/default");
        var (ownProject, _) = await demo.GetAsync($"/identity/v3/projects/{demo.ProjectId}");
        var (otherProject, _) = await demo.GetAsync($"/identity/v3/projects/{alt.ProjectId}");
        var (ownUser, _) = await demo.GetAsync($"/identity/v3/users/{demoUser}");
        var (otherUser, _) = await demo.GetAsync($"/identity/v3/users/{altUser}");
        var (ownProjects, ownProjectsBody) = await demo.GetAsync($"/identity/v3/users/{demoUser}/projects");
        var (othersProjects, _) = await demo.GetAsync($"/identity/v3/users/{altUser}/projects");
        var (missing, _) = await admin.GetAsync("/identity/v3/users/0123456789abcdef0123456789abcdef/projects");

        Assert.Equal((HttpStatusCode.OK, "Default"), (domain, domainBody!["domain"]!["name"]!.GetValue<string>()));
        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.Forbidden), (ownProject, otherProject));
        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.Forbidden), (ownUser, otherUser));
        Assert.Equal(HttpStatusCode.OK, ownProjects);
        Assert.Equal(["demo"], ownProjectsBody!["projects"]!.AsArray().Select(p => p!["name"]!.GetValue<string>()));
        Assert.Equal((HttpStatusCode.Forbidden, HttpStatusCode.NotFound), (othersProjects, missing));
    }

    [Fact]
    public async Task Projects_and_users_are_filtered_by_enabled()
    {
        await using var factory = new DashboardFactory();
        var admin = await ApiSession.LoginAsync(factory.CreateClient(), "admin", "web-test-admin", "admin");
        var (_, created) = await admin.PostAsync("/identity/v3/projects", new JsonObject { ["project"] = new JsonObject { ["name"] = "off", ["enabled"] = false } });
        Assert.NotNull(created);

        var disabled = (await admin.GetAsync("/identity/v3/projects?enabled=false")).Body!["projects"]!.AsArray().Select(p => p!["name"]!.GetValue<string>()).ToList();
        var enabled = (await admin.GetAsync("/identity/v3/projects?enabled=True")).Body!["projects"]!.AsArray().Select(p => p!["name"]!.GetValue<string>()).ToList();
        var users = (await admin.GetAsync("/identity/v3/users?enabled=0")).Body!["users"]!.AsArray();

        Assert.Equal(["off"], disabled);
        Assert.Contains("demo", enabled);
        Assert.DoesNotContain("off", enabled);
        Assert.Empty(users);
    }

    [Fact]
    public async Task Roles_are_renamed_and_deleted_with_their_assignments_but_the_policys_own_roles_are_immutable()
    {
        await using var factory = new DashboardFactory();
        var admin = await ApiSession.LoginAsync(factory.CreateClient(), "admin", "web-test-admin", "admin");
        var demo = await ApiSession.LoginAsync(factory.CreateClient(), "demo", "web-test-demo", "demo");
        var demoUser = demo.TokenBody["token"]!["user"]!["id"]!.GetValue<string>();
        var (_, created) = await admin.PostAsync("/identity/v3/roles", new JsonObject { ["role"] = new JsonObject { ["name"] = "auditor" } });
        var role = created!["role"]!["id"]!.GetValue<string>();
        await admin.SendAsync(HttpMethod.Put, $"/identity/v3/projects/{demo.ProjectId}/users/{demoUser}/roles/{role}");
        var member = (await admin.GetAsync("/identity/v3/roles?name=member")).Body!["roles"]![0]!;

        var (renamed, renamedBody) = await admin.SendAsync(new HttpMethod("PATCH"), $"/identity/v3/roles/{role}", new JsonObject { ["role"] = new JsonObject { ["name"] = "inspector" } });
        var (memberRename, _) = await admin.SendAsync(new HttpMethod("PATCH"), $"/identity/v3/roles/{member["id"]}", new JsonObject { ["role"] = new JsonObject { ["name"] = "x" } });
        var (memberDelete, _) = await admin.SendAsync(HttpMethod.Delete, $"/identity/v3/roles/{member["id"]}");
        var (byMember, _) = await demo.SendAsync(HttpMethod.Delete, $"/identity/v3/roles/{role}");
        var (deleted, _) = await admin.SendAsync(HttpMethod.Delete, $"/identity/v3/roles/{role}");
        var (again, _) = await admin.SendAsync(HttpMethod.Delete, $"/identity/v3/roles/{role}");
        var assignments = (await admin.GetAsync($"/identity/v3/role_assignments?user.id={demoUser}")).Body!["role_assignments"]!.AsArray();

        Assert.Equal((HttpStatusCode.OK, "inspector"), (renamed, renamedBody!["role"]!["name"]!.GetValue<string>()));
        Assert.True(member["options"]!["immutable"]!.GetValue<bool>());
        Assert.Equal((HttpStatusCode.Forbidden, HttpStatusCode.Forbidden, HttpStatusCode.Forbidden), (memberRename, memberDelete, byMember));
        Assert.Equal((HttpStatusCode.NoContent, HttpStatusCode.NotFound), (deleted, again));
        Assert.DoesNotContain(assignments, a => a!["role"]!["id"]!.GetValue<string>() == role);
        Assert.Contains(assignments, a => a!["role"]!["id"]!.GetValue<string>() == member["id"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_user_is_renamed_and_described_and_a_taken_name_is_409()
    {
        await using var factory = new DashboardFactory();
        var admin = await ApiSession.LoginAsync(factory.CreateClient(), "admin", "web-test-admin", "admin");
        var (_, created) = await admin.PostAsync("/identity/v3/users", new JsonObject { ["user"] = new JsonObject { ["name"] = "u1", ["password"] = "pw-1", ["description"] = "first" } });
        var id = created!["user"]!["id"]!.GetValue<string>();

        var (renamed, body) = await admin.SendAsync(new HttpMethod("PATCH"), $"/identity/v3/users/{id}", new JsonObject { ["user"] = new JsonObject { ["name"] = "u2", ["description"] = "second" } });
        var (taken, _) = await admin.SendAsync(new HttpMethod("PATCH"), $"/identity/v3/users/{id}", new JsonObject { ["user"] = new JsonObject { ["name"] = "demo" } });
        var signIn = await factory.CreateClient().PostAsync("/identity/v3/auth/tokens", ApiSession.Json(ApiSession.PasswordAuth("u2", "pw-1", null)));

        Assert.Equal("first", created["user"]!["description"]!.GetValue<string>());
        Assert.Equal((HttpStatusCode.OK, "u2", "second"), (renamed, body!["user"]!["name"]!.GetValue<string>(), body["user"]!["description"]!.GetValue<string>()));
        Assert.Equal(HttpStatusCode.Conflict, taken);
        Assert.Equal(HttpStatusCode.Created, signIn.StatusCode); // the new name signs in with the same password
    }

    [Fact]
    public async Task Project_tags_are_replaced_added_checked_removed_and_filter_the_list()
    {
        await using var factory = new DashboardFactory();
        var admin = await ApiSession.LoginAsync(factory.CreateClient(), "admin", "web-test-admin", "admin");
        var (_, created) = await admin.PostAsync("/identity/v3/projects", new JsonObject { ["project"] = new JsonObject { ["name"] = "tagged", ["tags"] = new JsonArray("blue") } });
        var id = created!["project"]!["id"]!.GetValue<string>();
        List<string> Names(JsonNode? body) => body!["tags"]!.AsArray().Select(t => t!.GetValue<string>()).Order().ToList();

        var (added, _) = await admin.SendAsync(HttpMethod.Put, $"/identity/v3/projects/{id}/tags/green");
        var (has, _) = await admin.GetAsync($"/identity/v3/projects/{id}/tags/green");
        var (replaced, replacedBody) = await admin.PutAsync($"/identity/v3/projects/{id}/tags", new JsonObject { ["tags"] = new JsonArray("a", "b", "c") });
        var (bad, _) = await admin.PutAsync($"/identity/v3/projects/{id}/tags", new JsonObject { ["tags"] = new JsonArray("x,y") });
        var (removed, _) = await admin.DeleteAsync($"/identity/v3/projects/{id}/tags/a");
        var (gone, _) = await admin.GetAsync($"/identity/v3/projects/{id}/tags/a");
        var anyB = (await admin.GetAsync("/identity/v3/projects?tags-any=b,zzz")).Body!["projects"]!.AsArray().Select(p => p!["name"]!.GetValue<string>()).ToList();
        var allBc = (await admin.GetAsync("/identity/v3/projects?tags=b,c")).Body!["projects"]!.AsArray().Count;
        var notB = (await admin.GetAsync("/identity/v3/projects?not-tags-any=b")).Body!["projects"]!.AsArray().Select(p => p!["name"]!.GetValue<string>()).ToList();
        var shown = (await admin.GetAsync($"/identity/v3/projects/{id}")).Body!["project"]!;
        var (cleared, _) = await admin.DeleteAsync($"/identity/v3/projects/{id}/tags");

        Assert.Equal(["blue"], Names(created["project"]));
        Assert.Equal((HttpStatusCode.Created, HttpStatusCode.NoContent), (added, has));
        Assert.Equal(HttpStatusCode.OK, replaced);
        Assert.Equal(["a", "b", "c"], Names(replacedBody));
        Assert.Equal(HttpStatusCode.BadRequest, bad);
        Assert.Equal((HttpStatusCode.NoContent, HttpStatusCode.NotFound), (removed, gone));
        Assert.Equal(["tagged"], anyB);
        Assert.Equal(1, allBc);
        Assert.DoesNotContain("tagged", notB);
        Assert.Contains("demo", notB);
        Assert.Equal(["b", "c"], Names(shown));
        Assert.Equal(HttpStatusCode.NoContent, cleared);
        Assert.Empty((await admin.GetAsync($"/identity/v3/projects/{id}/tags")).Body!["tags"]!.AsArray());
    }

    [Fact]
    public async Task A_users_extra_attributes_are_kept_as_given_and_merged_on_update()
    {
        await using var factory = new DashboardFactory();
        var admin = await ApiSession.LoginAsync(factory.CreateClient(), "admin", "web-test-admin", "admin");
        var (_, created) = await admin.PostAsync("/identity/v3/users", new JsonObject
        {
            ["user"] = new JsonObject { ["name"] = "extra-user", ["password"] = "pw-1", ["project_id"] = "p-1", ["phone"] = "555", ["id"] = "ignored" },
        });
        var id = created!["user"]!["id"]!.GetValue<string>();

        var (_, updated) = await admin.SendAsync(new HttpMethod("PATCH"), $"/identity/v3/users/{id}", new JsonObject { ["user"] = new JsonObject { ["project_id"] = "p-2" } });
        var shown = (await admin.GetAsync($"/identity/v3/users/{id}")).Body!["user"]!;

        Assert.NotEqual("ignored", id);
        Assert.Equal(("p-1", "555"), (created["user"]!["project_id"]!.GetValue<string>(), created["user"]!["phone"]!.GetValue<string>()));
        Assert.Equal(("p-2", "555", "extra-user"), (shown["project_id"]!.GetValue<string>(), shown["phone"]!.GetValue<string>(), shown["name"]!.GetValue<string>()));
        Assert.Equal("p-2", updated!["user"]!["project_id"]!.GetValue<string>());
        Assert.Null(shown["password"]);
    }
}
