using System.Text.Json.Nodes;
using Dashboard.Core.Dataplane;
using Dashboard.Core.Hosts;

namespace Dashboard.Core.Ovs;

/// <summary>
/// Applies a host's bridges, patch ports and flows from the model to a real Open vSwitch, as the
/// OVS agent does: every bridge it creates carries <c>external_ids:dashboard-owner=&lt;host&gt;</c>,
/// every flow the agent's cookie; it only ever changes or removes what carries its mark. VIF ports
/// (namespaces, veths, qbr, iptables) and tunnels are not realised yet.
/// </summary>
public sealed class BridgeRealizer(OvsdbClient ovsdb, OvsDaemons daemons)
{
    public const string OwnerKey = "dashboard-owner";
    private const string Db = "Open_vSwitch";

    /// <summary>Makes the real switch match <paramref name="plane"/>: missing bridges and patches added, ours no longer in the model removed, our flows replaced.</summary>
    public async Task ReconcileAsync(HostDataplane plane, CancellationToken ct = default)
    {
        var host = plane.Layout.Node.Name;
        var existing = await BridgesAsync(ct);
        var wanted = plane.Layout.Bridges.Where(b => b.Kind != BridgeKind.Tunnel).ToList();

        var operations = new List<JsonObject>();
        foreach (var (name, bridge) in existing.Where(e => e.Value.Owner == host && wanted.All(w => w.Name != e.Key)))
        {
            operations.Add(Mutate("bridges", "delete", new JsonArray("uuid", bridge.Uuid)));
        }
        var index = 0;
        foreach (var bridge in wanted.Where(w => !existing.ContainsKey(w.Name)))
        {
            var ports = new List<string>();
            var self = $"p{index++}";
            operations.AddRange(Port(self, bridge.Name, "internal", null));
            ports.Add(self);
            foreach (var patch in bridge.Ports.Where(p => p.Kind == OvsPortKind.Patch))
            {
                var port = $"p{index++}";
                operations.AddRange(Port(port, patch.Name, "patch", patch.Peer));
                ports.Add(port);
            }
            var named = $"b{index++}";
            operations.Add(new JsonObject
            {
                ["op"] = "insert", ["table"] = "Bridge", ["uuid-name"] = named,
                ["row"] = new JsonObject
                {
                    ["name"] = bridge.Name,
                    ["datapath_type"] = "netdev",
                    ["fail_mode"] = "secure",
                    ["external_ids"] = new JsonArray("map", new JsonArray(new JsonArray(OwnerKey, host))),
                    ["ports"] = new JsonArray("set", new JsonArray([.. ports.Select(p => (JsonNode)new JsonArray("named-uuid", p))])),
                },
            });
            operations.Add(Mutate("bridges", "insert", new JsonArray("set", new JsonArray(new JsonArray("named-uuid", named)))));
        }
        if (operations.Count > 0)
        {
            await ovsdb.TransactAsync(Db, operations, ct);
        }

        // Flows: only the agent's own (its cookie) are replaced; anyone else's stay.
        var cookie = FlowTables.AgentCookie(host);
        foreach (var bridge in wanted)
        {
            await WaitForBridgeAsync(bridge.Name, ct);
            await daemons.OfctlAsync(["del-flows", bridge.Name, $"cookie=0x{cookie:x}/-1"], ct: ct);
            var flows = plane.Flows.GetValueOrDefault(bridge.Name, []);
            if (flows.Count > 0)
            {
                await daemons.OfctlAsync(["add-flows", bridge.Name, "-"], string.Join('\n', flows.Select(AddFlowSyntax)) + "\n", ct);
            }
        }
    }

    /// <summary>Removes every bridge this host's agent created (its mark), and nothing else.</summary>
    public async Task RemoveOwnAsync(string host, CancellationToken ct = default)
    {
        var own = (await BridgesAsync(ct)).Values.Where(b => b.Owner == host).ToList();
        if (own.Count > 0)
        {
            await ovsdb.TransactAsync(Db, own.Select(b => Mutate("bridges", "delete", new JsonArray("uuid", b.Uuid))), ct);
        }
    }

    /// <summary>A flow as <c>ovs-ofctl add-flows</c> reads it.</summary>
    public static string AddFlowSyntax(Flow flow)
    {
        var match = flow.Match.ToString();
        return $"cookie=0x{flow.Cookie:x},table={flow.Table},priority={flow.Priority}{(match.Length > 0 ? "," + match : "")},actions={flow.ActionsText}";
    }

    public sealed record RealBridge(string Uuid, string? Owner);

    public async Task<Dictionary<string, RealBridge>> BridgesAsync(CancellationToken ct = default)
    {
        var rows = (await ovsdb.TransactAsync(Db, [new JsonObject { ["op"] = "select", ["table"] = "Bridge", ["where"] = new JsonArray(), ["columns"] = new JsonArray("_uuid", "name", "external_ids") }], ct))[0]!["rows"]!.AsArray();
        return rows.Select(r => r!).ToDictionary(
            r => r["name"]!.GetValue<string>(),
            r => new RealBridge(r["_uuid"]![1]!.GetValue<string>(),
                r["external_ids"]![1]!.AsArray().Select(p => p!.AsArray()).FirstOrDefault(p => p[0]!.GetValue<string>() == OwnerKey)?[1]!.GetValue<string>()));
    }

    private async Task WaitForBridgeAsync(string bridge, CancellationToken ct)
    {
        for (var i = 0; i < 100 && !File.Exists(Path.Combine(daemons.RunDirectory, $"{bridge}.mgmt")); i++)
        {
            await Task.Delay(20, ct);
        }
    }

    /// <summary>A port and its one interface (type internal or patch), as two inserts.</summary>
    private static IEnumerable<JsonObject> Port(string uuidName, string name, string type, string? peer)
    {
        var iface = new JsonObject { ["name"] = name, ["type"] = type };
        if (peer is not null)
        {
            iface["options"] = new JsonArray("map", new JsonArray(new JsonArray("peer", peer)));
        }
        yield return new JsonObject { ["op"] = "insert", ["table"] = "Interface", ["uuid-name"] = uuidName + "i", ["row"] = iface };
        yield return new JsonObject
        {
            ["op"] = "insert", ["table"] = "Port", ["uuid-name"] = uuidName,
            ["row"] = new JsonObject { ["name"] = name, ["interfaces"] = new JsonArray("named-uuid", uuidName + "i") },
        };
    }

    private static JsonObject Mutate(string column, string mutator, JsonNode value) => new()
    {
        ["op"] = "mutate", ["table"] = "Open_vSwitch", ["where"] = new JsonArray(),
        ["mutations"] = new JsonArray(new JsonArray(column, mutator, value)),
    };
}
