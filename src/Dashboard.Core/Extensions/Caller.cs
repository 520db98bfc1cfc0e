using Dashboard.Core.Identity;

namespace Dashboard.Core.Extensions;

/// <summary>Who is calling: the project scope of their token and whether they hold admin there.</summary>
public sealed record Caller(string UserId, string UserName, string ProjectId, bool IsAdmin, IReadOnlyList<string> Roles)
{
    /// <summary>The reader role sees but does not change.</summary>
    public bool CanWrite => IsAdmin || Roles.Contains(Role.Member);

    public static Caller From(TokenInfo info) => new(
        info.User.Id, info.User.Name, info.Project?.Id ?? "", info.IsAdmin, info.Roles.Select(r => r.Name).ToList());
}
