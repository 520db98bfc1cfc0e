using Dashboard.Core.Dataplane;
using Dashboard.Core.Hosts;
using Dashboard.Core.Segmentation;

namespace Dashboard.Web.Topology;

/// <summary>
/// The physical picture of the cloud, drawn from the model: each host with its instances and their
/// tap -> qbr -> qvb/qvo chain into br-int (with each port's local VLAN), the patch pairs to br-ethX
/// and its NIC, br-tun with its tunnel ports, a network node's qrouter-/qdhcp- namespaces with their
/// qr-/qg-/tap internal ports, and the wires between hosts labelled with the
/// segmentation IDs they carry. Keys are <c>host/device</c>, <c>wire/physnet</c> and <c>tunnel/type</c>.
/// </summary>
public static class PhysicalLayout
{
    private const double Column = 150;
    private const double HostTop = 20;
    private const double BrIntY = 285;
    private const double LowerY = 340;
    private const double WireY = 560;

    public static Diagram Build(IReadOnlyList<HostLayout> hosts, IReadOnlyDictionary<string, string> instanceNames, IReadOnlySet<string> alive, int maxVifsPerHost = int.MaxValue)
    {
        var boxes = new List<Box>();
        var links = new List<Link>();
        var nicPositions = new Dictionary<string, List<(double X, double Y)>>(StringComparer.Ordinal);
        var tunnelPositions = new Dictionary<string, List<(double X, double Y)>>(StringComparer.Ordinal);
        var x0 = 10.0;
        foreach (var host in hosts)
        {
            var name = host.Node.Name;
            var vifs = host.Vifs.OrderBy(v => instanceNames.GetValueOrDefault(v.DeviceId ?? "", "~"), StringComparer.Ordinal).ThenBy(v => v.PortId, StringComparer.Ordinal).ToList();
            var shown = vifs.Take(maxVifsPerHost).ToList();
            var tunnel = host.Bridge(HostWiring.TunnelBridge);
            var lowerColumns = host.Node.BridgeMappings.Count + (tunnel is null ? 0 : 1);
            var namespaces = host.Routers.Select(r => (Key: r.Namespace, Label: $"qrouter-{r.RouterId[..8]}", Sub: r.RouterName, Ports: r.Ports.ToList(),
                    Title: $"{r.Namespace}: router {r.RouterName}; {string.Join("; ", r.FloatingIps.Select(f => $"{f.FloatingIp} -> {f.FixedIp}"))}"))
                .Concat(host.DhcpServers.Select(d => (Key: d.Namespace, Label: $"qdhcp-{d.NetworkId[..8]}", Sub: $"dnsmasq {d.NetworkName}", Ports: new List<NamespacePort> { d.Tap },
                    Title: $"{d.Namespace}: DHCP for {d.NetworkName}"))).ToList();
            var upperColumns = shown.Count + (vifs.Count > shown.Count ? 1 : 0) + namespaces.Sum(n => n.Ports.Count);
            var width = Math.Max(Math.Max(upperColumns, lowerColumns + 1), 2) * Column + 20;
            boxes.Add(new Box($"{name}", x0, HostTop, width, WireY - HostTop - 30, name, "host" + (alive.Contains(name) ? "" : " host-dead"),
                Sub: (alive.Contains(name) ? "agent alive" : "agent dead") + (host.Node.Enabled ? "" : ", disabled"), Title: $"{name}: bridge mappings {string.Join(", ", host.Node.BridgeMappings)}; tunnel IP {host.Node.TunnelIp ?? "none"}"));

            for (var i = 0; i < shown.Count; i++)
            {
                var v = shown[i];
                var cx = x0 + 10 + i * Column + Column / 2;
                var vm = instanceNames.GetValueOrDefault(v.DeviceId ?? "", v.PortId[..8]);
                var css = StatusCss.For(v.Status, v.AdminStateUp);
                boxes.Add(new Box($"{name}/{vm}", cx - 65, 55, 130, 36, vm, $"vm {css}", Sub: string.Join(", ", v.FixedIps), Title: $"{vm} port {v.PortId}: {v.Status}{(v.AdminStateUp ? "" : " (admin down)")}"));
                Chain(boxes, links, name, cx, [(v.Tap, 110, "dev"), (v.Qbr, 150, "linuxbridge"), (v.Qvb, 195, "dev"), (v.Qvo, 235, "ovsport")], ($"{name}/{vm}", 91));
                boxes[^1] = boxes[^1] with { Sub = v.LocalVlan == HostWiring.DeadVlan ? "dead VLAN 4095" : $"tag {v.LocalVlan}" };
                links.Add(new Link($"{name}/{v.Qvo}~{name}/{HostWiring.IntegrationBridge}", cx, 269, cx, BrIntY, "link"));
            }
            if (vifs.Count > shown.Count)
            {
                var cx = x0 + 10 + shown.Count * Column + Column / 2;
                boxes.Add(new Box($"{name}/more", cx - 65, 55, 130, 36, $"+{vifs.Count - shown.Count} more", "more", Sub: "open the host"));
            }
            // The network node's namespaces: one box spanning its ports' columns, each port an internal port of br-int.
            var nsColumn = shown.Count + (vifs.Count > shown.Count ? 1 : 0);
            foreach (var ns in namespaces)
            {
                var left = x0 + 10 + nsColumn * Column;
                boxes.Add(new Box($"{name}/{ns.Key}", left + 10, 55, ns.Ports.Count * Column - 20, 36, ns.Label, "namespace", Sub: ns.Sub, Title: ns.Title));
                foreach (var port in ns.Ports)
                {
                    var cx = x0 + 10 + nsColumn++ * Column + Column / 2;
                    links.Add(new Link($"{name}/{ns.Key}~{name}/{port.Name}", cx, 91, cx, 150, "link"));
                    boxes.Add(new Box($"{name}/{port.Name}", cx - 65, 150, 130, 34, port.Name, $"ovsport {StatusCss.For(port.Status, true)}",
                        Sub: port.LocalVlan == HostWiring.DeadVlan ? "dead VLAN 4095" : $"tag {port.LocalVlan}", Title: $"{port.Name}: {string.Join(", ", port.Cidrs)} ({port.Status})"));
                    links.Add(new Link($"{name}/{port.Name}~{name}/{HostWiring.IntegrationBridge}", cx, 184, cx, BrIntY, "link"));
                }
            }
            boxes.Add(new Box($"{name}/{HostWiring.IntegrationBridge}", x0 + 10, BrIntY, width - 20, 34, HostWiring.IntegrationBridge, "ovsbridge",
                Sub: host.Networks.Count == 0 ? "no networks" : string.Join("  ", host.Networks.Select(n => $"{Short(n.Name)}: {n.LocalVlan}"))));

            var column = 0;
            foreach (var mapping in host.Node.BridgeMappings)
            {
                var cx = x0 + 10 + column++ * Column + Column / 2;
                links.Add(new Link($"{name}/{HostWiring.IntegrationBridge}~{name}/{mapping.IntegrationPatch}", cx, BrIntY + 34, cx, LowerY, "link"));
                Chain(boxes, links, name, cx, [(mapping.IntegrationPatch, LowerY, "patch"), (mapping.ProviderPatch, LowerY + 40, "patch"), (mapping.Bridge, LowerY + 80, "ovsbridge"), (mapping.Nic, LowerY + 130, "nic")], null);
                boxes[^2] = boxes[^2] with { Sub = mapping.PhysicalNetwork };
                links.Add(new Link($"{name}/{mapping.Nic}~wire/{mapping.PhysicalNetwork}", cx, LowerY + 152, cx, WireY, "link wire-drop"));
                Positions(nicPositions, mapping.PhysicalNetwork).Add((cx, WireY));
            }
            if (tunnel is not null)
            {
                var cx = x0 + 10 + column * Column + Column / 2;
                links.Add(new Link($"{name}/{HostWiring.IntegrationBridge}~{name}/patch-tun", cx, BrIntY + 34, cx, LowerY, "link"));
                Chain(boxes, links, name, cx, [("patch-tun", LowerY, "patch"), ("patch-int", LowerY + 40, "patch"), (HostWiring.TunnelBridge, LowerY + 80, "ovsbridge")], null);
                var ports = tunnel.Ports.Where(p => p.Kind == OvsPortKind.Tunnel).ToList();
                for (var k = 0; k < Math.Min(ports.Count, 3); k++)
                {
                    boxes.Add(new Box($"{name}/{ports[k].Name}", cx - 65, LowerY + 125 + k * 24, 130, 20, ports[k].Name, "tunnelport", Title: $"to {ports[k].RemoteIp}"));
                }
                if (ports.Count > 3)
                {
                    boxes.Add(new Box($"{name}/tunnels-more", cx - 65, LowerY + 125 + 3 * 24, 130, 20, $"+{ports.Count - 3} tunnel ports", "more"));
                }
                foreach (var type in ports.Select(p => p.Name[..p.Name.IndexOf('-')]).Distinct())
                {
                    links.Add(new Link($"{name}/{HostWiring.TunnelBridge}~tunnel/{type}", cx + 65, LowerY + 135, cx + 65, WireY + 50, "link wire-drop"));
                    Positions(tunnelPositions, type).Add((cx + 65, WireY + 50));
                }
            }
            x0 += width + 30;
        }

        var carried = hosts.SelectMany(h => h.Networks).DistinctBy(n => n.NetworkId).ToList();
        var wire = 0;
        foreach (var (physnet, points) in nicPositions.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            var y = WireY + wire++ * 18;
            var segments = carried.Where(n => !n.IsTunnel && n.PhysicalNetwork == physnet)
                .OrderBy(n => n.SegmentationId ?? 0).Select(n => n.NetworkType == NetworkTypes.Flat ? $"flat ({Short(n.Name)})" : $"VLAN {n.SegmentationId} ({Short(n.Name)})").ToList();
            links.Add(new Link($"wire/{physnet}", points.Min(p => p.X) - 20, y, Math.Max(points.Max(p => p.X) + 20, points.Min(p => p.X) + 200), y, "wire",
                $"{physnet}: {(segments.Count == 0 ? "no segments" : string.Join(", ", segments))}"));
        }
        foreach (var (type, points) in tunnelPositions.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            var ids = carried.Where(n => n.NetworkType == type).OrderBy(n => n.SegmentationId).Select(n => $"{n.SegmentationId} ({Short(n.Name)})").ToList();
            links.Add(new Link($"tunnel/{type}", points.Min(p => p.X) - 20, WireY + 50, Math.Max(points.Max(p => p.X) + 20, points.Min(p => p.X) + 200), WireY + 50, "wire tunnel",
                $"{type.ToUpperInvariant()} tunnels, IDs: {(ids.Count == 0 ? "none" : string.Join(", ", ids))}"));
        }
        return new Diagram(Math.Max(x0, 400), WireY + 90, boxes, links);
    }

    /// <summary>The keys a trace passes through, to highlight its path.</summary>
    public static IReadOnlySet<string> PathKeys(TraceResult trace)
    {
        var keys = new HashSet<string>(StringComparer.Ordinal);
        foreach (var hop in trace.Hops)
        {
            var hosts = hop.Host.Split(" -> ");
            var devices = hop.Device.Split(" -> ");
            switch (hop.Kind)
            {
                case "wire":
                    keys.Add($"wire/{hop.Medium}");
                    keys.Add($"{hosts[0]}/{devices[0]}");
                    keys.Add($"{hosts[^1]}/{devices[^1]}");
                    break;
                case "tunnel":
                    keys.Add($"tunnel/{hop.Medium}");
                    keys.Add($"{hosts[0]}/{hop.Device}");
                    break;
                default:
                    foreach (var device in devices)
                    {
                        keys.Add($"{hosts[0]}/{device}");
                    }
                    break;
            }
        }
        return keys;
    }

    private static List<(double X, double Y)> Positions(Dictionary<string, List<(double X, double Y)>> positions, string key) =>
        positions.TryGetValue(key, out var list) ? list : positions[key] = [];

    /// <summary>Devices one under the other, each linked to the one above (the first to <paramref name="from"/> when given).</summary>
    private static void Chain(List<Box> boxes, List<Link> links, string host, double cx, (string Name, double Y, string Css)[] devices, (string Key, double Y)? from)
    {
        foreach (var (device, y, css) in devices)
        {
            var key = $"{host}/{device}";
            if (from is { } above)
            {
                links.Add(new Link($"{above.Key}~{key}", cx, above.Y, cx, y, "link"));
            }
            var height = css switch { "ovsport" => 34, "ovsbridge" or "linuxbridge" => 26, _ => 22 };
            boxes.Add(new Box(key, cx - 65, y, 130, height, device, css));
            from = (key, y + height);
        }
    }

    private static string Short(string name) => name.Length > 14 ? name[..13] + "…" : name.Length == 0 ? "(no name)" : name;
}
