using System.Text.Json;
using System.Text.Json.Nodes;
using Dashboard.Core.Errors;
using Microsoft.AspNetCore.Http.Features;

namespace Dashboard.Web.Api;

/// <summary>Reads a JSON request body: at most 1 MiB (413 beyond), JSON content type (415 otherwise), valid JSON (400 otherwise).</summary>
public static class JsonBody
{
    public const long MaxBytes = 1024 * 1024;

    public static async Task<JsonNode> ReadAsync(HttpRequest request, CancellationToken ct)
    {
        if (request.ContentLength > MaxBytes)
        {
            throw new PayloadTooLargeException();
        }
        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = MaxBytes;
        }
        if (request.ContentType is { } type && !type.StartsWith("application/json", StringComparison.OrdinalIgnoreCase))
        {
            throw new UnsupportedMediaTypeException(type);
        }
        try
        {
            using var buffer = new MemoryStream();
            await request.Body.CopyToAsync(buffer, ct);
            if (buffer.Length > MaxBytes)
            {
                throw new PayloadTooLargeException();
            }
            return JsonNode.Parse(buffer.ToArray()) ?? throw new InvalidInputException("The request body is null", "HTTPBadRequest");
        }
        catch (JsonException e)
        {
            throw new InvalidInputException($"Malformed JSON in request body: {e.Message}", "HTTPBadRequest");
        }
        catch (BadHttpRequestException e) when (e.StatusCode == 413)
        {
            throw new PayloadTooLargeException();
        }
    }

    /// <summary>The object under <paramref name="key"/>: <c>{"network": {...}}</c>.</summary>
    public static JsonObject Envelope(JsonNode body, string key) =>
        body is JsonObject root && root[key] is JsonObject inner
            ? inner
            : throw new InvalidInputException($"Resource body required: expected an object under '{key}'", "HTTPBadRequest");
}

public sealed class PayloadTooLargeException() : NeutronException("HTTPRequestEntityTooLarge", "Request body is larger than 1 MiB.");

public sealed class UnsupportedMediaTypeException(string type) : NeutronException("HTTPUnsupportedMediaType", $"Unsupported Content-Type: {type}");
