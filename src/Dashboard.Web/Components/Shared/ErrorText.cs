using Dashboard.Core.Errors;

namespace Dashboard.Web.Components.Shared;

/// <summary>The text a form shows for a domain error: an invalid input's reason (without the operation's prefix), else the message.</summary>
public static class ErrorText
{
    public static string Of(NeutronException error) => error is InvalidInputException invalid ? invalid.Reason : error.Message;
}
