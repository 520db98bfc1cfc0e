using System.Text.Json.Nodes;
using Dashboard.Core.Errors;
using Dashboard.Core.Identity;

namespace Dashboard.Web.Api.Identity;

/// <summary>Keystone v3 at <c>/identity</c>: versions and tokens (password and token methods, project scope).</summary>
public static class KeystoneApi
{
    public const string SubjectTokenHeader = "X-Subject-Token";
    public const string AuthTokenHeader = "X-Auth-Token";

    public static string IdentityUrl(HttpRequest r) => EndpointsOf(r.HttpContext).IdentityUrl;

    /// <summary>The catalog's endpoints as the request reached us (scheme, host, path base) in the cloud's region.</summary>
    public static IdentityViews.Endpoints EndpointsOf(HttpContext c) =>
        IdentityViews.Endpoints.At(BaseUrlOf(c),
            c.RequestServices.GetRequiredService<Microsoft.Extensions.Options.IOptions<Dashboard.Core.CloudOptions>>().Value.Region);

    public static IEndpointRouteBuilder MapKeystoneApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/identity", (HttpRequest r) => Results.Json(new JsonObject
        {
            ["versions"] = new JsonObject { ["values"] = new JsonArray(Version(r)) },
        }, statusCode: 300));
        app.MapGet("/identity/v3", (HttpRequest r) => Results.Json(new JsonObject { ["version"] = Version(r) }));

        var v3 = app.MapGroup("/identity/v3");
        v3.MapPost("/auth/tokens", IssueAsync);
        v3.MapGet("/auth/tokens", (HttpContext c, TokenService tokens, CancellationToken ct) => SubjectAsync(c, tokens, head: false, ct));
        v3.MapMethods("/auth/tokens", ["HEAD"], (HttpContext c, TokenService tokens, CancellationToken ct) => SubjectAsync(c, tokens, head: true, ct));
        v3.MapDelete("/auth/tokens", RevokeAsync);
        v3.MapGet("/auth/projects", (HttpContext c, IdentityService identity) => OfTokenAsync(c, async (info, ct) =>
        {
            var projects = await identity.ProjectsOfAsync(info.User.Id, ct);
            return new JsonObject { ["projects"] = new JsonArray(projects.Select(p => (JsonNode?)IdentityViews.Project(p, IdentityUrl(c.Request))).ToArray()) };
        }));
        v3.MapGet("/auth/domains", (HttpContext c, IdentityService identity) => OfTokenAsync(c, async (info, ct) =>
        {
            var domains = await identity.DomainsOfAsync(info.User.Id, ct);
            return new JsonObject { ["domains"] = new JsonArray(domains.Select(d => (JsonNode?)IdentityViews.Domain(d, IdentityUrl(c.Request))).ToArray()) };
        }));
        v3.MapGet("/auth/catalog", (HttpContext c, ServiceCatalog _) => OfTokenAsync(c, async (info, ct) => new JsonObject { ["catalog"] = await CatalogAsync(c, info, ct) }));
        v3.MapPost("/users/{id}/password", ChangePasswordAsync);
        v3.MapKeystoneAdmin();
        return app;
    }

    /// <summary>The catalog a token carries, as this request reached the product (the endpoints' <c>$(base_url)s</c>).</summary>
    private static async Task<JsonArray> CatalogAsync(HttpContext c, TokenInfo info, CancellationToken ct) =>
        IdentityViews.Catalog(await c.RequestServices.GetRequiredService<ServiceCatalog>().EnabledAsync(ct), BaseUrlOf(c), info.Project?.Id, info.User.Id);

    /// <summary>Where the request reached the product: scheme, host and path base.</summary>
    public static string BaseUrlOf(HttpContext c) => $"{c.Request.Scheme}://{c.Request.Host}{c.Request.PathBase}";

    /// <summary>What the request's own token may read (its projects, domains, catalog): 401 with Keystone's body without a valid one.</summary>
    private static async Task<IResult> OfTokenAsync(HttpContext c, Func<TokenInfo, CancellationToken, Task<JsonObject>> read)
    {
        try
        {
            var info = await AuthenticateAsync(c, c.RequestServices.GetRequiredService<TokenService>(), c.RequestAborted);
            return Results.Json(await read(info, c.RequestAborted));
        }
        catch (NeutronException e)
        {
            return ApiErrors.Keystone(e);
        }
    }

    /// <summary>The valid token of the request's <c>X-Auth-Token</c>; 401 otherwise.</summary>
    public static async Task<TokenInfo> AuthenticateAsync(HttpContext context, TokenService tokens, CancellationToken ct) =>
        await tokens.ValidateAsync(context.Request.Headers[AuthTokenHeader].ToString(), ct)
        ?? throw new AuthenticationException("The request you have made requires authentication.");

    private static JsonObject Version(HttpRequest r) => new()
    {
        ["id"] = "v3.14",
        ["status"] = "stable",
        ["updated"] = "2020-04-07T00:00:00Z",
        ["links"] = new JsonArray(new JsonObject { ["rel"] = "self", ["href"] = $"{IdentityUrl(r)}/v3/" }),
        ["media-types"] = new JsonArray(new JsonObject { ["base"] = "application/json", ["type"] = "application/vnd.openstack.identity-v3+json" }),
    };

    private static async Task<IResult> IssueAsync(HttpContext context, IdentityService identity, TokenService tokens, LoginThrottle throttle, CancellationToken ct)
    {
        try
        {
            var body = await JsonBody.ReadAsync(context.Request, ct);
            var auth = body["auth"] as JsonObject ?? throw Bad("Expecting to find auth in request body.");
            var methods = (auth["identity"]?["methods"] as JsonArray)?.Select(m => m?.GetValue<string>() ?? "").ToList()
                ?? throw Bad("Expecting to find identity methods in request body.");
            User user;
            Dashboard.Core.Identity.Token? rescoped = null;
            if (methods.Contains("password"))
            {
                user = await PasswordUserAsync(auth["identity"]!["password"]?["user"] as JsonObject ?? throw Bad("Expecting to find password user in request body."),
                    identity, throttle, ct);
            }
            else if (methods.Contains("application_credential"))
            {
                var credential = await ApplicationCredentialAsync(auth["identity"]!["application_credential"] as JsonObject
                    ?? throw Bad("Expecting to find application_credential in request body."), identity, context.RequestServices.GetRequiredService<ApplicationCredentials>(), ct);
                var (fromCredential, credentialInfo) = await tokens.IssueAsync(credential.User, credential.Credential.ProjectId, methods, null, ct, credential: credential.Credential);
                context.Response.Headers[SubjectTokenHeader] = fromCredential;
                return Results.Json(IdentityViews.Token(credentialInfo, await CatalogAsync(context, credentialInfo, ct)), statusCode: 201);
            }
            else if (methods.Contains("token"))
            {
                var existing = await tokens.ValidateAsync(auth["identity"]!["token"]?["id"]?.GetValue<string>(), ct)
                    ?? throw new AuthenticationException("Could not find token.");
                user = existing.User;
                rescoped = existing.Token;
            }
            else
            {
                throw new AuthenticationException($"Attempted to authenticate with an unsupported method: {string.Join(",", methods)}.");
            }
            var (projectId, domainId, system) = await ScopeAsync(auth["scope"], user, identity, ct);
            var (plain, info) = await tokens.IssueAsync(user, projectId, methods, rescoped, ct, domainId, system: system);
            context.Response.Headers[SubjectTokenHeader] = plain;
            return Results.Json(IdentityViews.Token(info, await CatalogAsync(context, info, ct)), statusCode: 201);
        }
        catch (NeutronException e)
        {
            return ApiErrors.Keystone(e);
        }
        catch (Exception e) when (ApiErrors.IsWrongJsonKind(e))
        {
            return ApiErrors.Keystone(400, "Bad Request", "The request body is not valid: a value has the wrong type.");
        }
    }

    /// <summary>
    /// A user changes their own password (<c>openstack user password set</c>). As in Keystone no token or policy is
    /// needed: the original password is the proof, and a wrong one counts towards the account's lockout. 204; every
    /// token of the user is revoked.
    /// </summary>
    private static async Task<IResult> ChangePasswordAsync(HttpContext context, IdentityService identity, string id, CancellationToken ct)
    {
        try
        {
            var body = JsonBody.Envelope(await JsonBody.ReadAsync(context.Request, ct), "user");
            var original = body["original_password"]?.GetValue<string>() ?? throw Bad("'original_password' is a required property");
            var password = body["password"]?.GetValue<string>() ?? throw Bad("'password' is a required property");
            await identity.ChangePasswordAsync(id, original, password, ct);
            return Results.NoContent();
        }
        catch (NeutronException e)
        {
            return ApiErrors.Keystone(e);
        }
        catch (Exception e) when (ApiErrors.IsWrongJsonKind(e))
        {
            return ApiErrors.Keystone(400, "Bad Request", "The request body is not valid: a value has the wrong type.");
        }
    }

    private static async Task<User> PasswordUserAsync(JsonObject user, IdentityService identity, LoginThrottle throttle, CancellationToken ct)
    {
        var name = user["name"]?.GetValue<string>();
        var id = user["id"]?.GetValue<string>();
        var password = user["password"]?.GetValue<string>() ?? throw Bad("Expecting to find password in user.");
        // A user named (not identified) is looked up in the domain given by ID or name: Default when none is.
        var domainId = name is null ? Domains.DefaultId : await DomainOfAsync(user["domain"], identity, ct);
        var login = name ?? id ?? throw Bad("Expecting to find user name or id.");
        return await throttle.AttemptAsync(login, () => identity.AuthenticateAsync(login, password, ct, domainId),
            () => new AccountLockedException($"The account is locked for user: {login}."), ct);
    }

    /// <summary>
    /// The token's scope: a project (by ID, or by name in a domain), a domain (by ID or name), the system
    /// (<c>{"system": {"all": true}}</c>), or none; with no scope asked, the user's default project if they hold a role there.
    /// </summary>
    private static async Task<(string? ProjectId, string? DomainId, bool System)> ScopeAsync(JsonNode? scope, User user, IdentityService identity, CancellationToken ct)
    {
        if (scope is JsonValue unscoped && unscoped.TryGetValue<string>(out var word) && word == "unscoped")
        {
            return (null, null, false);
        }
        if (scope?["system"] is JsonObject system)
        {
            return system[SystemRoleAssignment.All] is JsonValue all && all.TryGetValue<bool>(out var yes) && yes
                ? (null, null, true)
                : throw Bad("Expecting system scope {\"all\": true}.");
        }
        if (scope?["project"] is JsonObject project)
        {
            var key = project["id"]?.GetValue<string>() ?? project["name"]?.GetValue<string>() ?? throw Bad("Expecting a project id or name in scope.");
            var domainId = project["id"] is null ? await DomainOfAsync(project["domain"], identity, ct) : Domains.DefaultId;
            var found = await identity.FindProjectAsync(key, ct, domainId) ?? throw new AuthenticationException($"Could not find project: {key}.");
            return (found.Id, null, false);
        }
        if (scope?["domain"] is JsonObject domain)
        {
            return (null, await DomainOfAsync(domain, identity, ct), false);
        }
        if (scope is not null)
        {
            throw new AuthenticationException("Only project, domain and system scopes are supported.");
        }
        if (user.DefaultProjectId is { } defaultProject && (await identity.RolesOnAsync(user.Id, defaultProject, ct)).Count > 0)
        {
            return (defaultProject, null, false);
        }
        return (null, null, false);
    }

    /// <summary>The application credential an auth request names, by ID, or by name with its user (by ID, or by name in a domain), and its secret.</summary>
    private static async Task<(ApplicationCredential Credential, User User)> ApplicationCredentialAsync(JsonObject given, IdentityService identity, ApplicationCredentials credentials,
        CancellationToken ct)
    {
        var secret = given["secret"]?.GetValue<string>() ?? throw Bad("Expecting to find secret in application_credential.");
        var id = given["id"]?.GetValue<string>();
        string? userId = null;
        if (id is null)
        {
            var owner = given["user"] as JsonObject ?? throw Bad("Expecting to find the application credential's id, or its name and user.");
            userId = owner["id"]?.GetValue<string>()
                ?? (await identity.FindUserAsync(owner["name"]?.GetValue<string>() ?? "", ct, await DomainOfAsync(owner["domain"], identity, ct)))?.Id
                ?? throw new AuthenticationException("The request you have made requires authentication.");
        }
        return await credentials.AuthenticateAsync(id, given["name"]?.GetValue<string>(), userId, secret, ct);
    }

    /// <summary>The ID of the domain an auth request names (<c>{"id": ...}</c> or <c>{"name": ...}</c>); Default when it names none; 401 for an unknown one.</summary>
    private static async Task<string> DomainOfAsync(JsonNode? domain, IdentityService identity, CancellationToken ct)
    {
        var key = domain?["id"]?.GetValue<string>() ?? domain?["name"]?.GetValue<string>();
        if (key is null)
        {
            return Domains.DefaultId;
        }
        var found = await identity.FindDomainAsync(key, ct);
        return found is not null && (found.Id == key || domain?["id"] is null) ? found.Id : throw new AuthenticationException("The request you have made requires authentication.");
    }

    private static async Task<IResult> SubjectAsync(HttpContext context, TokenService tokens, bool head, CancellationToken ct)
    {
        try
        {
            await AuthenticateAsync(context, tokens, ct);
            var subject = await tokens.ValidateAsync(context.Request.Headers[SubjectTokenHeader].ToString(), ct)
                ?? throw new NotFoundException("TokenNotFound", "Could not find token.");
            context.Response.Headers[SubjectTokenHeader] = context.Request.Headers[SubjectTokenHeader].ToString();
            return head ? Results.Ok() : Results.Json(IdentityViews.Token(subject, await CatalogAsync(context, subject, ct)));
        }
        catch (NeutronException e)
        {
            return head ? Results.StatusCode(ApiErrors.StatusOf(e)) : ApiErrors.Keystone(e);
        }
    }

    private static async Task<IResult> RevokeAsync(HttpContext context, TokenService tokens, CancellationToken ct)
    {
        try
        {
            await AuthenticateAsync(context, tokens, ct);
            return await tokens.RevokeAsync(context.Request.Headers[SubjectTokenHeader].ToString(), ct)
                ? Results.NoContent()
                : ApiErrors.Keystone(404, "Not Found", "Could not find token.");
        }
        catch (NeutronException e)
        {
            return ApiErrors.Keystone(e);
        }
    }

    private static InvalidInputException Bad(string message) => new(message, "ValidationError");
}
