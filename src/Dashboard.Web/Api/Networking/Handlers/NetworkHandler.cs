using Dashboard.Core.Extensions;
using System.Text.Json.Nodes;
using Dashboard.Core.Errors;
using Dashboard.Core.Networking;
using Dashboard.Core.Segmentation;

namespace Dashboard.Web.Api.Networking.Handlers;

public sealed class NetworkHandler(NetworkService networks) : IResourceHandler
{
    public string Collection => "networks";

    public async Task<IReadOnlyList<JsonObject>> ListAsync(Caller caller, CancellationToken ct) =>
        (await networks.ListAsync(caller.IsAdmin ? null : caller.ProjectId, ct)).Select(NeutronViews.Network).ToList();

    public async Task<JsonObject> GetAsync(Caller caller, string id, CancellationToken ct) => NeutronViews.Network(await VisibleAsync(caller, id, ct));

    public async Task<JsonObject> CreateAsync(Caller caller, IReadOnlyDictionary<string, JsonNode?> a, CancellationToken ct)
    {
        var type = a.Str("provider:network_type");
        var physnet = a.Str("provider:physical_network");
        var segmentationId = a.Long("provider:segmentation_id");
        if (type is null && (physnet is not null || segmentationId is not null))
        {
            throw new InvalidInputException("provider:network_type required") { Attribute = "provider:network_type" };
        }
        var network = await networks.CreateAsync(new NetworkSpec(a.ProjectFor(caller), a.Str("name") ?? "")
        {
            Description = a.Str("description"),
            AdminStateUp = a.Bool("admin_state_up") ?? true,
            Shared = a.Bool("shared") ?? false,
            External = a.Bool("router:external") ?? false,
            Mtu = (int?)a.Long("mtu"),
            PortSecurityEnabled = a.Bool("port_security_enabled") ?? true,
            Provider = type is null ? null : new Segment(type, physnet, segmentationId),
        }, ct);
        return NeutronViews.Network(network);
    }

    public async Task<JsonObject> UpdateAsync(Caller caller, string id, IReadOnlyDictionary<string, JsonNode?> a, long? expectedRevision, CancellationToken ct)
    {
        caller.RequireOwner((await VisibleAsync(caller, id, ct)).ProjectId, "network");
        var network = await networks.UpdateAsync(id, new NetworkChanges
        {
            Name = a.Str("name"), Description = a.Str("description"), AdminStateUp = a.Bool("admin_state_up"),
            Shared = a.Bool("shared"), External = a.Bool("router:external"), Mtu = (int?)a.Long("mtu"),
            PortSecurityEnabled = a.Bool("port_security_enabled"),
        }, expectedRevision, ct);
        return NeutronViews.Network(network);
    }

    public async Task DeleteAsync(Caller caller, string id, CancellationToken ct)
    {
        caller.RequireOwner((await VisibleAsync(caller, id, ct)).ProjectId, "network");
        await networks.DeleteAsync(id, ct);
    }

    /// <summary>A member sees their project's networks and shared or external ones; anything else does not exist for them.</summary>
    public async Task<Network> VisibleAsync(Caller caller, string id, CancellationToken ct)
    {
        var network = await networks.GetAsync(id, ct);
        return caller.IsAdmin || network.ProjectId == caller.ProjectId || network.Shared || network.External
            ? network
            : throw NotFoundException.Of("network", id);
    }
}
