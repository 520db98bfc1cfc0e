using System.Text.Json.Nodes;
using Dashboard.Core.Errors;
using Dashboard.Core.Extensions;
using Dashboard.Core.Identity;
using Dashboard.Core.Policies;
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
        v2.MapGet("/", (HttpContext c, ExtensionRegistry registry) => Run(c, (_, _) => Task.FromResult(Results.Json(new JsonObject
        {
            ["resources"] = new JsonArray(registry.Resources.OrderBy(r => r.Collection).Select(r => (JsonNode?)new JsonObject
            {
                ["name"] = r.Member,
                ["collection"] = r.Collection,
                ["links"] = new JsonArray(new JsonObject { ["rel"] = "self", ["href"] = $"{BaseUrl(c.Request)}/v2.0/{r.Collection}" }),
            }).ToArray()),
        }))));

        v2.MapGet("/{collection}", (HttpContext c, string collection, ResourceOperations operations) => Run(c, async (caller, ct) =>
        {
            // As neutron-server: a list is never refused; it holds what the policy lets the caller get (an empty list).
            var (handler, spec) = operations.Resolve(collection);
            var query = ListQuery.Parse(c.Request.Query, spec);
            var url = $"{BaseUrl(c.Request)}/v2.0/{collection}";
            List<JsonObject> page;
            JsonArray? links;
            // The store pages only on attributes every reader may see; a filter on one the policy may hide
            // is applied after hiding, so it cannot reveal what the caller may not read.
            if (handler is IPagingResourceHandler pager && !query.Filters.Any(f => operations.Policy.IsDefined($"get_{spec.Member}:{f.Key}"))
                && query.AsStorePage(spec.IdAttribute) is { } request && await pager.ListPageAsync(caller, request, ct) is { } stored)
            {
                page = await operations.ReadableAsync(caller, spec, stored, ct);
                links = query.PageLinks(page, spec.IdAttribute, url, c.Request.Query);
            }
            else
            {
                (page, links) = query.Apply(await operations.ReadableAsync(caller, spec, query.KeepHidden(await handler.ListAsync(caller, ct)), ct), spec.IdAttribute, url, c.Request.Query);
            }
            var body = new JsonObject { [collection.Replace('-', '_')] = new JsonArray(page.Select(v => (JsonNode?)(query.Fields.Count == 0 ? v : AttributeProcessor.Visible(spec, v, _ => true, query.Fields))).ToArray()) };
            if (links is not null)
            {
                body[$"{collection.Replace('-', '_')}_links"] = links;
            }
            return Results.Json(body);
        }));
        v2.MapGet("/{collection}/{id}", (HttpContext c, string collection, string id, ResourceOperations operations) => Run(c, async (caller, ct) =>
        {
            var (_, spec) = operations.Resolve(collection);
            var fields = c.Request.Query["fields"].Select(f => f ?? "").ToList();
            return Results.Json(new JsonObject { [spec.Member] = operations.Present(caller, spec, await operations.ShowAsync(caller, collection, id, ct), fields) });
        }));
        v2.MapPost("/{collection}", (HttpContext c, string collection, ResourceOperations operations) => Run(c, async (caller, ct) =>
        {
            var (_, spec) = operations.Resolve(collection);
            var body = await JsonBody.ReadAsync(c.Request, ct);
            var key = collection.Replace('-', '_');
            if (body is JsonObject bulk && bulk[key] is JsonArray items)
            {
                var bodies = items.Select(item => item as JsonObject ?? throw Bad($"Each item of '{key}' must be an object")).ToList();
                var created = await operations.CreateManyAsync(caller, collection, bodies, ct);
                return Results.Json(new JsonObject { [key] = new JsonArray(created.Select(v => (JsonNode?)v).ToArray()) }, statusCode: 201);
            }
            return Results.Json(new JsonObject { [spec.Member] = await operations.CreateAsync(caller, collection, JsonBody.Envelope(body, spec.Member), ct) }, statusCode: 201);
        }));
        v2.MapPut("/{collection}/{id}", (HttpContext c, string collection, string id, ResourceOperations operations) => Run(c, async (caller, ct) =>
        {
            var (_, spec) = operations.Resolve(collection);
            var body = JsonBody.Envelope(await JsonBody.ReadAsync(c.Request, ct), spec.Member);
            return Results.Json(new JsonObject { [spec.Member] = await operations.UpdateAsync(caller, collection, id, body, IfMatch(c.Request), ct) });
        }));
        v2.MapDelete("/{collection}/{id}", (HttpContext c, string collection, string id, ResourceOperations operations) => Run(c, async (caller, ct) =>
        {
            await operations.DeleteAsync(caller, collection, id, IfMatch(c.Request), ct);
            return Results.NoContent();
        }));
        v2.MapNeutronActions();
        return app;
    }

    /// <summary>
    /// Runs a networking call: 401 (Keystone's body, as keystonemiddleware answers) without a valid
    /// token, the domain's typed errors (a policy's refusal among them) as NeutronError bodies.
    /// </summary>
    public static async Task<IResult> Run(HttpContext context, Func<Caller, CancellationToken, Task<IResult>> work)
    {
        var ct = context.RequestAborted;
        var info = await context.RequestServices.GetRequiredService<TokenService>()
            .ValidateAsync(context.Request.Headers[KeystoneApi.AuthTokenHeader].ToString(), ct);
        if (info is null)
        {
            return ApiErrors.Keystone(401, "Unauthorized", "The request you have made requires authentication.");
        }
        var caller = context.RequestServices.GetRequiredService<PolicyEnforcer>().CallerOf(info);
        try
        {
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
