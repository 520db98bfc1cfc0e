using System.Text.Json.Nodes;
using Dashboard.Core.Errors;
using Dashboard.Core.Extensions;
using Dashboard.Core.Identity;
using Dashboard.Web.Api.Identity;

namespace Dashboard.Web.Api.Networking;

/// <summary>
/// Neutron v2.0 at <c>/networking</c>. Every collection with a handler is served by the same
/// generic code: the registry's attribute map validates bodies and hides attributes; the handler
/// maps to the domain.
/// </summary>
public static class NeutronApi
{
    public const string Prefix = "/networking";

    public static string BaseUrl(HttpRequest r) => $"{r.Scheme}://{r.Host}{r.PathBase}{Prefix}";

    public static IEndpointRouteBuilder MapNeutronApi(this IEndpointRouteBuilder app)
    {
        app.MapGet(Prefix, Versions);
        var v2 = app.MapGroup($"{Prefix}/v2.0");
        v2.MapGet("/", (HttpContext c, ExtensionRegistry registry) => Run(c, write: false, (_, _) => Task.FromResult(Results.Json(new JsonObject
        {
            ["resources"] = new JsonArray(registry.Resources.OrderBy(r => r.Collection).Select(r => (JsonNode?)new JsonObject
            {
                ["name"] = r.Member,
                ["collection"] = r.Collection,
                ["links"] = new JsonArray(new JsonObject { ["rel"] = "self", ["href"] = $"{BaseUrl(c.Request)}/v2.0/{r.Collection}" }),
            }).ToArray()),
        }))));

        v2.MapGet("/{collection}", (HttpContext c, string collection) => Run(c, write: false, async (caller, ct) =>
        {
            var (handler, spec) = Resolve(c, collection, caller);
            var query = ListQuery.Parse(c.Request.Query, spec);
            var url = $"{BaseUrl(c.Request)}/v2.0/{collection}";
            List<JsonObject> page;
            JsonArray? links;
            if (handler is IPagingResourceHandler pager && query.AsStorePage(spec.IdAttribute) is { } request
                && await pager.ListPageAsync(caller, request, ct) is { } stored)
            {
                page = stored.Page.ToList();
                links = query.PageLinks(page, stored.HasMore, spec.IdAttribute, url, c.Request.Query);
            }
            else
            {
                (page, links) = query.Apply(await handler.ListAsync(caller, ct), spec.IdAttribute, url, c.Request.Query);
            }
            var body = new JsonObject { [collection.Replace('-', '_')] = new JsonArray(page.Select(v => (JsonNode?)AttributeProcessor.Visible(spec, v, caller.IsAdmin, query.Fields)).ToArray()) };
            if (links is not null)
            {
                body[$"{collection.Replace('-', '_')}_links"] = links;
            }
            return Results.Json(body);
        }));
        v2.MapGet("/{collection}/{id}", (HttpContext c, string collection, string id) => Run(c, write: false, async (caller, ct) =>
        {
            var (handler, spec) = Resolve(c, collection, caller);
            var fields = c.Request.Query["fields"].Select(f => f ?? "").ToList();
            return Results.Json(new JsonObject { [spec.Member] = AttributeProcessor.Visible(spec, await handler.GetAsync(caller, id, ct), caller.IsAdmin, fields) });
        }));
        v2.MapPost("/{collection}", (HttpContext c, string collection) => Run(c, write: true, async (caller, ct) =>
        {
            var (handler, spec) = Resolve(c, collection, caller);
            var body = await JsonBody.ReadAsync(c.Request, ct);
            var key = collection.Replace('-', '_');
            if (body is JsonObject bulk && bulk[key] is JsonArray items)
            {
                var transactions = c.RequestServices.GetRequiredService<Core.Persistence.Transactions>();
                var created = await transactions.WriteAsync(async _ =>
                {
                    var views = new List<JsonNode?>();
                    foreach (var item in items)
                    {
                        var attributes = AttributeProcessor.ForCreate(spec, item as JsonObject ?? throw Bad($"Each item of '{key}' must be an object"), caller.IsAdmin);
                        views.Add(AttributeProcessor.Visible(spec, await handler.CreateAsync(caller, attributes, ct), caller.IsAdmin));
                    }
                    return views;
                }, ct);
                return Results.Json(new JsonObject { [key] = new JsonArray(created.ToArray()) }, statusCode: 201);
            }
            var parsed = AttributeProcessor.ForCreate(spec, JsonBody.Envelope(body, spec.Member), caller.IsAdmin);
            return Results.Json(new JsonObject { [spec.Member] = AttributeProcessor.Visible(spec, await handler.CreateAsync(caller, parsed, ct), caller.IsAdmin) }, statusCode: 201);
        }));
        v2.MapPut("/{collection}/{id}", (HttpContext c, string collection, string id) => Run(c, write: true, async (caller, ct) =>
        {
            var (handler, spec) = Resolve(c, collection, caller);
            var parsed = AttributeProcessor.ForUpdate(spec, JsonBody.Envelope(await JsonBody.ReadAsync(c.Request, ct), spec.Member), caller.IsAdmin);
            var view = await handler.UpdateAsync(caller, id, parsed, IfMatch(c.Request), ct);
            return Results.Json(new JsonObject { [spec.Member] = AttributeProcessor.Visible(spec, view, caller.IsAdmin) });
        }));
        v2.MapDelete("/{collection}/{id}", (HttpContext c, string collection, string id) => Run(c, write: true, async (caller, ct) =>
        {
            var (handler, _) = Resolve(c, collection, caller);
            await handler.DeleteAsync(caller, id, IfMatch(c.Request), ct);
            return Results.NoContent();
        }));
        v2.MapNeutronActions();
        return app;
    }

    /// <summary>
    /// Runs a networking call: 401 (Keystone's body, as keystonemiddleware answers) without a valid
    /// token, 403 for writes by a reader, the domain's typed errors as NeutronError bodies.
    /// </summary>
    public static async Task<IResult> Run(HttpContext context, bool write, Func<Caller, CancellationToken, Task<IResult>> work)
    {
        var ct = context.RequestAborted;
        var info = await context.RequestServices.GetRequiredService<TokenService>()
            .ValidateAsync(context.Request.Headers[KeystoneApi.AuthTokenHeader].ToString(), ct);
        if (info is null)
        {
            return ApiErrors.Keystone(401, "Unauthorized", "The request you have made requires authentication.");
        }
        var caller = Caller.From(info);
        try
        {
            if (write && !caller.CanWrite)
            {
                throw new ForbiddenException("The reader role may not change resources.");
            }
            return await work(caller, ct);
        }
        catch (Exception e) when (e is NeutronException || ApiErrors.StatusOf(e) == 503)
        {
            return ApiErrors.Neutron(e);
        }
        catch (Exception e) when (ApiErrors.IsWrongJsonKind(e))
        {
            return ApiErrors.Neutron(400, "HTTPBadRequest", "The request body has a value of the wrong type.");
        }
    }

    public static (IResourceHandler Handler, ResourceSpec Spec) Resolve(HttpContext context, string collection, Caller caller)
    {
        var registry = context.RequestServices.GetRequiredService<ExtensionRegistry>();
        var handler = context.RequestServices.GetServices<IResourceHandler>().FirstOrDefault(h => h.Collection == collection);
        var spec = registry.Resource(collection);
        if (handler is null || spec is null)
        {
            throw new NotFoundException("HTTPNotFound", $"The resource could not be found: {collection}.");
        }
        if (spec.AdminOnly && !caller.IsAdmin)
        {
            throw new ForbiddenException($"(rule:{spec.Member}) is disallowed by policy: {collection} are admin only.");
        }
        return (handler, spec);
    }

    private static long? IfMatch(HttpRequest request)
    {
        var header = request.Headers.IfMatch.ToString();
        if (header == "")
        {
            return null;
        }
        const string prefix = "revision_number=";
        return header.StartsWith(prefix, StringComparison.Ordinal) && long.TryParse(header[prefix.Length..], out var n)
            ? n
            : throw Bad($"If-Match header must be revision_number=N, not '{header}'");
    }

    private static IResult Versions(HttpRequest r) => Results.Json(new JsonObject
    {
        ["versions"] = new JsonArray(new JsonObject
        {
            ["id"] = "v2.0",
            ["status"] = "CURRENT",
            ["links"] = new JsonArray(new JsonObject { ["rel"] = "self", ["href"] = $"{BaseUrl(r)}/v2.0/" }),
        }),
    });

    private static InvalidInputException Bad(string message) => new(message, "HTTPBadRequest");
}
