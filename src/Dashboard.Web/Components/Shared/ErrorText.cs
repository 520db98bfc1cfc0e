using Dashboard.Core.Errors;

namespace Dashboard.Web.Components.Shared;

/// <summary>The text a form shows for a domain error: an invalid input's reason (without the operation's prefix), else the message.</summary>
public static class ErrorText
{
    public static string Of(NeutronException error) => error is InvalidInputException invalid ? invalid.Reason : error.Message;

    /// <summary>
    /// Where a named resource's form shows an error: about the name (empty, too long, taken) beside the Name field,
    /// anything else above the form.
    /// </summary>
    public static (string? NameError, string? FormError) ByName(NeutronException error) =>
        error is ConflictException or InvalidInputException { Attribute: "name" } ? (Of(error), null) : (null, Of(error));
}
