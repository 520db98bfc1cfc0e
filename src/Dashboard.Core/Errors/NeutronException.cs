namespace Dashboard.Core.Errors;

/// <summary>
/// Root of the domain's typed errors. <see cref="Type"/> is Neutron's exception name
/// (e.g. <c>VlanIdInUse</c>); the subclass says which family (and so which HTTP status) it is.
/// </summary>
public abstract class NeutronException(string type, string message, Exception? inner = null) : Exception(message, inner)
{
    public string Type { get; } = type;
}

/// <summary>404: the resource does not exist (or is not visible to the caller).</summary>
public class NotFoundException(string type, string message) : NeutronException(type, message)
{
    public static NotFoundException Of(string resource, string id) =>
        new($"{Pascal(resource)}NotFound", $"{Pascal(resource)} {id} could not be found.");

    private static string Pascal(string resource) =>
        string.Concat(resource.Split(' ').Select(w => char.ToUpperInvariant(w[0]) + w[1..]));
}

/// <summary>
/// 400: the request itself is wrong. Neutron's plain InvalidInput says so in front of its message; the
/// specific types carry their own. <see cref="Attribute"/> and <see cref="Reason"/> say what is wrong with
/// which attribute, for a form to show beside its field without taking the message apart.
/// </summary>
public class InvalidInputException(string message, string type = "InvalidInput")
    : NeutronException(type, type == "InvalidInput" ? $"Invalid input for operation: {message}" : message)
{
    public string? Attribute { get; init; }

    /// <summary>What is wrong, without the operation's prefix: the text a form shows beside the field.</summary>
    public string Reason { get; init; } = message;
}

/// <summary>405: the collection does not take this method (a read-only resource such as network IP availability).</summary>
public sealed class MethodNotAllowedException(string method, string collection)
    : NeutronException("HTTPMethodNotAllowed", $"The method {method} is not allowed for {collection}.");

/// <summary>409: the request conflicts with the current state.</summary>
public class ConflictException(string type, string message) : NeutronException(type, message);

/// <summary>409: the resource is still used by another one.</summary>
public sealed class InUseException(string type, string message) : ConflictException(type, message);

/// <summary>409: a project quota would be exceeded.</summary>
public sealed class OverQuotaException(string resource, long limit)
    : ConflictException("OverQuota", $"Quota exceeded for resources: ['{resource}'].")
{
    public string Resource { get; } = resource;
    public long Limit { get; } = limit;
}

/// <summary>503: the service cannot satisfy the request with its current capacity or configuration.</summary>
public class ServiceUnavailableException(string type, string message, Exception? inner = null) : NeutronException(type, message, inner);

public sealed class NoNetworkAvailableException() : ServiceUnavailableException(
    "NoNetworkAvailable", "Unable to create the network. No tenant network is available for allocation.");

public sealed class TenantNetworksDisabledException() : ServiceUnavailableException(
    "TenantNetworksDisabled", "Tenant network creation is not enabled.");

/// <summary>401: the credentials do not identify a usable user.</summary>
public class AuthenticationException(string message) : NeutronException("Unauthorized", message);

/// <summary>401: the account is locked after repeated failed logins, even for the right password.</summary>
public sealed class AccountLockedException(string message) : AuthenticationException(message);

/// <summary>412: the caller's expected revision_number is not the current one.</summary>
public sealed class RevisionMismatchException(long current, long expected) : NeutronException(
    "RevisionNumberConstraintFailed", $"Constrained to {expected}, but current revision is {current}");

/// <summary>403: the caller may not do this (policy).</summary>
public sealed class ForbiddenException(string message) : NeutronException("PolicyNotAuthorized", message);
