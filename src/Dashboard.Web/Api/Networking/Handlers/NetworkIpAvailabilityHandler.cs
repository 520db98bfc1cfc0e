using System.Text.Json.Nodes;
using Dashboard.Core.Errors;
using Dashboard.Core.Extensions;
using Dashboard.Core.Ipam;

namespace Dashboard.Web.Api.Networking.Handlers;

/// <summary>Network IP availability: read only (405 for any write, as neutron-server answers).</summary>
public sealed class NetworkIpAvailabilityHandler(IpAvailabilityService availability) : IResourceHandler
{
    public string Collection => "network-ip-availabilities";

    public async Task<IReadOnlyList<JsonObject>> ListAsync(Caller caller, CancellationToken ct) =>
        (await availability.ListAsync(ct: ct)).Select(View).ToList();

    public async Task<JsonObject> GetAsync(Caller caller, string id, CancellationToken ct) => View(await availability.GetAsync(id, ct));

    public Task<JsonObject> CreateAsync(Caller caller, IReadOnlyDictionary<string, JsonNode?> attributes, CancellationToken ct) => throw new MethodNotAllowedException("POST", Collection);

    public Task<JsonObject> UpdateAsync(Caller caller, string id, IReadOnlyDictionary<string, JsonNode?> attributes, long? expectedRevision, CancellationToken ct) =>
        throw new MethodNotAllowedException("PUT", Collection);

    public Task DeleteAsync(Caller caller, string id, long? expectedRevision, CancellationToken ct) => throw new MethodNotAllowedException("DELETE", Collection);

    private static JsonObject View(NetworkIpAvailability a) => new()
    {
        ["network_id"] = a.Network.Id,
        ["network_name"] = a.Network.Name,
        ["tenant_id"] = a.Network.ProjectId,
        ["project_id"] = a.Network.ProjectId,
        ["total_ips"] = Number(a.TotalIps),
        ["used_ips"] = a.UsedIps,
        ["ip_version"] = new JsonArray(a.Subnets.Select(s => s.Subnet.IpVersion).Distinct().Select(v => (JsonNode?)v).ToArray()),
        ["subnet_ip_availability"] = new JsonArray(a.Subnets.Select(s => (JsonNode?)new JsonObject
        {
            ["subnet_id"] = s.Subnet.Id,
            ["subnet_name"] = s.Subnet.Name,
            ["cidr"] = s.Subnet.Cidr,
            ["ip_version"] = s.Subnet.IpVersion,
            ["total_ips"] = Number(s.TotalIps),
            ["used_ips"] = s.UsedIps,
        }).ToArray()),
    };

    // An IPv6 pool's size passes any 64-bit integer: written as the JSON number it is.
    private static JsonNode Number(UInt128 value) => JsonNode.Parse(value.ToString(System.Globalization.CultureInfo.InvariantCulture))!;
}
