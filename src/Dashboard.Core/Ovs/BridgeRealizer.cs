using System.Text.Json.Nodes;
using Dashboard.Core.Dataplane;
using Dashboard.Core.Hosts;

namespace Dashboard.Core.Ovs;

/// <summary>
/// Applies a host's bridges, their infrastructure ports and flows from the model to a real Open
/// vSwitch, as the OVS agent does: br-int, br-ethX with the patch pair and, when asked
/// (<paramref name="plugNics"/>), the physical NIC if this machine has an interface of that name (as an
/// operator plugs it), and br-tun with
/// its patch and one VXLAN/GRE port per peer (<c>remote_ip</c>, <c>local_ip</c>, keys from the flows)
/// once tunnel networks exist. Every bridge and port it creates carries
/// <c>external_ids:dashboard-owner=&lt;host&gt;</c>, every flow the agent's cookie; it only ever changes
/// or removes what carries its mark. VIF ports are the <see cref="PortRealizer"/>'s.
/// </summary>
public sealed class BridgeRealizer(OvsdbClient ovsdb, OvsDaemons daemons, bool plugNics = false, HostShell? shell = null, HostReads? reads = null)
{
    private readonly HostShell _shell = shell ?? HostShell.Root;

    public const string OwnerKey = "dashboard-owner";
    private const string Db = "Open_vSwitch";

    /// <summary>Makes the real switch's bridges match <paramref name="plane"/>: missing bridges and ports added, ours no longer in the model removed (flows: <see cref="ApplyFlowsAsync"/>).</summary>
    public async Task<bool> ReconcileAsync(HostDataplane plane, CancellationToken ct = default)
    {
        var host = plane.Layout.Node.Name;
        var existing = await BridgesAsync(ct);
        var wanted = plane.Layout.Bridges.ToList();
        var tunnelIp = plane.Layout.Node.TunnelIp;

        var operations = new List<JsonObject>();
        foreach (var (name, bridge) in existing.Where(e => e.Value.Owner == host && wanted.All(w => w.Name != e.Key)))
        {
            operations.Add(Mutate("bridges", "delete", new JsonArray("uuid", bridge.Uuid)));
        }
        var nics = new HashSet<string>(StringComparer.Ordinal);
        foreach (var nic in plugNics ? wanted.SelectMany(b => b.Ports).Where(p => p.Kind == OvsPortKind.Physical).Select(p => p.Name) : [])
        {
            if (await _shell.HasInterfaceAsync(nic, ct))
            {
                nics.Add(nic);
            }
        }
        var index = 0;
        foreach (var bridge in wanted)
        {
            // VM ports are the PortRealizer's, routers' and DHCP servers' ports the NamespaceRealizer's.
            var infrastructure = bridge.Ports.Where(p => p.Kind is not (OvsPortKind.Vif or OvsPortKind.Internal) && (p.Kind != OvsPortKind.Physical || nics.Contains(p.Name))).ToList();
            if (existing.TryGetValue(bridge.Name, out var real))
            {
                var add = infrastructure.Where(p => !real.Ports.ContainsKey(p.Name)).Select(p => InsertPort($"p{index++}", p, host, tunnelIp, operations)).ToList();
                var remove = real.Ports.Where(p => p.Value.Owner == host && p.Key != bridge.Name && !p.Value.Plugged && infrastructure.All(w => w.Name != p.Key))
                    .Select(p => (JsonNode)new JsonArray("uuid", p.Value.Uuid)).ToList();
                if (add.Count > 0)
                {
                    operations.Add(MutateBridge(bridge.Name, "insert", new JsonArray("set", new JsonArray([.. add.Select(a => (JsonNode)new JsonArray("named-uuid", a))]))));
                }
                if (remove.Count > 0)
                {
                    operations.Add(MutateBridge(bridge.Name, "delete", new JsonArray("set", new JsonArray([.. remove]))));
                }
                continue;
            }
            var self = $"p{index++}";
            operations.AddRange(Port(self, bridge.Name, "internal", null, host));
            var ports = new List<string> { self };
            ports.AddRange(infrastructure.Select(p => InsertPort($"p{index++}", p, host, tunnelIp, operations)));
            var named = $"b{index++}";
            operations.Add(new JsonObject
            {
                ["op"] = "insert", ["table"] = "Bridge", ["uuid-name"] = named,
                ["row"] = new JsonObject
                {
                    ["name"] = bridge.Name,
                    ["datapath_type"] = "netdev",
                    ["fail_mode"] = "secure",
                    ["external_ids"] = Owner(host),
                    ["ports"] = new JsonArray("set", new JsonArray([.. ports.Select(p => (JsonNode)new JsonArray("named-uuid", p))])),
                },
            });
            operations.Add(Mutate("bridges", "insert", new JsonArray("set", new JsonArray(new JsonArray("named-uuid", named)))));
        }
        if (operations.Count == 0)
        {
            return false;
        }
        await ovsdb.TransactAsync(Db, operations, ct);
        await ovsdb.SyncVswitchdAsync(ct);
        return true;
    }

    /// <summary>
    /// Replaces the agent's flows (its cookie) on each bridge of the plane with the model's; anyone
    /// else's stay. Run after the ports exist: flows name them (in_port of an admin-down qvo).
    /// </summary>
    public async Task ApplyFlowsAsync(HostDataplane plane, CancellationToken ct = default)
    {
        var cookie = FlowTables.AgentCookie(plane.Layout.Node.Name);
        foreach (var bridge in plane.Layout.Bridges)
        {
            await WaitForBridgeAsync(bridge.Name, ct);
            var flows = plane.Flows.GetValueOrDefault(bridge.Name, []);
            var real = await OwnFlowsAsync(bridge.Name, cookie, ct);
            if (real.SetEquals(flows.Select(f => Normalize(f.ToString()))))
            {
                continue; // already as the model says: nothing rewritten, the counters keep counting
            }
            // One OpenFlow bundle: the old flows go and the new ones come in a single atomic step, so
            // traffic never meets a bridge without its flows.
            var bundle = new System.Text.StringBuilder($"flow delete cookie=0x{cookie:x}/-1\n");
            foreach (var flow in flows)
            {
                bundle.Append("flow add ").Append(AddFlowSyntax(flow)).Append('\n');
            }
            await daemons.OfctlAsync(["-O", "OpenFlow14", "bundle", bridge.Name, "-"], bundle.ToString(), ct);
        }
    }

    /// <summary>The agent's flows on a bridge as <c>ovs-ofctl dump-flows --no-stats</c> prints them, normalised.</summary>
    public async Task<HashSet<string>> OwnFlowsAsync(string bridge, ulong cookie, CancellationToken ct = default) =>
        (await HostReads.TakeAsync(reads, FlowsRead(bridge), () => DumpOwnFlowsAsync(daemons, bridge, cookie, ct)))
            .Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => l.Contains("cookie=", StringComparison.Ordinal))
            .Select(Normalize).ToHashSet(StringComparer.Ordinal);

    /// <summary>The read of a bridge's flows in <see cref="HostReads"/>.</summary>
    public static string FlowsRead(string bridge) => $"flows {bridge}";

    /// <summary>The agent's flows on a bridge (its cookie), as <c>dump-flows</c> prints them.</summary>
    public static Task<string> DumpOwnFlowsAsync(OvsDaemons daemons, string bridge, ulong cookie, CancellationToken ct) =>
        daemons.OfctlAsync(["--no-stats", "--names", "dump-flows", bridge, $"cookie=0x{cookie:x}/-1"], ct: ct);

    /// <summary>A dump-flows line without the whitespace differences (and the default table 0 spelled out).</summary>
    public static string Normalize(string line)
    {
        var text = line.Trim();
        if (!text.Contains("table=", StringComparison.Ordinal))
        {
            text = text.Replace(", priority=", ", table=0, priority=", StringComparison.Ordinal);
        }
        return text;
    }

    private static string InsertPort(string uuidName, OvsPort port, string host, string? tunnelIp, List<JsonObject> operations)
    {
        switch (port.Kind)
        {
            case OvsPortKind.Patch:
                operations.AddRange(Port(uuidName, port.Name, "patch", [("peer", port.Peer!)], host));
                break;
            case OvsPortKind.Tunnel:
                var options = new List<(string, string)> { ("remote_ip", port.RemoteIp!), ("in_key", "flow"), ("out_key", "flow") };
                if (tunnelIp is not null)
                {
                    options.Add(("local_ip", tunnelIp));
                }
                operations.AddRange(Port(uuidName, port.Name, port.Name[..port.Name.IndexOf('-')], options, host));
                break;
            default:
                operations.AddRange(Port(uuidName, port.Name, "", null, host)); // the physical NIC: a system interface
                break;
        }
        return uuidName;
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

    /// <summary>A port of the switch; <see cref="Plugged"/>: a port of Neutron's (its <c>iface-id</c>), plugged by the port or namespace realiser.</summary>
    public sealed record RealPort(string Uuid, string? Owner, bool Plugged = false);

    public sealed record RealBridge(string Uuid, string? Owner, IReadOnlyDictionary<string, RealPort> Ports);

    /// <summary>The switch's bridges with their ports and whose they are (the owner mark, if any).</summary>
    public async Task<Dictionary<string, RealBridge>> BridgesAsync(CancellationToken ct = default)
    {
        var result = await ovsdb.TransactAsync(Db,
        [
            new JsonObject { ["op"] = "select", ["table"] = "Bridge", ["where"] = new JsonArray(), ["columns"] = new JsonArray("_uuid", "name", "external_ids", "ports") },
            new JsonObject { ["op"] = "select", ["table"] = "Port", ["where"] = new JsonArray(), ["columns"] = new JsonArray("_uuid", "name", "external_ids") },
            new JsonObject { ["op"] = "select", ["table"] = "Interface", ["where"] = new JsonArray(), ["columns"] = new JsonArray("name", "external_ids") },
        ], ct);
        var plugged = result[2]!["rows"]!.AsArray().Select(r => r!).Where(r => OvsdbClient.MapValue(r["external_ids"]!, "iface-id") is not null)
            .Select(r => r["name"]!.GetValue<string>()).ToHashSet(StringComparer.Ordinal);
        var ports = result[1]!["rows"]!.AsArray().Select(r => r!).ToDictionary(
            r => r["_uuid"]![1]!.GetValue<string>(), r => (Name: r["name"]!.GetValue<string>(),
                Port: new RealPort(r["_uuid"]![1]!.GetValue<string>(), OwnerOf(r), plugged.Contains(r["name"]!.GetValue<string>()))));
        return result[0]!["rows"]!.AsArray().Select(r => r!).ToDictionary(
            r => r["name"]!.GetValue<string>(),
            r => new RealBridge(r["_uuid"]![1]!.GetValue<string>(), OwnerOf(r),
                OvsdbClient.Uuids(r["ports"]!).Where(ports.ContainsKey).Select(u => ports[u]).ToDictionary(p => p.Name, p => p.Port)));
    }

    private static string? OwnerOf(JsonNode row) => OvsdbClient.MapValue(row["external_ids"]!, OwnerKey);

    private static JsonArray Owner(string host) => new("map", new JsonArray(new JsonArray(OwnerKey, host)));

    private async Task WaitForBridgeAsync(string bridge, CancellationToken ct)
    {
        var socket = Path.Combine(daemons.RunDirectory, $"{bridge}.mgmt");
        for (var i = 0; i < 100 && !File.Exists(socket); i++)
        {
            await Task.Delay(20, ct);
        }
        if (!File.Exists(socket))
        {
            throw new HostCommandException(await _shell.HasInterfaceAsync(bridge, ct)
                ? $"ovs-vswitchd in {daemons.RunDirectory} cannot open {bridge}: this machine already has an interface named {bridge} (another Open vSwitch, or another product in Agent:Mode=ovs?)"
                : $"ovs-vswitchd in {daemons.RunDirectory} has not opened {bridge} (see ovs-vswitchd.log there)");
        }
    }

    /// <summary>A port (ours: the owner mark) and its one interface of the given type, as two inserts.</summary>
    private static IEnumerable<JsonObject> Port(string uuidName, string name, string type, IEnumerable<(string Key, string Value)>? options, string host)
    {
        var iface = new JsonObject { ["name"] = name, ["type"] = type };
        if (options is not null)
        {
            iface["options"] = new JsonArray("map", new JsonArray([.. options.Select(o => (JsonNode)new JsonArray(o.Key, o.Value))]));
        }
        yield return new JsonObject { ["op"] = "insert", ["table"] = "Interface", ["uuid-name"] = uuidName + "i", ["row"] = iface };
        yield return new JsonObject
        {
            ["op"] = "insert", ["table"] = "Port", ["uuid-name"] = uuidName,
            ["row"] = new JsonObject { ["name"] = name, ["interfaces"] = new JsonArray("named-uuid", uuidName + "i"), ["external_ids"] = Owner(host) },
        };
    }

    private static JsonObject MutateBridge(string bridge, string mutator, JsonNode value) => new()
    {
        ["op"] = "mutate", ["table"] = "Bridge", ["where"] = new JsonArray(new JsonArray("name", "==", bridge)),
        ["mutations"] = new JsonArray(new JsonArray("ports", mutator, value)),
    };

    private static JsonObject Mutate(string column, string mutator, JsonNode value) => new()
    {
        ["op"] = "mutate", ["table"] = "Open_vSwitch", ["where"] = new JsonArray(),
        ["mutations"] = new JsonArray(new JsonArray(column, mutator, value)),
    };
}
