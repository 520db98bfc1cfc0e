using System.Text.Json.Nodes;
using Dashboard.Core.Extensions;
using Dashboard.Core.Ipam;

namespace Dashboard.Web.Api.Networking.Handlers;

public sealed class SubnetPoolHandler(SubnetPoolService pools, Dashboard.Core.Networking.RbacService rbac) : IResourceHandler
{
    public string Collection => "subnetpools";

    public async Task<IReadOnlyList<JsonObject>> ListAsync(Caller caller, CancellationToken ct) =>
        await SharedAsSeen.ApplyAsync(rbac, Dashboard.Core.Networking.RbacService.SubnetPool, caller, (await pools.ListAsync(caller.Scope, ct)).Select(NeutronViews.SubnetPool).ToList(), ct);

    public async Task<JsonObject> GetAsync(Caller caller, string id, CancellationToken ct) =>
        (await SharedAsSeen.ApplyAsync(rbac, Dashboard.Core.Networking.RbacService.SubnetPool, caller, [NeutronViews.SubnetPool(await pools.GetAsync(id, ct))], ct))[0];

    public async Task<JsonObject> CreateAsync(Caller caller, IReadOnlyDictionary<string, JsonNode?> a, CancellationToken ct) =>
        NeutronViews.SubnetPool(await pools.CreateAsync(new SubnetPoolSpec(a.ProjectFor(caller), a.Strings("prefixes") ?? [])
        {
            Name = a.Str("name") ?? "",
            Description = a.Str("description"),
            MinPrefixLen = (int?)a.Long("min_prefixlen"),
            MaxPrefixLen = (int?)a.Long("max_prefixlen"),
            DefaultPrefixLen = (int?)a.Long("default_prefixlen"),
            DefaultQuota = a.Long("default_quota"),
            Shared = a.Bool("shared") ?? false,
            IsDefault = a.Bool("is_default") ?? false,
            AddressScopeId = a.Str("address_scope_id"),
        }, ct));

    public async Task<JsonObject> UpdateAsync(Caller caller, string id, IReadOnlyDictionary<string, JsonNode?> a, long? expectedRevision, CancellationToken ct) =>
        NeutronViews.SubnetPool(await pools.UpdateAsync(id, new SubnetPoolChanges
        {
            Name = a.Str("name"),
            Description = a.Str("description"),
            Prefixes = a.Strings("prefixes"),
            MinPrefixLen = (int?)a.Long("min_prefixlen"),
            MaxPrefixLen = (int?)a.Long("max_prefixlen"),
            DefaultPrefixLen = (int?)a.Long("default_prefixlen"),
            DefaultQuota = a.Long("default_quota"),
            ClearDefaultQuota = a.Has("default_quota") && a["default_quota"] is null,
            IsDefault = a.Bool("is_default"),
            AddressScopeId = a.Str("address_scope_id"),
            ClearAddressScope = a.Has("address_scope_id") && a["address_scope_id"] is null,
        }, expectedRevision, ct));

    public Task DeleteAsync(Caller caller, string id, long? expectedRevision, CancellationToken ct) => pools.DeleteAsync(id, expectedRevision, ct);
}
