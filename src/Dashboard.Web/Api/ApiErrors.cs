using System.Text.Json.Nodes;
using Dashboard.Core.Errors;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.Data.Sqlite;

namespace Dashboard.Web.Api;

/// <summary>Maps the domain's typed errors to HTTP: Neutron's <c>NeutronError</c> body, or Keystone's <c>error</c> body.</summary>
public static class ApiErrors
{
    /// <summary>
    /// A request body value of the wrong JSON kind (a number where a string belongs...): System.Text.Json
    /// reports it as an InvalidOperationException. Only those are the client's fault; any other
    /// InvalidOperationException is the server's and must not pass for a 400.
    /// </summary>
    public static bool IsWrongJsonKind(Exception error) => error is InvalidOperationException { Source: "System.Text.Json" };

    public static int StatusOf(Exception error) => error switch
    {
        AuthenticationException => 401,
        PayloadTooLargeException => 413,
        UnsupportedMediaTypeException => 415,
        ForbiddenException => 403,
        NotFoundException => 404,
        MethodNotAllowedException => 405,
        ConflictException => 409,
        RevisionMismatchException => 412,
        InvalidInputException => 400,
        ServiceUnavailableException => 503,
        _ when Dashboard.Core.Persistence.DatabaseHealth.StorageError(error) is not null => 503, // full, read-only, busy, I/O, server away
        _ => 500,
    };

    public static IResult Neutron(int status, string type, string message) =>
        Results.Json(new JsonObject { ["NeutronError"] = new JsonObject { ["type"] = type, ["message"] = message, ["detail"] = "" } }, statusCode: status);

    public static IResult Neutron(Exception error) => error switch
    {
        NeutronException e => Neutron(StatusOf(e), e.Type, e.Message),
        _ when Dashboard.Core.Persistence.DatabaseHealth.StorageError(error) is not null => Neutron(503, "DatabaseUnavailable", "The database is unavailable for writing (full, read-only or busy). Try again later."),
        _ => Neutron(500, "HTTPInternalServerError", "Request Failed: internal server error while processing your request."),
    };

    public static IResult Keystone(int status, string title, string message) =>
        Results.Json(new JsonObject { ["error"] = new JsonObject { ["code"] = status, ["title"] = title, ["message"] = message } }, statusCode: status);

    public static IResult Keystone(Exception error)
    {
        var status = StatusOf(error);
        var title = status switch
        {
            400 => "Bad Request",
            401 => "Unauthorized",
            403 => "Forbidden",
            404 => "Not Found",
            409 => "Conflict",
            503 => "Service Unavailable",
            _ => "Internal Server Error",
        };
        var message = error is NeutronException ? error.Message.Replace("Invalid input for operation: ", "") : "An unexpected error prevented the server from fulfilling your request.";
        return Keystone(status, title, message);
    }

    /// <summary>
    /// The APIs' last resort: an error nothing mapped (a bug, a broken database) answers as Neutron or
    /// Keystone would, their error body with status 500 and the request ID, instead of the pages' HTML
    /// error page; the error is logged with that ID, so the client's report can be found.
    /// </summary>
    public static async Task WriteUnexpectedAsync(HttpContext context)
    {
        var error = context.Features.Get<IExceptionHandlerFeature>()?.Error;
        var requestId = $"req-{context.TraceIdentifier}";
        context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("Dashboard.Web.Api")
            .LogError(error, "Unexpected error answering {Method} {Path}, request {RequestId}", context.Request.Method, context.Request.Path, requestId);
        context.Response.Headers["X-Openstack-Request-Id"] = requestId;
        var result = context.Request.Path.StartsWithSegments("/identity")
            ? Keystone(500, "Internal Server Error", $"An unexpected error prevented the server from fulfilling your request (request {requestId}).")
            : Neutron(500, "HTTPInternalServerError", $"Request Failed: internal server error while processing your request (request {requestId}).");
        await result.ExecuteAsync(context);
    }
}
