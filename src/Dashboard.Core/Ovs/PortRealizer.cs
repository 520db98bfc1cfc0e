using System.Text.Json.Nodes;
using Dashboard.Core.Hosts;
using Dashboard.Core.Ipam;

namespace Dashboard.Core.Ovs;

/// <summary>What a VM stand-in needs beyond the wiring: its address with prefix length and its gateway.</summary>
public sealed record VmAddress(string PortId, string IpAddress, int PrefixLength, string? Gateway);

/// <summary>
/// Realises bound ports as Neutron's hybrid plug does, with a network namespace standing in for the
/// VM: <c>eth0</c> (the port's MAC and fixed IP, default route via the gateway) paired with the tap in
/// the port's Linux bridge <c>qbr</c>, and the <c>qvb</c>/<c>qvo</c> veth into br-int with the local
/// VLAN tag (4095 when admin-down) and Neutron's <c>external_ids</c> (iface-id, attached-mac,
/// iface-status). Namespaces are named <c>dash-vm-&lt;tap suffix&gt;</c>, so removal only ever takes ours.
/// Security groups are the <see cref="FirewallRealizer"/>'s; port status is read back by the <see cref="OvsAgent"/>.
/// </summary>
public sealed class PortRealizer(OvsdbClient ovsdb, string host)
{
    public const string NamespacePrefix = "dash-vm-";

    public static string Namespace(VifWiring vif) => NamespacePrefix + vif.Tap[3..];

    /// <summary>Plugs every VIF of the layout that is not plugged yet, and retags those whose local VLAN changed.</summary>
    public async Task ReconcileAsync(HostLayout layout, IReadOnlyDictionary<string, VmAddress> addresses, CancellationToken ct = default)
    {
        var ports = await QvoTagsAsync(ct);
        foreach (var vif in layout.Vifs)
        {
            if (!ports.TryGetValue(vif.Qvo, out var tag))
            {
                await PlugAsync(vif, addresses.GetValueOrDefault(vif.PortId), ct);
            }
            else if (tag != vif.LocalVlan)
            {
                await ovsdb.TransactAsync("Open_vSwitch", [new JsonObject
                {
                    ["op"] = "update", ["table"] = "Port", ["where"] = new JsonArray(new JsonArray("name", "==", vif.Qvo)),
                    ["row"] = new JsonObject { ["tag"] = vif.LocalVlan },
                }], ct);
            }
        }
        foreach (var stale in ports.Keys.Where(q => layout.Vifs.All(v => v.Qvo != q)))
        {
            await UnplugAsync(stale, ct);
        }
    }

    /// <summary>
    /// Removes every port this agent plugged: its qvo ports, and by name every namespace of ours with its
    /// veths and qbr, so that a plug interrupted half-way (before its qvo reached OVSDB) goes too.
    /// </summary>
    public async Task RemoveAllAsync(CancellationToken ct = default)
    {
        var suffixes = (await QvoTagsAsync(ct)).Keys.Select(q => q[3..]).ToHashSet(StringComparer.Ordinal);
        foreach (var line in (await Ip(ct, "netns", "list")).Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var name = line.Split(' ')[0];
            if (name.StartsWith(NamespacePrefix, StringComparison.Ordinal))
            {
                suffixes.Add(name[NamespacePrefix.Length..]);
            }
        }
        foreach (var suffix in suffixes)
        {
            await UnplugAsync("qvo" + suffix, ct);
        }
    }

    private async Task PlugAsync(VifWiring vif, VmAddress? address, CancellationToken ct)
    {
        // Whatever an interrupted plug of this port left behind goes first, so the plug can start clean.
        await UnplugAsync(vif.Qvo, ct);
        var ns = Namespace(vif);
        var suffix = vif.Tap[3..];
        await Ip(ct, "netns", "add", ns);
        await Ip(ct, "link", "add", vif.Tap, "type", "veth", "peer", "name", "vm" + suffix);
        await Ip(ct, "link", "set", "vm" + suffix, "netns", ns);
        await Ip(ct, "-n", ns, "link", "set", "vm" + suffix, "name", "eth0");
        await Ip(ct, "-n", ns, "link", "set", "eth0", "address", vif.MacAddress);
        if (address is not null)
        {
            await Ip(ct, "-n", ns, "addr", "add", $"{address.IpAddress}/{address.PrefixLength}", "dev", "eth0");
        }
        await Ip(ct, "-n", ns, "link", "set", "eth0", "up");
        await Ip(ct, "-n", ns, "link", "set", "lo", "up");
        if (address?.Gateway is { } gateway)
        {
            await Ip(ct, "-n", ns, "route", "add", "default", "via", gateway);
        }
        // The userspace datapath does not compute checksums for veths: TCP needs tx offload off.
        await TryIp(ct, "netns", "exec", ns, "ethtool", "-K", "eth0", "tx", "off");
        await Ip(ct, "link", "add", vif.Qbr, "type", "bridge");
        await Ip(ct, "link", "add", vif.Qvb, "type", "veth", "peer", "name", vif.Qvo);
        await Ip(ct, "link", "set", vif.Tap, "master", vif.Qbr);
        await Ip(ct, "link", "set", vif.Qvb, "master", vif.Qbr);
        foreach (var device in new[] { vif.Qbr, vif.Tap, vif.Qvb, vif.Qvo })
        {
            await Ip(ct, "link", "set", device, "up");
        }
        await ovsdb.TransactAsync("Open_vSwitch",
        [
            new JsonObject
            {
                ["op"] = "insert", ["table"] = "Interface", ["uuid-name"] = "iface",
                ["row"] = new JsonObject
                {
                    ["name"] = vif.Qvo,
                    ["external_ids"] = new JsonArray("map", new JsonArray(
                        new JsonArray("iface-id", vif.PortId), new JsonArray("attached-mac", vif.MacAddress), new JsonArray("iface-status", "active"))),
                },
            },
            new JsonObject
            {
                ["op"] = "insert", ["table"] = "Port", ["uuid-name"] = "port",
                ["row"] = new JsonObject
                {
                    ["name"] = vif.Qvo, ["tag"] = vif.LocalVlan, ["interfaces"] = new JsonArray("named-uuid", "iface"),
                    ["external_ids"] = new JsonArray("map", new JsonArray(new JsonArray(BridgeRealizer.OwnerKey, host))),
                },
            },
            new JsonObject
            {
                ["op"] = "mutate", ["table"] = "Bridge", ["where"] = new JsonArray(new JsonArray("name", "==", HostWiring.IntegrationBridge)),
                ["mutations"] = new JsonArray(new JsonArray("ports", "insert", new JsonArray("set", new JsonArray(new JsonArray("named-uuid", "port"))))),
            },
        ], ct);
    }

    private async Task UnplugAsync(string qvo, CancellationToken ct)
    {
        var suffix = qvo[3..];
        var rows = (await ovsdb.TransactAsync("Open_vSwitch", [new JsonObject { ["op"] = "select", ["table"] = "Port", ["where"] = new JsonArray(new JsonArray("name", "==", qvo)), ["columns"] = new JsonArray("_uuid") }], ct))[0]!["rows"]!.AsArray();
        foreach (var row in rows)
        {
            await ovsdb.TransactAsync("Open_vSwitch", [new JsonObject
            {
                ["op"] = "mutate", ["table"] = "Bridge", ["where"] = new JsonArray(new JsonArray("name", "==", HostWiring.IntegrationBridge)),
                ["mutations"] = new JsonArray(new JsonArray("ports", "delete", new JsonArray("uuid", row!["_uuid"]![1]!.GetValue<string>()))),
            }], ct);
        }
        foreach (var device in new[] { "qvb" + suffix, "tap" + suffix, "qbr" + suffix, "qvo" + suffix })
        {
            await TryIp(ct, "link", "del", device); // deleting one veth end takes its peer; absent ones are fine
        }
        await TryIp(ct, "netns", "del", NamespacePrefix + suffix);
    }

    /// <summary>The qvo ports this host's agent plugged (its mark in external_ids) and their tags.</summary>
    private async Task<Dictionary<string, int?>> QvoTagsAsync(CancellationToken ct)
    {
        var ours = new JsonArray("map", new JsonArray(new JsonArray(BridgeRealizer.OwnerKey, host)));
        var rows = (await ovsdb.TransactAsync("Open_vSwitch", [new JsonObject
        {
            ["op"] = "select", ["table"] = "Port", ["where"] = new JsonArray(new JsonArray("external_ids", "includes", ours)), ["columns"] = new JsonArray("name", "tag"),
        }], ct))[0]!["rows"]!.AsArray();
        return rows.Select(r => r!).Where(r => r["name"]!.GetValue<string>().StartsWith("qvo", StringComparison.Ordinal))
            .ToDictionary(r => r["name"]!.GetValue<string>(), r => r["tag"] is JsonValue v && v.TryGetValue<int>(out var tag) ? tag : (int?)null);
    }

    private static Task<string> Ip(CancellationToken ct, params string[] args) => OvsDaemons.RunAsync("ip", args, ct);

    /// <summary>A best-effort command (removing what may not exist): its failure is expected and ignored; cancellation is not.</summary>
    private static async Task TryIp(CancellationToken ct, params string[] args)
    {
        try
        {
            await OvsDaemons.RunAsync("ip", args, ct);
        }
        catch (HostCommandException)
        {
        }
    }

    /// <summary>A port's address as the VM stand-in carries it.</summary>
    public static VmAddress AddressOf(string portId, string ip, Cidr subnet, string? gateway) => new(portId, ip, subnet.PrefixLength, gateway);
}
