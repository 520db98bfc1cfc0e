using System.Text.Json.Nodes;
using Dashboard.Core.Extensions;
using Dashboard.Core.Networking;

namespace Dashboard.Web.Api.Networking.Handlers;

/// <summary>
/// A subnet pool's or address scope's <c>shared</c> as the caller sees it, as Neutron shows it: true also when an RBAC
/// policy shares it with the caller's project (which is what lets the policy's <c>shared</c> rules show it and use it).
/// </summary>
public static class SharedAsSeen
{
    public static async Task<List<JsonObject>> ApplyAsync(RbacService rbac, string objectType, Caller caller, List<JsonObject> views, CancellationToken ct)
    {
        if (caller.ProjectId == "" || views.All(v => v["shared"]!.GetValue<bool>()))
        {
            return views;
        }
        var granted = await rbac.SharedWithAsync(objectType, caller.ProjectId, ct);
        foreach (var view in views.Where(v => granted.Contains(v["id"]!.GetValue<string>())))
        {
            view["shared"] = true;
        }
        return views;
    }
}
