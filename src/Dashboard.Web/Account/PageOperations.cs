using Dashboard.Core.Extensions;

namespace Dashboard.Web.Account;

/// <summary>The pages' way into <see cref="ResourceOperations"/>: the same policy and attribute map as the API, for the signed-in user.</summary>
public static class PageOperations
{
    public static async Task DeleteAsync(this ResourceOperations operations, CurrentUser user, string collection, string id) =>
        await operations.DeleteAsync(await user.CallerAsync(), collection, id, null, default);
}
