using System.Text.Json.Nodes;
using Dashboard.Core.Errors;
using Dashboard.Core.Extensions;
using Dashboard.Core.SecurityGroups;

namespace Dashboard.Web.Api.Networking.Handlers;

public sealed class SecurityGroupHandler(SecurityGroupService groups) : IResourceHandler
{
    public string Collection => "security-groups";

    /// <summary>As Neutron does, listing makes sure the caller's project has its default group.</summary>
    public async Task<IReadOnlyList<JsonObject>> ListAsync(Caller caller, CancellationToken ct)
    {
        if (caller.ProjectId != "")
        {
            await groups.EnsureDefaultAsync(caller.ProjectId, ct);
        }
        return (await groups.ListAsync(caller.Scope, ct)).Select(NeutronViews.SecurityGroup).ToList();
    }

    public async Task<JsonObject> GetAsync(Caller caller, string id, CancellationToken ct) => NeutronViews.SecurityGroup(await groups.GetAsync(id, ct));

    public async Task<JsonObject> CreateAsync(Caller caller, IReadOnlyDictionary<string, JsonNode?> a, CancellationToken ct) =>
        NeutronViews.SecurityGroup(await groups.CreateAsync(a.ProjectFor(caller), a.Str("name") ?? "", a.Str("description"), ct));

    public async Task<JsonObject> UpdateAsync(Caller caller, string id, IReadOnlyDictionary<string, JsonNode?> a, long? expectedRevision, CancellationToken ct)
    {
        var group = await groups.GetAsync(id, ct);
        Dashboard.Core.Common.Revisions.Check(group, expectedRevision);
        return NeutronViews.SecurityGroup(await groups.UpdateAsync(id, a.Str("name"), a.Str("description"), ct));
    }

    public async Task DeleteAsync(Caller caller, string id, long? expectedRevision, CancellationToken ct)
    {
        // As Neutron: a project may not remove its default group; an admin context may (cleaning a project up).
        await groups.DeleteAsync(id, byAdmin: caller.IsAdmin, expectedRevision, ct);
    }
}

public sealed class SecurityGroupRuleHandler(SecurityGroupService groups) : IResourceHandler
{
    public string Collection => "security-group-rules";

    public async Task<IReadOnlyList<JsonObject>> ListAsync(Caller caller, CancellationToken ct) =>
        (await groups.ListAsync(caller.Scope, ct)).SelectMany(g => g.Rules).Select(NeutronViews.SecurityGroupRule).ToList();

    public async Task<JsonObject> GetAsync(Caller caller, string id, CancellationToken ct) => NeutronViews.SecurityGroupRule(await groups.GetRuleAsync(id, ct));

    public async Task<JsonObject> CreateAsync(Caller caller, IReadOnlyDictionary<string, JsonNode?> a, CancellationToken ct)
    {
        var rule = await groups.AddRuleAsync(a.Str("security_group_id")!, new SecurityGroupRuleSpec(
            a.Str("direction")!, a.Str("ethertype"), a["protocol"]?.ToString(), (int?)a.Long("port_range_min"), (int?)a.Long("port_range_max"),
            a.Str("remote_ip_prefix"), a.Str("remote_group_id"), a.Str("description")), ct);
        return NeutronViews.SecurityGroupRule(rule);
    }

    public Task<JsonObject> UpdateAsync(Caller caller, string id, IReadOnlyDictionary<string, JsonNode?> a, long? expectedRevision, CancellationToken ct) =>
        throw new InvalidInputException("Security group rules cannot be updated", "HTTPBadRequest");

    public async Task DeleteAsync(Caller caller, string id, long? expectedRevision, CancellationToken ct)
    {
        await groups.DeleteRuleAsync(id, expectedRevision, ct);
    }
}
