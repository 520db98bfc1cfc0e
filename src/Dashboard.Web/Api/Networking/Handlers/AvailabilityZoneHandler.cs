using System.Text.Json.Nodes;
using Dashboard.Core.Agents;
using Dashboard.Core.Errors;
using Dashboard.Core.Extensions;

namespace Dashboard.Web.Api.Networking.Handlers;

/// <summary>Availability zones: listed only (neutron-server has no show for them, 404, and no writes, 405).</summary>
public sealed class AvailabilityZoneHandler(AvailabilityZones zones) : IResourceHandler
{
    public string Collection => "availability_zones";

    public async Task<IReadOnlyList<JsonObject>> ListAsync(Caller caller, CancellationToken ct) =>
        (await zones.ListAsync(ct)).Select(z => new JsonObject { ["name"] = z.Name, ["resource"] = z.Resource, ["state"] = z.State }).ToList();

    public Task<JsonObject> GetAsync(Caller caller, string id, CancellationToken ct) => throw new NotFoundException("HTTPNotFound", "The resource could not be found.");

    public Task<JsonObject> CreateAsync(Caller caller, IReadOnlyDictionary<string, JsonNode?> attributes, CancellationToken ct) => throw new MethodNotAllowedException("POST", Collection);

    public Task<JsonObject> UpdateAsync(Caller caller, string id, IReadOnlyDictionary<string, JsonNode?> attributes, long? expectedRevision, CancellationToken ct) =>
        throw new MethodNotAllowedException("PUT", Collection);

    public Task DeleteAsync(Caller caller, string id, long? expectedRevision, CancellationToken ct) => throw new MethodNotAllowedException("DELETE", Collection);
}
