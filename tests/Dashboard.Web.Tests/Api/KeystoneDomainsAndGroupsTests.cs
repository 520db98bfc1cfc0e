using System.Net;
using System.Text.Json.Nodes;

namespace Dashboard.Web.Tests.Api;

/// <summary>Keystone's domains (namespaces of projects, users and groups) and groups (a role granted to a group is each member's).</summary>
public class KeystoneDomainsAndGroupsTests
{
    private static JsonObject Auth(string user, string password, string userDomain, string? project = null, string? projectDomain = null) => new()
    {
        ["auth"] = new JsonObject
        {
            ["identity"] = new JsonObject
            {
                ["methods"] = new JsonArray("password"),
                ["password"] = new JsonObject { ["user"] = new JsonObject { ["name"] = user, ["domain"] = new JsonObject { ["name"] = userDomain }, ["password"] = password } },
            },
            ["scope"] = project is null ? null : new JsonObject { ["project"] = new JsonObject { ["name"] = project, ["domain"] = new JsonObject { ["name"] = projectDomain } } },
        },
    };

    [Fact]
    public async Task A_domain_is_its_own_namespace_its_users_sign_in_by_it_and_disabling_it_ends_their_tokens()
    {
        await using var factory = new DashboardFactory();
        var admin = await ApiSession.LoginAsync(factory.CreateClient(), "admin", "web-test-admin", "admin");

        var (created, domain) = await admin.PostAsync("/identity/v3/domains", new JsonObject { ["domain"] = new JsonObject { ["name"] = "acme", ["description"] = "Acme Corp" } });
        Assert.Equal(HttpStatusCode.Created, created);
        var domainId = domain!["domain"]!["id"]!.GetValue<string>();
        Assert.Equal((true, "Acme Corp"), (domain["domain"]!["enabled"]!.GetValue<bool>(), domain["domain"]!["description"]!.GetValue<string>()));
        Assert.Equal(HttpStatusCode.Conflict, (await admin.PostAsync("/identity/v3/domains", new JsonObject { ["domain"] = new JsonObject { ["name"] = "acme" } })).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.PostAsync("/identity/v3/domains", new JsonObject { ["domain"] = new JsonObject { ["name"] = new string('d', 65) } })).Status);

        // The same names as the Default domain's, in another namespace.
        var (projectStatus, project) = await admin.PostAsync("/identity/v3/projects", new JsonObject { ["project"] = new JsonObject { ["name"] = "demo", ["domain_id"] = domainId } });
        Assert.Equal(HttpStatusCode.Created, projectStatus);
        var (userStatus, user) = await admin.PostAsync("/identity/v3/users", new JsonObject { ["user"] = new JsonObject { ["name"] = "demo", ["domain_id"] = domainId, ["password"] = "acme-pw" } });
        Assert.Equal(HttpStatusCode.Created, userStatus);
        Assert.Equal(domainId, user!["user"]!["domain_id"]!.GetValue<string>());
        var projectId = project!["project"]!["id"]!.GetValue<string>();
        var userId = user["user"]!["id"]!.GetValue<string>();
        Assert.Equal(HttpStatusCode.NoContent, (await admin.SendAsync(HttpMethod.Put, $"/identity/v3/projects/{projectId}/users/{userId}/roles/member")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.PostAsync("/identity/v3/users", new JsonObject { ["user"] = new JsonObject { ["name"] = "x", ["domain_id"] = "nowhere" } })).Status);

        var (_, children) = await admin.GetAsync($"/identity/v3/projects?parent_id={domainId}"); // a flat project's parent is its domain
        Assert.Equal(projectId, Assert.Single(children!["projects"]!.AsArray())!["id"]!.GetValue<string>());
        var (listed, users) = await admin.GetAsync($"/identity/v3/users?name=demo&domain_id={domainId}");
        Assert.Equal(HttpStatusCode.OK, listed);
        Assert.Equal(userId, Assert.Single(users!["users"]!.AsArray())!["id"]!.GetValue<string>());

        var client = factory.CreateClient();
        var signIn = await client.PostAsync("/identity/v3/auth/tokens", ApiSession.Json(Auth("demo", "acme-pw", "acme", "demo", "acme")));
        Assert.Equal(HttpStatusCode.Created, signIn.StatusCode);
        var token = JsonNode.Parse(await signIn.Content.ReadAsStringAsync())!["token"]!;
        Assert.Equal((projectId, "acme"), (token["project"]!["id"]!.GetValue<string>(), token["project"]!["domain"]!["name"]!.GetValue<string>()));
        Assert.Equal("acme", token["user"]!["domain"]!["name"]!.GetValue<string>());
        var acme = new ApiSession(client, signIn.Headers.GetValues("X-Subject-Token").Single(), JsonNode.Parse("{}")!.AsObject());
        Assert.Equal(HttpStatusCode.OK, (await acme.GetAsync("/networking/v2.0/networks")).Status);
        Assert.Equal(HttpStatusCode.OK, (await acme.GetAsync($"/identity/v3/domains/{domainId}")).Status); // a member reads their project's domain
        Assert.Equal(HttpStatusCode.Forbidden, (await acme.GetAsync("/identity/v3/domains/default")).Status); // and no other
        // The Default domain's demo has another password: the name alone does not say who.
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.PostAsync("/identity/v3/auth/tokens", ApiSession.Json(Auth("demo", "acme-pw", "Default")))).StatusCode);

        Assert.Equal(HttpStatusCode.Forbidden, (await admin.DeleteAsync($"/identity/v3/domains/{domainId}")).Status); // enabled
        Assert.Equal(HttpStatusCode.OK, (await admin.SendAsync(HttpMethod.Patch, $"/identity/v3/domains/{domainId}", new JsonObject { ["domain"] = new JsonObject { ["enabled"] = false } })).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await acme.GetAsync("/networking/v2.0/networks")).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.PostAsync("/identity/v3/auth/tokens", ApiSession.Json(Auth("demo", "acme-pw", "acme")))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await admin.SendAsync(HttpMethod.Patch, "/identity/v3/domains/default", new JsonObject { ["domain"] = new JsonObject { ["enabled"] = false } })).Status);

        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/identity/v3/domains/{domainId}")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync($"/identity/v3/users/{userId}")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync($"/identity/v3/projects/{projectId}")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync($"/identity/v3/domains/{domainId}")).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await admin.DeleteAsync("/identity/v3/domains/default")).Status);
    }

    [Fact]
    public async Task A_role_granted_to_a_group_is_each_members_until_they_leave_it()
    {
        await using var factory = new DashboardFactory();
        var admin = await ApiSession.LoginAsync(factory.CreateClient(), "admin", "web-test-admin", "admin");
        var (_, users) = await admin.GetAsync("/identity/v3/users?name=alt_demo");
        var userId = users!["users"]![0]!["id"]!.GetValue<string>();
        var (_, projects) = await admin.GetAsync("/identity/v3/projects?name=demo");
        var projectId = projects!["projects"]![0]!["id"]!.GetValue<string>();
        var alt = factory.CreateClient();
        var refused = await alt.PostAsync("/identity/v3/auth/tokens", ApiSession.Json(ApiSession.PasswordAuth("alt_demo", "web-test-demo", "demo")));
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);

        var (created, group) = await admin.PostAsync("/identity/v3/groups", new JsonObject { ["group"] = new JsonObject { ["name"] = "netops", ["description"] = "Network operators" } });
        Assert.Equal(HttpStatusCode.Created, created);
        var groupId = group!["group"]!["id"]!.GetValue<string>();
        Assert.Equal("default", group["group"]!["domain_id"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.Conflict, (await admin.PostAsync("/identity/v3/groups", new JsonObject { ["group"] = new JsonObject { ["name"] = "netops" } })).Status);
        Assert.Equal(HttpStatusCode.NoContent, (await admin.SendAsync(HttpMethod.Put, $"/identity/v3/projects/{projectId}/groups/{groupId}/roles/member")).Status);
        Assert.Equal(HttpStatusCode.NoContent, (await admin.SendAsync(HttpMethod.Put, $"/identity/v3/groups/{groupId}/users/{userId}")).Status);
        Assert.Equal(HttpStatusCode.NoContent, (await admin.SendAsync(HttpMethod.Head, $"/identity/v3/groups/{groupId}/users/{userId}")).Status);

        var signIn = await alt.PostAsync("/identity/v3/auth/tokens", ApiSession.Json(ApiSession.PasswordAuth("alt_demo", "web-test-demo", "demo")));
        Assert.Equal(HttpStatusCode.Created, signIn.StatusCode);
        var token = JsonNode.Parse(await signIn.Content.ReadAsStringAsync())!["token"]!;
        Assert.Contains(token["roles"]!.AsArray(), r => r!["name"]!.GetValue<string>() == "member");
        var (_, effective) = await admin.GetAsync($"/identity/v3/role_assignments?effective&user.id={userId}&scope.project.id={projectId}");
        // member through the group, and reader, which member implies (linked to the rule).
        Assert.Equal(2, effective!["role_assignments"]!.AsArray().Count);
        var row = Assert.Single(effective["role_assignments"]!.AsArray(), r => r!["links"]!["prior_role"] is null)!;
        Assert.EndsWith($"/v3/groups/{groupId}/users/{userId}", row["links"]!["membership"]!.GetValue<string>());
        var (_, named) = await admin.GetAsync($"/identity/v3/role_assignments?effective&include_names&user.id={userId}&scope.project.id={projectId}"); // openstack role assignment list --names
        var namedRow = Assert.Single(named!["role_assignments"]!.AsArray(), r => r!["links"]!["prior_role"] is null)!;
        Assert.Equal(("member", "alt_demo", "Default", "demo"), (namedRow["role"]!["name"]!.GetValue<string>(), namedRow["user"]!["name"]!.GetValue<string>(),
            namedRow["user"]!["domain"]!["name"]!.GetValue<string>(), namedRow["scope"]!["project"]!["name"]!.GetValue<string>()));
        var (_, plain) = await admin.GetAsync($"/identity/v3/role_assignments?group.id={groupId}");
        Assert.Equal(groupId, Assert.Single(plain!["role_assignments"]!.AsArray())!["group"]!["id"]!.GetValue<string>());
        var (_, theirGroups) = await admin.GetAsync($"/identity/v3/users/{userId}/groups");
        Assert.Equal("netops", Assert.Single(theirGroups!["groups"]!.AsArray())!["name"]!.GetValue<string>());

        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/identity/v3/groups/{groupId}/users/{userId}")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.DeleteAsync($"/identity/v3/groups/{groupId}/users/{userId}")).Status);
        var session = new ApiSession(alt, signIn.Headers.GetValues("X-Subject-Token").Single(), JsonNode.Parse("{}")!.AsObject());
        Assert.Equal(HttpStatusCode.Unauthorized, (await session.GetAsync("/networking/v2.0/networks")).Status); // no role left on the project
        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/identity/v3/groups/{groupId}")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync($"/identity/v3/groups/{groupId}")).Status);
    }

    [Fact]
    public async Task A_user_without_a_password_exists_but_cannot_sign_in()
    {
        await using var factory = new DashboardFactory();
        var admin = await ApiSession.LoginAsync(factory.CreateClient(), "admin", "web-test-admin", "admin");
        var (created, _) = await admin.PostAsync("/identity/v3/users", new JsonObject { ["user"] = new JsonObject { ["name"] = "service-x" } });
        Assert.Equal(HttpStatusCode.Created, created);
        var refused = await factory.CreateClient().PostAsync("/identity/v3/auth/tokens", ApiSession.Json(ApiSession.PasswordAuth("service-x", "", null)));
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.PostAsync("/identity/v3/users", new JsonObject { ["user"] = new JsonObject { ["name"] = "y", ["password"] = "" } })).Status);
    }
    [Fact]
    public async Task A_role_on_a_domain_given_directly_or_through_a_group_scopes_a_token_to_the_domain()
    {
        await using var factory = new DashboardFactory();
        var admin = await ApiSession.LoginAsync(factory.CreateClient(), "admin", "web-test-admin", "admin");
        var (_, domain) = await admin.PostAsync("/identity/v3/domains", new JsonObject { ["domain"] = new JsonObject { ["name"] = "acme" } });
        var domainId = domain!["domain"]!["id"]!.GetValue<string>();
        var (_, users) = await admin.GetAsync("/identity/v3/users?name=alt_demo");
        var userId = users!["users"]![0]!["id"]!.GetValue<string>();
        var client = factory.CreateClient();
        JsonObject DomainAuth() => new()
        {
            ["auth"] = new JsonObject
            {
                ["identity"] = new JsonObject
                {
                    ["methods"] = new JsonArray("password"),
                    ["password"] = new JsonObject { ["user"] = new JsonObject { ["name"] = "alt_demo", ["domain"] = new JsonObject { ["name"] = "Default" }, ["password"] = "web-test-demo" } },
                },
                ["scope"] = new JsonObject { ["domain"] = new JsonObject { ["name"] = "acme" } },
            },
        };
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.PostAsync("/identity/v3/auth/tokens", ApiSession.Json(DomainAuth()))).StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await admin.SendAsync(HttpMethod.Put, $"/identity/v3/domains/{domainId}/users/{userId}/roles/reader")).Status);
        var (_, granted) = await admin.GetAsync($"/identity/v3/domains/{domainId}/users/{userId}/roles");
        Assert.Equal("reader", Assert.Single(granted!["roles"]!.AsArray())!["name"]!.GetValue<string>());
        var signIn = await client.PostAsync("/identity/v3/auth/tokens", ApiSession.Json(DomainAuth()));
        Assert.Equal(HttpStatusCode.Created, signIn.StatusCode);
        var token = JsonNode.Parse(await signIn.Content.ReadAsStringAsync())!["token"]!;
        Assert.Equal(("acme", "reader"), (token["domain"]!["name"]!.GetValue<string>(), Assert.Single(token["roles"]!.AsArray())!["name"]!.GetValue<string>()));
        Assert.Null(token["project"]);
        var scoped = new ApiSession(client, signIn.Headers.GetValues("X-Subject-Token").Single(), JsonNode.Parse("{}")!.AsObject());
        var (_, domains) = await scoped.GetAsync("/identity/v3/auth/domains");
        Assert.Equal("acme", Assert.Single(domains!["domains"]!.AsArray())!["name"]!.GetValue<string>());
        var (_, listed) = await admin.GetAsync($"/identity/v3/role_assignments?scope.domain.id={domainId}");
        var row = Assert.Single(listed!["role_assignments"]!.AsArray())!;
        Assert.Equal((domainId, userId), (row["scope"]!["domain"]!["id"]!.GetValue<string>(), row["user"]!["id"]!.GetValue<string>()));

        // The same role through a group: the direct grant revoked, the token ends, and a group's grant scopes a new one.
        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/identity/v3/domains/{domainId}/users/{userId}/roles/reader")).Status);
        var (ended, endedBody) = await scoped.GetAsync("/identity/v3/auth/domains");
        Assert.Equal((HttpStatusCode.Unauthorized, 401), (ended, endedBody!["error"]!["code"]!.GetValue<int>())); // Keystone's body, never a 500
        var (_, group) = await admin.PostAsync("/identity/v3/groups", new JsonObject { ["group"] = new JsonObject { ["name"] = "auditors", ["domain_id"] = domainId } });
        var groupId = group!["group"]!["id"]!.GetValue<string>();
        await admin.SendAsync(HttpMethod.Put, $"/identity/v3/groups/{groupId}/users/{userId}");
        Assert.Equal(HttpStatusCode.NoContent, (await admin.SendAsync(HttpMethod.Put, $"/identity/v3/domains/{domainId}/groups/{groupId}/roles/reader")).Status);
        Assert.Equal(HttpStatusCode.Created, (await client.PostAsync("/identity/v3/auth/tokens", ApiSession.Json(DomainAuth()))).StatusCode);
        var (_, effective) = await admin.GetAsync($"/identity/v3/role_assignments?effective&user.id={userId}&scope.domain.id={domainId}");
        Assert.EndsWith($"/v3/groups/{groupId}/users/{userId}", Assert.Single(effective!["role_assignments"]!.AsArray())!["links"]!["membership"]!.GetValue<string>());
    }
}

/// <summary>Keystone's role inference rules, domain-specific roles and roles on the system, as its API serves them.</summary>
public class KeystoneRoleInferenceTests
{
    private static string Id(JsonNode? body, string key) => body![key]!["id"]!.GetValue<string>();

    [Fact]
    public async Task Inference_rules_are_served_as_Keystone_serves_them_and_expand_effective_assignments_and_tokens()
    {
        await using var factory = new DashboardFactory();
        var admin = await ApiSession.LoginAsync(factory.CreateClient(), "admin", "web-test-admin", "admin");
        var (_, prior) = await admin.PostAsync("/identity/v3/roles", new JsonObject { ["role"] = new JsonObject { ["name"] = "operator" } });
        var (_, implied) = await admin.PostAsync("/identity/v3/roles", new JsonObject { ["role"] = new JsonObject { ["name"] = "viewer" } });
        var (p, i) = (Id(prior, "role"), Id(implied, "role"));

        var (created, rule) = await admin.SendAsync(HttpMethod.Put, $"/identity/v3/roles/{p}/implies/{i}");
        Assert.Equal(HttpStatusCode.Created, created);
        Assert.Equal(("operator", "viewer"), (rule!["role_inference"]!["prior_role"]!["name"]!.GetValue<string>(), rule["role_inference"]!["implies"]!["name"]!.GetValue<string>()));
        Assert.EndsWith($"/v3/roles/{p}/implies/{i}", rule["links"]!["self"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.NoContent, (await admin.SendAsync(HttpMethod.Head, $"/identity/v3/roles/{p}/implies/{i}")).Status);
        var (_, list) = await admin.GetAsync($"/identity/v3/roles/{p}/implies");
        Assert.Equal([i], list!["role_inference"]!["implies"]!.AsArray().Select(r => r!["id"]!.GetValue<string>()));
        var (_, all) = await admin.GetAsync("/identity/v3/role_inferences");
        var member = Assert.Single(all!["role_inferences"]!.AsArray(), r => r!["prior_role"]!["name"]!.GetValue<string>() == "member");
        Assert.Equal(["reader"], member!["implies"]!.AsArray().Select(r => r!["name"]!.GetValue<string>())); // the bootstrap's rule, as data
        var (forbidden, error) = await admin.SendAsync(HttpMethod.Put, $"/identity/v3/roles/{p}/implies/{(await RoleIdAsync(admin, "admin"))}");
        Assert.Equal(HttpStatusCode.Forbidden, forbidden);
        Assert.Equal(403, error!["error"]!["code"]!.GetValue<int>());

        // Effective assignments: the held role and the one it implies, linked to the rule; the user's token carries both.
        var (_, project) = await admin.PostAsync("/identity/v3/projects", new JsonObject { ["project"] = new JsonObject { ["name"] = "ops" } });
        var (_, user) = await admin.PostAsync("/identity/v3/users", new JsonObject { ["user"] = new JsonObject { ["name"] = "olga", ["password"] = "olga-pw-123" } });
        var (projectId, userId) = (Id(project, "project"), Id(user, "user"));
        await admin.SendAsync(HttpMethod.Put, $"/identity/v3/projects/{projectId}/users/{userId}/roles/{p}");
        var (_, effective) = await admin.GetAsync($"/identity/v3/role_assignments?effective&scope.project.id={projectId}&user.id={userId}");
        var rows = effective!["role_assignments"]!.AsArray();
        Assert.Equal(new[] { i, p }.Order(), rows.Select(r => r!["role"]!["id"]!.GetValue<string>()).Order());
        var viaRule = rows.Single(r => r!["role"]!["id"]!.GetValue<string>() == i)!;
        Assert.EndsWith($"/v3/projects/{projectId}/users/{userId}/roles/{p}", viaRule["links"]!["assignment"]!.GetValue<string>());
        Assert.NotNull(viaRule["links"]!["prior_role"]);
        var (_, direct) = await admin.GetAsync($"/identity/v3/role_assignments?scope.project.id={projectId}&user.id={userId}");
        Assert.Single(direct!["role_assignments"]!.AsArray()); // without ?effective, only what was granted
        var olga = await ApiSession.LoginAsync(factory.CreateClient(), "olga", "olga-pw-123", "ops");
        Assert.Equal(["operator", "viewer"], olga.TokenBody["token"]!["roles"]!.AsArray().Select(r => r!["name"]!.GetValue<string>()).Order());

        Assert.Equal(HttpStatusCode.NoContent, (await admin.SendAsync(HttpMethod.Delete, $"/identity/v3/roles/{p}/implies/{i}")).Status);
        var (gone, notFound) = await admin.GetAsync($"/identity/v3/roles/{p}/implies/{i}");
        Assert.Equal((HttpStatusCode.NotFound, $"{p} does not imply {i}."), (gone, notFound!["error"]!["message"]!.GetValue<string>()));
    }

    [Fact]
    public async Task A_domain_role_is_listed_only_by_its_domain_and_roles_on_the_system_are_granted_listed_and_revoked()
    {
        await using var factory = new DashboardFactory();
        var admin = await ApiSession.LoginAsync(factory.CreateClient(), "admin", "web-test-admin", "admin");
        var (_, domain) = await admin.PostAsync("/identity/v3/domains", new JsonObject { ["domain"] = new JsonObject { ["name"] = "acme" } });
        var domainId = Id(domain, "domain");
        var (created, role) = await admin.PostAsync("/identity/v3/roles", new JsonObject { ["role"] = new JsonObject { ["name"] = "member", ["domain_id"] = domainId } });
        Assert.Equal(HttpStatusCode.Created, created);
        Assert.Equal(domainId, role!["role"]!["domain_id"]!.GetValue<string>());
        var (_, ofDomain) = await admin.GetAsync($"/identity/v3/roles?domain_id={domainId}");
        Assert.Equal([Id(role, "role")], ofDomain!["roles"]!.AsArray().Select(r => r!["id"]!.GetValue<string>()));
        var (_, global) = await admin.GetAsync("/identity/v3/roles?name=member");
        Assert.Null(Assert.Single(global!["roles"]!.AsArray())!["domain_id"]); // the global member, not acme's

        var (_, user) = await admin.PostAsync("/identity/v3/users", new JsonObject { ["user"] = new JsonObject { ["name"] = "sys", ["password"] = "sys-pw-1234" } });
        var userId = Id(user, "user");
        var reader = await RoleIdAsync(admin, "reader");
        Assert.Equal(HttpStatusCode.NoContent, (await admin.SendAsync(HttpMethod.Put, $"/identity/v3/system/users/{userId}/roles/{reader}")).Status);
        Assert.Equal(HttpStatusCode.NoContent, (await admin.SendAsync(HttpMethod.Head, $"/identity/v3/system/users/{userId}/roles/{reader}")).Status);
        var (_, roles) = await admin.GetAsync($"/identity/v3/system/users/{userId}/roles");
        Assert.Equal([reader], roles!["roles"]!.AsArray().Select(r => r!["id"]!.GetValue<string>()));
        var (_, assignments) = await admin.GetAsync($"/identity/v3/role_assignments?scope.system=all&user.id={userId}");
        var row = Assert.Single(assignments!["role_assignments"]!.AsArray())!;
        Assert.True(row["scope"]!["system"]!["all"]!.GetValue<bool>());
        Assert.EndsWith($"/v3/system/users/{userId}/roles/{reader}", row["links"]!["assignment"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.GetAsync($"/identity/v3/role_assignments?scope.system=all&scope.domain.id={domainId}")).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.SendAsync(HttpMethod.Put, $"/identity/v3/system/users/{userId}/roles/{Id(role, "role")}")).Status);

        Assert.Equal(HttpStatusCode.NoContent, (await admin.SendAsync(HttpMethod.Delete, $"/identity/v3/system/users/{userId}/roles/{reader}")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.SendAsync(HttpMethod.Head, $"/identity/v3/system/users/{userId}/roles/{reader}")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.SendAsync(HttpMethod.Delete, $"/identity/v3/system/users/{userId}/roles/{reader}")).Status);
    }

    [Fact]
    public async Task A_user_with_a_role_on_the_system_gets_a_system_scoped_token_with_it_and_one_without_is_refused()
    {
        await using var factory = new DashboardFactory();
        var client = factory.CreateClient();
        var admin = await ApiSession.LoginAsync(client, "admin", "web-test-admin", "admin");
        var (_, user) = await admin.PostAsync("/identity/v3/users", new JsonObject { ["user"] = new JsonObject { ["name"] = "ops", ["password"] = "ops-pw-1234" } });
        var userId = Id(user, "user");
        JsonObject SystemAuth() => new()
        {
            ["auth"] = new JsonObject
            {
                ["identity"] = new JsonObject
                {
                    ["methods"] = new JsonArray("password"),
                    ["password"] = new JsonObject { ["user"] = new JsonObject { ["id"] = userId, ["password"] = "ops-pw-1234" } },
                },
                ["scope"] = new JsonObject { ["system"] = new JsonObject { ["all"] = true } },
            },
        };
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.PostAsync("/identity/v3/auth/tokens", ApiSession.Json(SystemAuth()))).StatusCode);
        var notAll = SystemAuth();
        notAll["auth"]!["scope"]!["system"]!["all"] = false;
        Assert.Equal(HttpStatusCode.BadRequest, (await client.PostAsync("/identity/v3/auth/tokens", ApiSession.Json(notAll))).StatusCode);

        await admin.SendAsync(HttpMethod.Put, $"/identity/v3/system/users/{userId}/roles/{await RoleIdAsync(admin, "admin")}");
        var issued = await client.PostAsync("/identity/v3/auth/tokens", ApiSession.Json(SystemAuth()));
        Assert.Equal(HttpStatusCode.Created, issued.StatusCode);
        var token = JsonNode.Parse(await issued.Content.ReadAsStringAsync())!["token"]!;
        Assert.True(token["system"]!["all"]!.GetValue<bool>());
        Assert.Null(token["project"]);
        Assert.Equal(["admin", "member", "reader"], token["roles"]!.AsArray().Select(r => r!["name"]!.GetValue<string>()).Order());
        var system = new ApiSession(client, issued.Headers.GetValues("X-Subject-Token").Single(), JsonNode.Parse("{}")!.AsObject());
        Assert.Equal(HttpStatusCode.OK, (await system.GetAsync("/identity/v3/users")).Status); // a system admin is Keystone's admin
        var (validated, body) = await system.SendAsync(HttpMethod.Get, "/identity/v3/auth/tokens", tweak: r => r.Headers.Add("X-Subject-Token", system.Token));
        Assert.Equal(HttpStatusCode.OK, validated);
        Assert.True(body!["token"]!["system"]!["all"]!.GetValue<bool>());
    }

    private static async Task<string> RoleIdAsync(ApiSession admin, string name) =>
        (await admin.GetAsync($"/identity/v3/roles?name={name}")).Body!["roles"]![0]!["id"]!.GetValue<string>();
}
