using System.Text.Json.Nodes;
using Dashboard.Core.Common;
using Dashboard.Core.Errors;
using Dashboard.Core.Extensions;
using static Dashboard.Web.Api.Networking.NeutronActionsApi;

namespace Dashboard.Web.Api.Networking;

/// <summary><c>standard-attr-tag</c>: a resource's tags, read with <c>get_</c> and changed with <c>update_</c> of the resource.</summary>
public static class NeutronTagsApi
{
    public static void MapNeutronTags(this RouteGroupBuilder v2)
    {
        v2.MapGet("/{collection}/{id}/tags", (HttpContext c, TagService tags, string collection, string id) => NeutronApi.Run(c, async (caller, ct) =>
        {
            await TaggedAsync(c, caller, collection, id, write: false, ct);
            return Results.Json(new JsonObject { ["tags"] = Strings(await tags.GetAsync(collection, id, ct)) });
        }));
        v2.MapGet("/{collection}/{id}/tags/{tag}", (HttpContext c, TagService tags, string collection, string id, string tag) => NeutronApi.Run(c, async (caller, ct) =>
        {
            await TaggedAsync(c, caller, collection, id, write: false, ct);
            return (await tags.GetAsync(collection, id, ct)).Contains(tag)
                ? Results.NoContent()
                : throw new NotFoundException("TagNotFound", $"Tag {tag} could not be found for {collection} {id}.");
        }));
        v2.MapPut("/{collection}/{id}/tags", (HttpContext c, TagService tags, string collection, string id) => NeutronApi.Run(c, async (caller, ct) =>
        {
            await TaggedAsync(c, caller, collection, id, write: true, ct);
            var body = await JsonBody.ReadAsync(c.Request, ct);
            var list = body["tags"] as JsonArray ?? throw new InvalidInputException("Invalid tags body: expected {\"tags\": [...]}", "HTTPBadRequest");
            var replaced = await tags.ReplaceAsync(collection, id, list.Select(t => t?.GetValue<string>() ?? "").ToList(), ct);
            return Results.Json(new JsonObject { ["tags"] = Strings(replaced) });
        }));
        v2.MapPut("/{collection}/{id}/tags/{tag}", (HttpContext c, TagService tags, string collection, string id, string tag) => NeutronApi.Run(c, async (caller, ct) =>
        {
            await TaggedAsync(c, caller, collection, id, write: true, ct);
            await tags.AddAsync(collection, id, tag, ct);
            return Results.StatusCode(201);
        }));
        v2.MapDelete("/{collection}/{id}/tags", (HttpContext c, TagService tags, string collection, string id) => NeutronApi.Run(c, async (caller, ct) =>
        {
            await TaggedAsync(c, caller, collection, id, write: true, ct);
            await tags.ReplaceAsync(collection, id, [], ct);
            return Results.NoContent();
        }));
        v2.MapDelete("/{collection}/{id}/tags/{tag}", (HttpContext c, TagService tags, string collection, string id, string tag) => NeutronApi.Run(c, async (caller, ct) =>
        {
            await TaggedAsync(c, caller, collection, id, write: true, ct);
            await tags.RemoveAsync(collection, id, tag, ct);
            return Results.NoContent();
        }));
    }


    /// <summary>A tagged resource: reading its tags needs <c>get_</c> (404), changing them <c>update_</c> (403), as changing the resource does.</summary>
    private static async Task TaggedAsync(HttpContext c, Caller caller, string collection, string id, bool write, CancellationToken ct)
    {
        if (!TagService.Collections.Contains(collection))
        {
            throw new NotFoundException("HTTPNotFound", $"The resource could not be found: {collection}.");
        }
        var operations = c.RequestServices.GetRequiredService<ResourceOperations>();
        if (write)
        {
            await operations.AuthorizeActionAsync(caller, collection, id, $"update_{operations.Resolve(collection).Spec.Member}", ct);
        }
        else
        {
            await operations.ShowAsync(caller, collection, id, ct);
        }
    }

    private static JsonArray Strings(IEnumerable<string> values) => new(values.Select(v => (JsonNode?)v).ToArray());
}
