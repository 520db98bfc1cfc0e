using System.Text.Json.Nodes;
using Dashboard.Core.Extensions;
using Dashboard.Core.Ipam;

namespace Dashboard.Web.Api.Networking.Handlers;

public sealed class AddressScopeHandler(AddressScopeService scopes, Dashboard.Core.Networking.RbacService rbac) : IResourceHandler
{
    public string Collection => "address-scopes";

    public async Task<IReadOnlyList<JsonObject>> ListAsync(Caller caller, CancellationToken ct) =>
        await SharedAsSeen.ApplyAsync(rbac, Dashboard.Core.Networking.RbacService.AddressScope, caller, (await scopes.ListAsync(caller.Scope, ct)).Select(NeutronViews.AddressScope).ToList(), ct);

    public async Task<JsonObject> GetAsync(Caller caller, string id, CancellationToken ct) =>
        (await SharedAsSeen.ApplyAsync(rbac, Dashboard.Core.Networking.RbacService.AddressScope, caller, [NeutronViews.AddressScope(await scopes.GetAsync(id, ct))], ct))[0];

    public async Task<JsonObject> CreateAsync(Caller caller, IReadOnlyDictionary<string, JsonNode?> a, CancellationToken ct) =>
        NeutronViews.AddressScope(await scopes.CreateAsync(a.ProjectFor(caller), a.Str("name") ?? "", (int)a.Long("ip_version")!, a.Bool("shared") ?? false, a.Str("description"), ct));

    public async Task<JsonObject> UpdateAsync(Caller caller, string id, IReadOnlyDictionary<string, JsonNode?> a, long? expectedRevision, CancellationToken ct) =>
        NeutronViews.AddressScope(await scopes.UpdateAsync(id, a.Str("name"), a.Str("description"), a.Bool("shared"), expectedRevision, ct));

    public Task DeleteAsync(Caller caller, string id, long? expectedRevision, CancellationToken ct) => scopes.DeleteAsync(id, expectedRevision, ct);
}
