using System.Text.Json.Nodes;
using Dashboard.Core.Errors;
using Dashboard.Core.Extensions;
using Dashboard.Core.Networking;
using Dashboard.Core.Routers;

namespace Dashboard.Web.Api.Networking.Handlers;

/// <summary>The <c>router</c> extension's <c>floatingips</c>, with <c>fip-port-details</c>.</summary>
public sealed class FloatingIpHandler(FloatingIpService floatingIps, PortService ports) : IResourceHandler
{
    public string Collection => "floatingips";

    public async Task<IReadOnlyList<JsonObject>> ListAsync(Caller caller, CancellationToken ct)
    {
        var list = await floatingIps.ListAsync(caller.Scope, ct);
        var details = (await ports.GetManyAsync(list.Where(f => f.PortId is not null).Select(f => f.PortId!).Distinct().ToList(), ct)).ToDictionary(p => p.Id);
        return list.Select(f => NeutronViews.FloatingIp(f, f.PortId is { } id ? details.GetValueOrDefault(id) : null)).ToList();
    }

    public async Task<JsonObject> GetAsync(Caller caller, string id, CancellationToken ct) => await ViewAsync(await floatingIps.GetAsync(id, ct), ct);

    public async Task<JsonObject> CreateAsync(Caller caller, IReadOnlyDictionary<string, JsonNode?> a, CancellationToken ct)
    {
        var floatingIp = await floatingIps.CreateAsync(new FloatingIpSpec(a.ProjectFor(caller), a.Str("floating_network_id")!)
        {
            SubnetId = a.Str("subnet_id"),
            FloatingIpAddress = a.Str("floating_ip_address"),
            PortId = a.Str("port_id"),
            FixedIpAddress = a.Str("fixed_ip_address"),
            Description = a.Str("description"),
        }, ct);
        return await ViewAsync(floatingIp, ct);
    }

    public async Task<JsonObject> UpdateAsync(Caller caller, string id, IReadOnlyDictionary<string, JsonNode?> a, long? expectedRevision, CancellationToken ct)
    {
        var portId = a.Str("port_id");
        var floatingIp = await floatingIps.UpdateAsync(id, new FloatingIpChanges
        {
            PortId = portId,
            FixedIpAddress = a.Str("fixed_ip_address"),
            // "port_id": null disassociates; leaving port_id out leaves the association as it is.
            Disassociate = a.Has("port_id") && portId is null,
            Description = a.Str("description"),
        }, expectedRevision, ct);
        return await ViewAsync(floatingIp, ct);
    }

    public async Task DeleteAsync(Caller caller, string id, long? expectedRevision, CancellationToken ct)
    {
        await floatingIps.DeleteAsync(id, expectedRevision, ct);
    }

    private async Task<JsonObject> ViewAsync(FloatingIp floatingIp, CancellationToken ct) =>
        NeutronViews.FloatingIp(floatingIp, floatingIp.PortId is { } portId ? await ports.GetAsync(portId, ct) : null);
}
