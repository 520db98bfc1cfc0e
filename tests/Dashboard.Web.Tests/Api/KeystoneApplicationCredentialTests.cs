using System.Net;
using System.Text.Json.Nodes;

namespace Dashboard.Web.Tests.Api;

/// <summary>Application credentials: a user's secret for one project and some of their roles, for scripts.</summary>
public class KeystoneApplicationCredentialTests
{
    private static JsonObject ByCredential(JsonObject credential) => new()
    {
        ["auth"] = new JsonObject { ["identity"] = new JsonObject { ["methods"] = new JsonArray("application_credential"), ["application_credential"] = credential } },
    };

    [Fact]
    public async Task A_users_credential_signs_a_script_in_to_its_project_with_its_roles_until_it_is_deleted()
    {
        await using var factory = new DashboardFactory();
        var demo = await ApiSession.LoginAsync(factory.CreateClient(), "demo", "web-test-demo", "demo");
        var userId = demo.TokenBody["token"]!["user"]!["id"]!.GetValue<string>();
        var projectId = demo.TokenBody["token"]!["project"]!["id"]!.GetValue<string>();
        var path = $"/identity/v3/users/{userId}/application_credentials";

        Assert.Equal(HttpStatusCode.Forbidden, (await demo.PostAsync(path, new JsonObject
        {
            ["application_credential"] = new JsonObject { ["name"] = "ci", ["roles"] = new JsonArray(new JsonObject { ["name"] = "admin" }) },
        })).Status); // a role demo does not hold
        Assert.Equal(HttpStatusCode.BadRequest, (await demo.PostAsync(path, new JsonObject
        {
            ["application_credential"] = new JsonObject { ["name"] = "old", ["expires_at"] = "2001-01-01T00:00:00" },
        })).Status);
        var (created, body) = await demo.PostAsync(path, new JsonObject
        {
            ["application_credential"] = new JsonObject { ["name"] = "ci", ["roles"] = new JsonArray(new JsonObject { ["name"] = "reader" }) },
        });
        Assert.Equal(HttpStatusCode.Created, created);
        var credential = body!["application_credential"]!;
        var (id, secret) = (credential["id"]!.GetValue<string>(), credential["secret"]!.GetValue<string>());
        Assert.Equal(projectId, credential["project_id"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.Conflict, (await demo.PostAsync(path, new JsonObject { ["application_credential"] = new JsonObject { ["name"] = "ci" } })).Status);
        var (_, shown) = await demo.GetAsync($"{path}/{id}");
        Assert.Null(shown!["application_credential"]!["secret"]); // shown once, when made

        var client = factory.CreateClient();
        var signIn = await client.PostAsync("/identity/v3/auth/tokens", ApiSession.Json(ByCredential(new JsonObject { ["id"] = id, ["secret"] = secret })));
        Assert.Equal(HttpStatusCode.Created, signIn.StatusCode);
        var token = JsonNode.Parse(await signIn.Content.ReadAsStringAsync())!["token"]!;
        Assert.Equal(projectId, token["project"]!["id"]!.GetValue<string>());
        Assert.Equal(["reader"], token["roles"]!.AsArray().Select(r => r!["name"]!.GetValue<string>())); // only the credential's roles
        Assert.Equal((id, true), (token["application_credential"]!["id"]!.GetValue<string>(), token["application_credential"]!["restricted"]!.GetValue<bool>()));
        var script = new ApiSession(client, signIn.Headers.GetValues("X-Subject-Token").Single(), token.AsObject());
        Assert.Equal(HttpStatusCode.OK, (await script.GetAsync("/networking/v2.0/networks")).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await script.PostAsync("/networking/v2.0/networks", new JsonObject { ["network"] = new JsonObject { ["name"] = "x" } })).Status); // a reader
        Assert.Equal(HttpStatusCode.Forbidden, (await script.PostAsync(path, new JsonObject { ["application_credential"] = new JsonObject { ["name"] = "more" } })).Status); // restricted

        var byName = await client.PostAsync("/identity/v3/auth/tokens", ApiSession.Json(ByCredential(new JsonObject
        {
            ["name"] = "ci", ["secret"] = secret, ["user"] = new JsonObject { ["name"] = "demo", ["domain"] = new JsonObject { ["name"] = "Default" } },
        })));
        Assert.Equal(HttpStatusCode.Created, byName.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.PostAsync("/identity/v3/auth/tokens", ApiSession.Json(ByCredential(new JsonObject { ["id"] = id, ["secret"] = "wrong" })))).StatusCode);

        var alt = await ApiSession.LoginAsync(factory.CreateClient(), "alt_demo", "web-test-demo", "alt_demo");
        Assert.Equal(HttpStatusCode.Forbidden, (await alt.GetAsync(path)).Status); // another user's credentials
        Assert.Equal(HttpStatusCode.NoContent, (await demo.DeleteAsync($"{path}/{id}")).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await script.GetAsync("/networking/v2.0/networks")).Status); // its tokens end with it
    }
}
