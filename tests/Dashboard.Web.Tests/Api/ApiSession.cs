using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace Dashboard.Web.Tests.Api;

/// <summary>A user logged in through Keystone, sending JSON requests with their token.</summary>
public sealed class ApiSession(HttpClient client, string token, JsonObject tokenBody)
{
    public string Token => token;
    public JsonObject TokenBody => tokenBody;
    public string ProjectId => tokenBody["token"]!["project"]!["id"]!.GetValue<string>();

    public static async Task<ApiSession> LoginAsync(HttpClient client, string user, string password, string project)
    {
        var response = await client.PostAsync("/identity/v3/auth/tokens", Json(PasswordAuth(user, password, project)));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
        return new ApiSession(client, response.Headers.GetValues("X-Subject-Token").Single(), body);
    }

    public static JsonObject PasswordAuth(string user, string password, string? project) => new()
    {
        ["auth"] = new JsonObject
        {
            ["identity"] = new JsonObject
            {
                ["methods"] = new JsonArray("password"),
                ["password"] = new JsonObject { ["user"] = new JsonObject { ["name"] = user, ["domain"] = new JsonObject { ["name"] = "Default" }, ["password"] = password } },
            },
            ["scope"] = project is null ? null : new JsonObject { ["project"] = new JsonObject { ["name"] = project, ["domain"] = new JsonObject { ["name"] = "Default" } } },
        },
    };

    public Task<(HttpStatusCode Status, JsonNode? Body)> GetAsync(string path) => SendAsync(HttpMethod.Get, path);

    public Task<(HttpStatusCode Status, JsonNode? Body)> PostAsync(string path, JsonNode body) => SendAsync(HttpMethod.Post, path, body);

    public Task<(HttpStatusCode Status, JsonNode? Body)> PutAsync(string path, JsonNode body) => SendAsync(HttpMethod.Put, path, body);

    public Task<(HttpStatusCode Status, JsonNode? Body)> DeleteAsync(string path) => SendAsync(HttpMethod.Delete, path);

    public async Task<(HttpStatusCode Status, JsonNode? Body)> SendAsync(HttpMethod method, string path, JsonNode? body = null, Action<HttpRequestMessage>? tweak = null)
    {
        using var request = new HttpRequestMessage(method, path);
        request.Headers.Add("X-Auth-Token", token);
        if (body is not null)
        {
            request.Content = Json(body);
        }
        tweak?.Invoke(request);
        using var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length == 0 ? null : JsonNode.Parse(text));
    }

    public static StringContent Json(JsonNode body) => new(body.ToJsonString(), Encoding.UTF8, new MediaTypeHeaderValue("application/json"));

    /// <summary>The ID of the first item of a collection with this name.</summary>
    public async Task<string> IdOfAsync(string collection, string name)
    {
        var (_, body) = await GetAsync($"/networking/v2.0/{collection}?name={Uri.EscapeDataString(name)}");
        return body![collection.Replace('-', '_')]!.AsArray().Single()!["id"]!.GetValue<string>();
    }
}
