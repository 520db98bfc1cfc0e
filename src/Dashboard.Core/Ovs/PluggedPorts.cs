using System.Text.Json.Nodes;
using Dashboard.Core.Hosts;

namespace Dashboard.Core.Ovs;

/// <summary>
/// The br-int ports of Neutron's own devices, as OVSDB rows: a VM's qvo and a namespace's qr-/qg-/tap,
/// each with the local VLAN tag, Neutron's <c>external_ids</c> on its interface (<c>iface-id</c>,
/// <c>attached-mac</c>, <c>iface-status</c>) and the host's owner mark on the port. One place for the
/// port and namespace realisers.
/// </summary>
public static class PluggedPorts
{
    private const string Db = "Open_vSwitch";

    /// <summary>Adds the device <paramref name="name"/> (already made) to br-int, in one transaction.</summary>
    public static Task AddAsync(OvsdbClient ovsdb, string host, string name, string portId, string mac, int tag, CancellationToken ct) =>
        ovsdb.TransactAsync(Db,
        [
            new JsonObject
            {
                ["op"] = "insert", ["table"] = "Interface", ["uuid-name"] = "iface",
                ["row"] = new JsonObject
                {
                    ["name"] = name,
                    ["external_ids"] = new JsonArray("map", new JsonArray(
                        new JsonArray("iface-id", portId), new JsonArray("attached-mac", mac), new JsonArray("iface-status", "active"))),
                },
            },
            new JsonObject
            {
                ["op"] = "insert", ["table"] = "Port", ["uuid-name"] = "port",
                ["row"] = new JsonObject
                {
                    ["name"] = name, ["tag"] = tag, ["interfaces"] = new JsonArray("named-uuid", "iface"),
                    ["external_ids"] = new JsonArray("map", new JsonArray(new JsonArray(BridgeRealizer.OwnerKey, host))),
                },
            },
            new JsonObject
            {
                ["op"] = "mutate", ["table"] = "Bridge", ["where"] = new JsonArray(new JsonArray("name", "==", HostWiring.IntegrationBridge)),
                ["mutations"] = new JsonArray(new JsonArray("ports", "insert", new JsonArray("set", new JsonArray(new JsonArray("named-uuid", "port"))))),
            },
        ], ct);

    /// <summary>Takes the port of that name off br-int (the device itself is the caller's).</summary>
    public static async Task RemoveAsync(OvsdbClient ovsdb, string name, CancellationToken ct)
    {
        var rows = (await ovsdb.TransactAsync(Db, [new JsonObject { ["op"] = "select", ["table"] = "Port", ["where"] = new JsonArray(new JsonArray("name", "==", name)), ["columns"] = new JsonArray("_uuid") }], ct))[0]!["rows"]!.AsArray();
        foreach (var row in rows)
        {
            await ovsdb.TransactAsync(Db, [new JsonObject
            {
                ["op"] = "mutate", ["table"] = "Bridge", ["where"] = new JsonArray(new JsonArray("name", "==", HostWiring.IntegrationBridge)),
                ["mutations"] = new JsonArray(new JsonArray("ports", "delete", new JsonArray("uuid", row!["_uuid"]![1]!.GetValue<string>()))),
            }], ct);
        }
    }

    /// <summary>Moves the port to another local VLAN (its network's changed, or it went admin-down).</summary>
    public static Task RetagAsync(OvsdbClient ovsdb, string name, int tag, CancellationToken ct) =>
        ovsdb.TransactAsync(Db, [new JsonObject
        {
            ["op"] = "update", ["table"] = "Port", ["where"] = new JsonArray(new JsonArray("name", "==", name)),
            ["row"] = new JsonObject { ["tag"] = tag },
        }], ct);

    /// <summary>The ports this host's agent plugged (its mark) whose names <paramref name="ofKind"/> accepts, with their tags.</summary>
    public static async Task<Dictionary<string, int?>> TagsAsync(OvsdbClient ovsdb, string host, Func<string, bool> ofKind, CancellationToken ct)
    {
        var ours = new JsonArray("map", new JsonArray(new JsonArray(BridgeRealizer.OwnerKey, host)));
        var rows = (await ovsdb.TransactAsync(Db, [new JsonObject
        {
            ["op"] = "select", ["table"] = "Port", ["where"] = new JsonArray(new JsonArray("external_ids", "includes", ours)), ["columns"] = new JsonArray("name", "tag"),
        }], ct))[0]!["rows"]!.AsArray();
        return rows.Select(r => r!).Where(r => ofKind(r["name"]!.GetValue<string>()))
            .ToDictionary(r => r["name"]!.GetValue<string>(), r => r["tag"] is JsonValue v && v.TryGetValue<int>(out var tag) ? tag : (int?)null);
    }
}
