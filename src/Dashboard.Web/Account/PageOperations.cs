using Dashboard.Core.Extensions;

namespace Dashboard.Web.Account;

/// <summary>The pages' way into <see cref="ResourceOperations"/>: the same policy and attribute map as the API, for the signed-in user.</summary>
public static class PageOperations
{
    public static async Task DeleteAsync(this ResourceOperations operations, CurrentUser user, string collection, string id) =>
        await operations.DeleteAsync(await user.CallerAsync(), collection, id, null, default);

    /// <summary>
    /// Refuses (PolicyNotAuthorized, shown by the page) an action the policy does not allow the signed-in user:
    /// for the pages whose actions have no generic collection (identity, agents, quotas, instances).
    /// </summary>
    public static async Task EnforceAsync(this CurrentUser user, string rule, Dashboard.Core.Policies.PolicyTarget? target = null) =>
        user.Policy.Enforce(await user.CallerAsync(), rule, target);
}
