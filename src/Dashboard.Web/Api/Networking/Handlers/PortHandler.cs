using System.Text.Json.Nodes;
using Dashboard.Core.Errors;
using Dashboard.Core.Extensions;
using Dashboard.Core.Networking;

namespace Dashboard.Web.Api.Networking.Handlers;

public sealed class PortHandler(PortService ports) : IResourceHandler, IPagingResourceHandler
{
    public string Collection => "ports";

    public async Task<IReadOnlyList<JsonObject>?> ListPageAsync(Caller caller, PageRequest request, CancellationToken ct)
    {
        var query = new PortQuery(request.Limit) { VisibleTo = caller.Scope, Marker = request.Marker, Reverse = request.Reverse };
        foreach (var (key, values) in request.Filters)
        {
            bool? Flag() => values.Count == 1 && bool.TryParse(values[0], out var b) ? b : null;
            query = key switch
            {
                "id" => query with { Ids = values },
                "name" => query with { Names = values },
                "network_id" => query with { NetworkIds = values },
                "project_id" or "tenant_id" => query with { ProjectIds = values },
                "device_id" => query with { DeviceIds = values },
                "device_owner" => query with { DeviceOwners = values },
                "status" => query with { Statuses = values },
                "mac_address" => query with { MacAddresses = values },
                "admin_state_up" when Flag() is { } b => query with { AdminStateUp = b },
                _ => null!,
            };
            if (query is null)
            {
                return null; // a filter the store does not cut: the list is filtered as a whole
            }
        }
        return (await ports.ListPageAsync(query, ct)).Select(NeutronViews.Port).ToList();
    }

    public async Task<IReadOnlyList<JsonObject>> ListAsync(Caller caller, CancellationToken ct) =>
        (await ports.ListAsync(ct: ct)).Where(p => caller.Scope is null || p.ProjectId == caller.Scope).Select(NeutronViews.Port).ToList();

    public async Task<JsonObject> GetAsync(Caller caller, string id, CancellationToken ct) => NeutronViews.Port(await ports.GetAsync(id, ct));

    public async Task<JsonObject> CreateAsync(Caller caller, IReadOnlyDictionary<string, JsonNode?> a, CancellationToken ct)
    {
        var port = await ports.CreateAsync(new PortSpec(a.Str("network_id")!, a.ProjectFor(caller))
        {
            Name = a.Str("name") ?? "",
            Description = a.Str("description"),
            MacAddress = a.Str("mac_address"),
            AdminStateUp = a.Bool("admin_state_up") ?? true,
            FixedIps = FixedIps(a),
            DeviceId = a.Str("device_id") ?? "",
            DeviceOwner = a.Str("device_owner") ?? "",
            SecurityGroups = a.Strings("security_groups"),
            PortSecurityEnabled = a.Bool("port_security_enabled"),
            HostId = a.Str("binding:host_id"),
            AllowedAddressPairs = AddressPairs(a),
            ExtraDhcpOpts = ExtraDhcpOpts(a),
        }, ct);
        return NeutronViews.Port(port);
    }

    public async Task<JsonObject> UpdateAsync(Caller caller, string id, IReadOnlyDictionary<string, JsonNode?> a, long? expectedRevision, CancellationToken ct)
    {
        var port = await ports.UpdateAsync(id, new PortChanges
        {
            Name = a.Str("name"),
            Description = a.Str("description"),
            AdminStateUp = a.Bool("admin_state_up"),
            FixedIps = FixedIps(a),
            DeviceId = a.Str("device_id"),
            DeviceOwner = a.Str("device_owner"),
            SecurityGroups = a.Strings("security_groups"),
            PortSecurityEnabled = a.Bool("port_security_enabled"),
            HostId = a.Str("binding:host_id"),
            AllowedAddressPairs = AddressPairs(a),
            ExtraDhcpOpts = ExtraDhcpOpts(a),
            MacAddress = a.Str("mac_address"),
        }, expectedRevision, ct);
        return NeutronViews.Port(port);
    }

    // Validated by the attribute map already: a list of {ip_address, mac_address?}.
    private static List<AddressPairRequest>? AddressPairs(IReadOnlyDictionary<string, JsonNode?> a) =>
        a.TryGetValue("allowed_address_pairs", out var pairs) && pairs is JsonArray list
            ? list.Select(p => new AddressPairRequest(p!["ip_address"]!.GetValue<string>(), p["mac_address"]?.GetValue<string>())).ToList()
            : null;

    // Validated by the attribute map already: a list of {opt_name, opt_value (string or null), ip_version (4 or 6, as a number or a string)?}.
    private static List<ExtraDhcpOptRequest>? ExtraDhcpOpts(IReadOnlyDictionary<string, JsonNode?> a) =>
        a.TryGetValue("extra_dhcp_opts", out var options) && options is JsonArray list
            ? list.Select(o => new ExtraDhcpOptRequest(o!["opt_name"]!.GetValue<string>(), o["opt_value"]?.GetValue<string>(),
                o["ip_version"] is { } version ? int.Parse(version.ToString(), System.Globalization.CultureInfo.InvariantCulture) : 4)).ToList()
            : null;

    public async Task DeleteAsync(Caller caller, string id, long? expectedRevision, CancellationToken ct)
    {
        await ports.DeleteAsync(id, expectedRevision, ct);
    }

    private static List<FixedIpRequest>? FixedIps(IReadOnlyDictionary<string, JsonNode?> a) =>
        a.TryGetValue("fixed_ips", out var v) && v is JsonArray ips
            ? ips.Select(ip => new FixedIpRequest(ip?["subnet_id"]?.GetValue<string>(), ip?["ip_address"]?.GetValue<string>())).ToList()
            : null;
}
