using System.Net;
using Dashboard.Core.Agents;
using Dashboard.Core.Hosts;
using Dashboard.Core.Ipam;
using Dashboard.Core.Networking;
using Dashboard.Core.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Dashboard.Core.Dataplane;

/// <summary>
/// One direction of one trace: legs through bridges and wires from one device to the next (an
/// instance's qvo, or a router's qr-/qg- port on its L3 agent's host, or the outside), and between
/// legs the router's namespace, which routes and NATs as the L3 agent's rules say.
/// </summary>
internal sealed class TraceWalk(NetworkDbContext db, AgentLiveness liveness, DataplaneCache cache, Dictionary<string, HostDataplane> planes, CancellationToken ct)
{
    private const int MaxBridges = 32;
    private const int MaxRouters = 4;

    /// <summary>The upstream router beyond an external network is outside the model: a unicast MAC no port of the cloud has.</summary>
    private const string OutsideMac = "00:00:5e:00:01:01";
    private const string Outside = "outside";

    private readonly List<TraceHop> _hops = [];
    private string _sourceIp = "";
    private string _destinationIp = "";
    private TraceResult? _dropped;

    /// <summary>The packet's IP addresses as they are now (the router's NAT rewrites them).</summary>
    private string _src = "";
    private string _dst = "";
    private int _protocol;
    private int? _destinationPort;
    private bool _established;

    /// <summary>Where a leg ends: an instance's qvo, a router's namespace port, or (Host "") the outside.</summary>
    private sealed record Target(string Host, string Device, string Mac, string NetworkId, Port? Vm = null, RouterNamespace? Router = null)
    {
        public bool IsOutside => Host == "";
    }

    private sealed record Arrival(ComputeNode? Node, PacketHeaders Headers);

    public async Task<TraceResult> FromInstanceAsync(Port source, string sourceIp, Port? destination, string destinationIp, int protocol, int? destinationPort, bool established)
    {
        (_sourceIp, _destinationIp, _src, _dst, _protocol, _destinationPort, _established) = (sourceIp, destinationIp, sourceIp, destinationIp, protocol, destinationPort, established);
        await LoadNamesAsync(source, destination);
        var sourceName = await NameOfAsync(source);
        _hops.Add(new TraceHop(source.BindingHostId, sourceName, "vm", "untagged", $"{sourceIp} ({source.MacAddress}) -> {destinationIp}: {What()}"));
        if (!source.IsBound)
        {
            return Drop(DropReasons.PortDown, $"source port {source.Id} is not bound to a host ({source.VifType})");
        }
        var sourceNode = await NodeAsync(source.BindingHostId);
        if (!liveness.IsAlive(sourceNode))
        {
            return Drop(DropReasons.AgentDead, $"the Open vSwitch agent on {sourceNode.Name} is dead: its ports are not wired");
        }
        if (source.AdminStateUp && source.Status != PortStatus.Active)
        {
            return Drop(DropReasons.PortDown, $"source port {source.Id} is {source.Status}: not wired yet");
        }

        // Where the VM sends it at L2: to the destination on its own network, or to its subnet's gateway (a router's qr- port).
        var sourceNetwork = await db.Networks.AsNoTracking().FirstAsync(n => n.Id == source.NetworkId, ct);
        Target target;
        if (destination is not null && destination.NetworkId == source.NetworkId)
        {
            target = VmTarget(destination);
        }
        else
        {
            var address = IPAddress.Parse(destinationIp);
            var ownSubnets = await db.Subnets.AsNoTracking().Where(s => s.NetworkId == source.NetworkId).ToListAsync(ct);
            if (ownSubnets.Any(s => s.Prefix.Contains(address)))
            {
                return Drop(DropReasons.NoRoute, $"no port has {destinationIp} on network {Label(sourceNetwork.Name, sourceNetwork.Id)}: nothing answers ARP for it");
            }
            var sourceSubnet = ownSubnets.FirstOrDefault(s => s.Prefix.Contains(IPAddress.Parse(sourceIp)));
            if (sourceSubnet?.GatewayIp is not { } gatewayIp)
            {
                return Drop(DropReasons.NoRoute, $"subnet {sourceSubnet?.Cidr} has no gateway and {destinationIp} is not on it");
            }
            var gateway = await db.Ports.AsNoTracking().Include(p => p.FixedIps)
                .FirstOrDefaultAsync(p => p.NetworkId == source.NetworkId && p.DeviceOwner == DeviceOwners.RouterInterface && p.FixedIps.Any(a => a.IpAddress == gatewayIp), ct);
            if (gateway is null)
            {
                return destination is not null
                    ? Drop(DropReasons.DifferentNetworks, $"{destinationIp} is on another network and no router joins subnet {sourceSubnet.Cidr} to it")
                    : Drop(DropReasons.NoRoute, $"no route to {destinationIp}: no router has {sourceSubnet.Cidr}'s gateway {gatewayIp}");
            }
            if (await RouterTargetAsync(gateway) is not { } routerPort)
            {
                return _dropped!;
            }
            target = routerPort;
        }

        var sourcePlane = await PlaneAsync(sourceNode.Name);
        var sourceVif = sourcePlane.Layout.Vifs.First(v => v.PortId == source.Id);
        var sourceFirewall = (await DataplaneService.FirewallPortsAsync(db, [source.Id], ct)).Single();
        _hops.Add(new TraceHop(sourceNode.Name, sourceVif.Tap, "tap", "untagged", "the VM's NIC, plugged into its firewall bridge"));
        var egress = HybridFirewall.Evaluate(sourceFirewall, "egress", new FirewallPacket(protocol, destinationPort, IcmpType(), destinationIp, established)
        {
            RemoteGroups = await DataplaneService.GroupsOfAddressAsync(db, destinationIp, ct),
        });
        _hops.Add(FirewallHop(sourceNode.Name, sourceVif.Qbr, "egress", egress));
        if (!egress.Accepted)
        {
            return Drop(DropReasons.SecurityGroup, $"egress from {sourceName} denied: {egress.Explanation}");
        }
        _hops.Add(new TraceHop(sourceNode.Name, $"{sourceVif.Qvb} -> {sourceVif.Qvo}", "veth", "untagged", "veth pair from the firewall bridge to br-int"));
        _hops.Add(new TraceHop(sourceNode.Name, sourceVif.Qvo, "ovs-port", TagText(sourceVif.LocalVlan),
            sourceVif.LocalVlan == HostWiring.DeadVlan ? "access port on the dead VLAN: the port is administratively down" : $"access port of br-int, tag {sourceVif.LocalVlan}"));
        var arrival = await LegAsync(sourceNode, HostWiring.IntegrationBridge, sourceVif.Qvo, new PacketHeaders(source.MacAddress, target.Mac, sourceVif.LocalVlan), source.NetworkId, target);
        return await FollowAsync(target, arrival);
    }

    /// <summary>From a host beyond an external network to one of its addresses: only a floating IP leads in.</summary>
    public async Task<TraceResult> FromOutsideAsync(string sourceIp, string destinationIp, int protocol, int? destinationPort)
    {
        (_sourceIp, _destinationIp, _src, _dst, _protocol, _destinationPort, _established) = (sourceIp, destinationIp, sourceIp, destinationIp, protocol, destinationPort, false);
        _hops.Add(new TraceHop(Outside, sourceIp, "outside", "untagged", $"{sourceIp}, beyond the external networks -> {destinationIp}: {What()}"));
        var floatingIp = await db.FloatingIps.AsNoTracking().FirstOrDefaultAsync(f => f.FloatingIpAddress == destinationIp, ct);
        var address = IPAddress.Parse(destinationIp);
        var externalSubnets = await db.Subnets.AsNoTracking().Join(db.Networks.Where(n => n.External), s => s.NetworkId, n => n.Id, (s, n) => s).ToListAsync(ct);
        if (floatingIp is null && !externalSubnets.Any(s => s.Prefix.Contains(address)))
        {
            return Drop(DropReasons.NoRoute, $"{destinationIp} is not an address of any external network: the cloud does not receive it");
        }
        if (floatingIp?.RouterId is null)
        {
            return Drop(DropReasons.NoFloatingIp, floatingIp is null
                ? $"{destinationIp} is no floating IP: nothing on the external network answers for it"
                : $"floating IP {destinationIp} is not associated with a port: no router NATs it");
        }
        var router = await db.Ports.AsNoTracking().Include(p => p.FixedIps)
            .FirstOrDefaultAsync(p => p.DeviceId == floatingIp.RouterId && p.DeviceOwner == DeviceOwners.RouterGateway, ct);
        if (router is null || await RouterTargetAsync(router) is not { } target)
        {
            return _dropped ?? Drop(DropReasons.NoGateway, $"the router of floating IP {destinationIp} has no gateway");
        }
        var network = await db.Networks.AsNoTracking().FirstAsync(n => n.Id == floatingIp.FloatingNetworkId, ct);
        var node = await NodeAsync(target.Host);
        var mapping = node.MappingFor(network.PhysicalNetwork);
        if (mapping is null)
        {
            return Drop(DropReasons.IsolatedVlan, $"{node.Name} has no bridge for physical network {network.PhysicalNetwork}");
        }
        var headers = new PacketHeaders(OutsideMac, target.Mac, network.NetworkType == Segmentation.NetworkTypes.Vlan ? (int?)network.SegmentationId : null);
        _hops.Add(new TraceHop($"{Outside} -> {node.Name}", $"{Outside} -> {mapping.Nic}", "wire", WireTag(headers), $"the external network {Label(network.Name, network.Id)} on {network.PhysicalNetwork}") { Medium = network.PhysicalNetwork });
        if (!liveness.IsAlive(node))
        {
            return Drop(DropReasons.AgentDead, $"the Open vSwitch agent on {node.Name} is dead: its ports are not wired");
        }
        _hops.Add(new TraceHop(node.Name, mapping.Nic, "nic", WireTag(headers), $"physical NIC of {mapping.Bridge}"));
        var arrival = await LegAsync(node, mapping.Bridge, mapping.Nic, headers, network.Id, target);
        return await FollowAsync(target, arrival);
    }

    /// <summary>After a leg: through routers as long as the packet reaches one, then into the instance or out of the cloud.</summary>
    private async Task<TraceResult> FollowAsync(Target target, Arrival? arrival)
    {
        for (var routers = 0; arrival is not null && target.Router is not null; routers++)
        {
            if (routers == MaxRouters)
            {
                return Drop(DropReasons.NoRoute, "the packet crossed too many routers (a routing loop)");
            }
            var next = await RouteAsync(target, arrival);
            if (next is null)
            {
                return _dropped!;
            }
            (target, arrival) = next.Value;
        }
        if (arrival is null)
        {
            return _dropped!;
        }
        if (target.IsOutside)
        {
            _hops.Add(new TraceHop(Outside, _dst, "outside", "untagged", $"{_dst} is beyond the external network: handed to its upstream router, from {_src}"));
            return new TraceResult(TraceVerdicts.Delivered, null, $"left the cloud for {_dst} from {_src}", _sourceIp, _destinationIp, _hops);
        }
        return await IntoVmAsync(target, arrival);
    }

    /// <summary>Up the destination's side: qvo -> qvb -> qbr (ingress security groups) -> tap -> VM.</summary>
    private async Task<TraceResult> IntoVmAsync(Target target, Arrival arrival)
    {
        var vm = target.Vm!;
        var node = arrival.Node!;
        var vif = (await PlaneAsync(node.Name)).Layout.Vifs.First(v => v.PortId == vm.Id);
        var name = await NameOfAsync(vm);
        _hops.Add(new TraceHop(node.Name, vif.Qvo, "ovs-port", TagText(arrival.Headers.Vlan ?? 0), $"br-int delivers to the destination's access port (tag {vif.LocalVlan}); the tag is removed"));
        if (vm.Status != PortStatus.Active)
        {
            return Drop(DropReasons.PortDown, $"destination port {vm.Id} is {vm.Status}: not wired");
        }
        _hops.Add(new TraceHop(node.Name, $"{vif.Qvo} -> {vif.Qvb}", "veth", "untagged", "veth pair from br-int to the firewall bridge"));
        var firewall = (await DataplaneService.FirewallPortsAsync(db, [vm.Id], ct)).Single();
        var ingress = HybridFirewall.Evaluate(firewall, "ingress", new FirewallPacket(_protocol, _destinationPort, IcmpType(), _src, _established)
        {
            RemoteGroups = await DataplaneService.GroupsOfAddressAsync(db, _src, ct),
        });
        _hops.Add(FirewallHop(node.Name, vif.Qbr, "ingress", ingress));
        if (!ingress.Accepted)
        {
            return Drop(DropReasons.SecurityGroup, $"ingress to {name} denied: {ingress.Explanation}");
        }
        _hops.Add(new TraceHop(node.Name, vif.Tap, "tap", "untagged", "into the VM's NIC"));
        _hops.Add(new TraceHop(node.Name, name, "vm", "untagged", $"{_dst} ({vm.MacAddress}) receives it from {_src}"));
        return new TraceResult(TraceVerdicts.Delivered, null, $"delivered to {name} ({_dst})", _sourceIp, _destinationIp, _hops);
    }

    /// <summary>
    /// In the router's namespace: DNAT of a floating IP it serves, the routing decision, SNAT out of its
    /// gateway; then the next leg's target (an instance, another router's qg-, or the outside). Null: dropped.
    /// </summary>
    private async Task<(Target, Arrival)?> RouteAsync(Target at, Arrival arrival)
    {
        var ns = at.Router!;
        var host = arrival.Node!;
        var inPort = ns.Ports.First(p => p.Name == at.Device);
        var label = Label(ns.RouterName, ns.RouterId);
        _hops.Add(new TraceHop(host.Name, inPort.Name, "router-port", TagText(arrival.Headers.Vlan ?? inPort.LocalVlan), $"into router {label}'s namespace ({string.Join(", ", inPort.Cidrs)})"));
        if (!ns.AdminStateUp)
        {
            Drop(DropReasons.RouterDown, $"router {label} is administratively down");
            return null;
        }
        var agent = await db.NetworkAgents.AsNoTracking().FirstOrDefaultAsync(a => a.Host == host.Name && a.AgentType == AgentTypes.L3, ct);
        if (agent is null || !liveness.IsAlive(agent))
        {
            Drop(DropReasons.RouterDown, $"the L3 agent on {host.Name} is dead: router {label}'s namespace is not maintained");
            return null;
        }
        if (inPort.Status != PortStatus.Active)
        {
            Drop(DropReasons.PortDown, $"router port {inPort.Name} is {inPort.Status}: not wired");
            return null;
        }
        var fromOutside = ns.Gateway is { } gw && gw.Name == inPort.Name;
        var dnatted = false;
        if (ns.FloatingIps.FirstOrDefault(f => f.FloatingIp == _dst) is { } dnat)
        {
            dnatted = true;
            _hops.Add(new TraceHop(host.Name, ns.Namespace, "nat", "untagged", $"DNAT {_dst} -> {dnat.FixedIp} [{L3AgentRouter.DnatRule(ns.Gateway!.Name, dnat.FloatingIp, dnat.FixedIp)}]"));
            _dst = dnat.FixedIp;
        }
        else if (fromOutside && L3AgentRouter.PortFor(_dst, [ns.Gateway!]) is not null)
        {
            Drop(DropReasons.NoFloatingIp, $"{_dst} is no floating IP of router {label}: nothing is NATed to it");
            return null;
        }

        // The routing table: a connected subnet, a static route, or the default route out of the gateway.
        var address = IPAddress.Parse(_dst);
        NamespacePort egress;
        NamespaceRoute? route;
        if (L3AgentRouter.PortFor(_dst, ns.Interfaces) is { } connected)
        {
            (egress, route) = (connected, ns.Routes.FirstOrDefault(r => r.Via is null && r.Device == connected.Name && r.Holds(address)));
        }
        else if (ns.Routes.FirstOrDefault(r => !r.IsDefault && r.Via is not null && r.Holds(address)) is { } staticRoute
                 && ns.Ports.FirstOrDefault(p => p.Name == staticRoute.Device) is { } routed)
        {
            (egress, route) = (routed, staticRoute);
        }
        else if (ns.Gateway is { } gateway && !fromOutside)
        {
            (egress, route) = (gateway, L3AgentRouter.PortFor(_dst, [gateway]) is null ? ns.Routes.FirstOrDefault(r => r.IsDefault)
                : ns.Routes.FirstOrDefault(r => r.Via is null && r.Device == gateway.Name && r.Holds(address)));
        }
        else
        {
            Drop(ns.Gateway is null ? DropReasons.NoGateway : DropReasons.NoRoute, ns.Gateway is null
                ? $"router {label} has no route to {_dst}: it has no external gateway"
                : $"router {label} has no route to {_dst}");
            return null;
        }
        var nexthop = route?.IsDefault == false ? route.Via : null;
        _hops.Add(new TraceHop(host.Name, ns.Namespace, "router", "untagged", $"{_dst}: {route?.ToString() ?? $"out of {egress.Name}"}"));
        if (egress != ns.Gateway && L3AgentRouter.BlocksBetweenScopes(inPort, egress, fromOutside, dnatted))
        {
            Drop(DropReasons.AddressScope, $"router {label} does not route from {inPort.Name} ({ScopeText(inPort)}) to {egress.Name} ({ScopeText(egress)}) "
                + $"[{L3AgentRouter.ScopeDropRule(inPort.Name, egress.Name, fromOutside)}]");
            return null;
        }

        if (egress == ns.Gateway && !fromOutside)
        {
            if (ns.FloatingIps.FirstOrDefault(f => f.FixedIp == _src) is { } own)
            {
                _hops.Add(new TraceHop(host.Name, ns.Namespace, "nat", "untagged", $"SNAT {_src} -> {own.FloatingIp} [{L3AgentRouter.FloatSnatRule(own.FloatingIp, own.FixedIp)}]"));
                _src = own.FloatingIp;
            }
            else if (ns.EnableSnat && L3AgentRouter.RoutedWithoutNat(inPort, egress)
                     && inPort.Cidrs.Select(c => Ipam.Cidr.Parse(c)).Where(c => c.Contains(IPAddress.Parse(_src))).Select(c => (Ipam.Cidr?)c).FirstOrDefault() is { } scoped)
            {
                _hops.Add(new TraceHop(host.Name, ns.Namespace, "nat", "untagged",
                    $"no SNAT: {_src} is in address scope {inPort.AddressScope}, as the external subnet is: leaves with {_src} [{L3AgentRouter.NoSnatRule(egress.Name, scoped.ToString())}]"));
            }
            else if (ns.EnableSnat)
            {
                var to = egress.Addresses[0];
                _hops.Add(new TraceHop(host.Name, ns.Namespace, "nat", "untagged", $"SNAT {_src} -> {to} [{L3AgentRouter.SnatRule(egress.Name, to)}]"));
                _src = to;
            }
            else
            {
                _hops.Add(new TraceHop(host.Name, ns.Namespace, "nat", "untagged", $"SNAT disabled on router {label}: leaves with {_src}"));
            }
        }
        _hops.Add(new TraceHop(host.Name, egress.Name, "router-port", TagText(egress.LocalVlan), $"out of router {label} into br-int on local VLAN {egress.LocalVlan}"));
        if (egress.Status != PortStatus.Active)
        {
            Drop(DropReasons.PortDown, $"router port {egress.Name} is {egress.Status}: not wired");
            return null;
        }

        var target = await NextTargetAsync(egress, nexthop ?? _dst, label);
        if (target is null)
        {
            return null;
        }
        var leg = await LegAsync(host, HostWiring.IntegrationBridge, egress.Name, new PacketHeaders(egress.MacAddress, target.Mac, egress.LocalVlan), egress.NetworkId, target);
        return leg is null ? null : (target, leg);
    }

    /// <summary>Who has <paramref name="ip"/> on the egress port's network: an instance, another router's gateway (a floating IP it serves), or, on an external network, the outside.</summary>
    private async Task<Target?> NextTargetAsync(NamespacePort egress, string ip, string routerLabel)
    {
        var holder = await db.Ports.AsNoTracking().Include(p => p.FixedIps).Include(p => p.SecurityGroups).AsSingleQuery()
            .FirstOrDefaultAsync(p => p.NetworkId == egress.NetworkId && p.FixedIps.Any(a => a.IpAddress == ip), ct);
        if (holder?.DeviceOwner == DeviceOwners.Compute)
        {
            return VmTarget(holder);
        }
        var external = await db.Networks.AsNoTracking().Where(n => n.Id == egress.NetworkId).Select(n => n.External).FirstAsync(ct);
        if (external)
        {
            // Another router's floating IP on the same external network: its qg- answers for it.
            var floating = await db.FloatingIps.AsNoTracking().FirstOrDefaultAsync(f => f.FloatingIpAddress == ip && f.FloatingNetworkId == egress.NetworkId && f.RouterId != null, ct);
            var gateway = floating is null ? null : await db.Ports.AsNoTracking().Include(p => p.FixedIps)
                .FirstOrDefaultAsync(p => p.DeviceId == floating.RouterId && p.DeviceOwner == DeviceOwners.RouterGateway, ct);
            return gateway is not null ? await RouterTargetAsync(gateway) : new Target("", "", OutsideMac, egress.NetworkId);
        }
        Drop(DropReasons.NoRoute, $"router {routerLabel} routes to {string.Join(", ", egress.Cidrs)}, but no instance has {ip} there");
        return null;
    }

    private static Target VmTarget(Port vm) =>
        new(vm.BindingHostId, $"qvo{vm.DeviceSuffix}", vm.MacAddress, vm.NetworkId, Vm: vm);

    /// <summary>A router's port as a leg's end: on its L3 agent's host, in its namespace. Null (dropped) when no L3 agent hosts the router.</summary>
    private async Task<Target?> RouterTargetAsync(Port routerPort)
    {
        var router = await db.Routers.AsNoTracking().FirstAsync(r => r.Id == routerPort.DeviceId, ct);
        if (router.L3AgentHost is not { } host)
        {
            Drop(DropReasons.RouterDown, $"router {Label(router.Name, router.Id)} is not hosted by any L3 agent: it has no namespace anywhere");
            return null;
        }
        var ns = (await PlaneAsync(host)).Layout.Routers.FirstOrDefault(r => r.RouterId == router.Id);
        var port = ns?.Ports.FirstOrDefault(p => p.PortId == routerPort.Id);
        if (ns is null || port is null)
        {
            Drop(DropReasons.RouterDown, $"router {Label(router.Name, router.Id)}'s port {routerPort.Id} is not plugged on {host}");
            return null;
        }
        return new Target(host, port.Name, port.MacAddress, port.NetworkId, Router: ns);
    }

    /// <summary>Runs the packet through bridge after bridge (and across wires and tunnels) until it reaches the target's device; null when it is dropped.</summary>
    private async Task<Arrival?> LegAsync(ComputeNode start, string bridge, string inPort, PacketHeaders headers, string networkId, Target target)
    {
        var host = start;
        var probing = true; // one probe per host entered: the real switch follows the patch ports itself
        for (var crossed = 0; crossed < MaxBridges; crossed++)
        {
            var plane = await PlaneAsync(host.Name);
            var flows = plane.Flows.GetValueOrDefault(bridge, []);
            var layoutBridge = plane.Layout.Bridge(bridge)!;
            // From an access port (a qvo, a namespace's internal port) the tables see the packet untagged; NORMAL applies the tag.
            var access = layoutBridge.Ports.FirstOrDefault(p => p.Name == inPort && p.Kind is OvsPortKind.Vif or OvsPortKind.Internal)?.Tag;
            var entering = access is null ? headers : headers with { Vlan = null };
            var result = FlowPipeline.Run(flows, inPort, entering, (_, packet) => Normal(plane, bridge, packet), access);
            var probe = probing ? new TraceProbe(bridge, inPort, entering, _src, _dst, _protocol, IcmpType(), _destinationPort) : null;
            probing = false;
            foreach (var step in result.Steps)
            {
                _hops.Add(new TraceHop(host.Name, bridge, "ovs-bridge", TagOn(plane, networkId, step.After),
                    step.Flow.Actions.Count == 0 ? $"in_port {inPort}: dropped" : $"in_port {inPort}: {step.Flow.ActionsText}", step.Flow.Table, step.Flow.ToString().Trim(), step.Flow.ActionsText) { Probe = probe });
                probe = null;
            }
            if (result.Outputs.Count == 0)
            {
                Drop(DropReasons.IsolatedVlan, IsolationReason(plane, bridge, inPort, headers, target));
                return null;
            }
            var output = ChooseOutput(result.Outputs, plane, target);
            headers = output.Packet;
            if (output.Port == target.Device && host.Name == target.Host)
            {
                return new Arrival(host, headers);
            }
            var port = layoutBridge.Ports.FirstOrDefault(p => p.Name == output.Port);
            switch (port?.Kind)
            {
                case OvsPortKind.Patch:
                    var peerBridge = plane.Layout.Bridges.First(b => b.Ports.Any(p => p.Name == port.Peer));
                    _hops.Add(new TraceHop(host.Name, $"{port.Name} -> {port.Peer}", "patch", TagOn(plane, networkId, headers), $"patch port pair {bridge} -> {peerBridge.Name}"));
                    (bridge, inPort) = (peerBridge.Name, port.Peer!);
                    break;
                case OvsPortKind.Physical:
                {
                    var network = await db.Networks.AsNoTracking().FirstAsync(n => n.Id == networkId, ct);
                    _hops.Add(new TraceHop(host.Name, port.Name, "nic", WireTag(headers), $"physical NIC of {bridge} ({network.PhysicalNetwork})"));
                    if (target.IsOutside)
                    {
                        _hops.Add(new TraceHop($"{host.Name} -> {Outside}", $"{port.Name} -> {Outside}", "wire", WireTag(headers), $"the external network {Label(network.Name, network.Id)} on {network.PhysicalNetwork}, to its upstream router") { Medium = network.PhysicalNetwork });
                        return new Arrival(null, headers);
                    }
                    var remote = await NodeAsync(target.Host);
                    var mapping = remote.MappingFor(network.PhysicalNetwork);
                    if (mapping is null)
                    {
                        Drop(DropReasons.IsolatedVlan, $"{remote.Name} has no bridge for physical network {network.PhysicalNetwork}");
                        return null;
                    }
                    _hops.Add(new TraceHop($"{host.Name} -> {remote.Name}", $"{port.Name} -> {mapping.Nic}", "wire", WireTag(headers), $"the physical network {network.PhysicalNetwork} between the hosts") { Medium = network.PhysicalNetwork });
                    if (!liveness.IsAlive(remote))
                    {
                        Drop(DropReasons.AgentDead, $"the Open vSwitch agent on {remote.Name} is dead: its ports are not wired");
                        return null;
                    }
                    _hops.Add(new TraceHop(remote.Name, mapping.Nic, "nic", WireTag(headers), $"physical NIC of {mapping.Bridge}"));
                    (host, bridge, inPort) = (remote, mapping.Bridge, mapping.Nic);
                    probing = true;
                    break;
                }
                case OvsPortKind.Tunnel:
                {
                    var remote = await db.ComputeNodes.AsNoTracking().FirstAsync(n => n.TunnelIp == port.RemoteIp, ct);
                    var type = port.Name[..port.Name.IndexOf('-')];
                    _hops.Add(new TraceHop($"{host.Name} -> {remote.Name}", port.Name, "tunnel", WireTag(headers), $"{type.ToUpperInvariant()} from {host.TunnelIp} to {remote.TunnelIp}") { Medium = type });
                    if (!liveness.IsAlive(remote))
                    {
                        Drop(DropReasons.AgentDead, $"the Open vSwitch agent on {remote.Name} is dead: its ports are not wired");
                        return null;
                    }
                    (host, bridge, inPort) = (remote, HostWiring.TunnelBridge, HostWiring.TunnelPortName(type, host.TunnelIp!));
                    probing = true;
                    break;
                }
                default:
                    Drop(DropReasons.IsolatedVlan, $"{bridge} sent the packet to {output.Port}, which does not lead to the destination");
                    return null;
            }
        }
        Drop(DropReasons.IsolatedVlan, "the packet crossed too many bridges (a loop in the flows)");
        return null;
    }

    /// <summary>What the bridge's MAC learning knows: a local VIF or namespace port on the packet's VLAN, or the uplink the network leaves by.</summary>
    private static IReadOnlyList<string> Normal(HostDataplane plane, string bridge, PacketHeaders packet)
    {
        var layout = plane.Layout;
        var ovs = layout.Bridge(bridge)!;
        if (ovs.Kind == BridgeKind.Provider)
        {
            var mapping = layout.Node.BridgeMappings.First(m => m.Bridge == bridge);
            return [mapping.Nic, mapping.ProviderPatch]; // the pipeline never sends a packet back where it came from
        }
        var local = layout.Vifs.Select(v => (v.MacAddress, v.LocalVlan, Port: v.Qvo))
            .Concat(layout.NamespacePorts.Select(p => (p.MacAddress, p.LocalVlan, Port: p.Name)))
            .FirstOrDefault(p => string.Equals(p.MacAddress, packet.DestinationMac, StringComparison.OrdinalIgnoreCase));
        if (local.Port is not null)
        {
            return local.LocalVlan == packet.Vlan ? [local.Port] : [];
        }
        var network = layout.Networks.FirstOrDefault(n => n.LocalVlan == packet.Vlan);
        if (network is null)
        {
            return [];
        }
        if (network.IsTunnel)
        {
            return ovs.Ports.Any(p => p.Name == "patch-tun") ? ["patch-tun"] : [];
        }
        return layout.Node.MappingFor(network.PhysicalNetwork) is { } uplink ? [uplink.IntegrationPatch] : [];
    }

    private static BridgeOutput ChooseOutput(IReadOnlyList<BridgeOutput> outputs, HostDataplane plane, Target target)
    {
        if (outputs.Count == 1)
        {
            return outputs[0];
        }
        // A flood (br-tun table 22, a provider bridge's NORMAL): follow the copy that reaches the target's host.
        var tunnel = plane.Layout.TunnelNeighbours.FirstOrDefault(n => n.Host == target.Host)?.TunnelPort;
        return outputs.FirstOrDefault(o => o.Port == tunnel)
            ?? outputs.FirstOrDefault(o => plane.Layout.Node.BridgeMappings.Any(m => m.Nic == o.Port))
            ?? outputs[0];
    }

    private static string IsolationReason(HostDataplane plane, string bridge, string inPort, PacketHeaders headers, Target target)
    {
        if (headers.Vlan == HostWiring.DeadVlan)
        {
            return "the source port is administratively down: its qvo is on the dead VLAN 4095, which br-int drops";
        }
        var vif = target.Vm is null ? null : plane.Layout.Vifs.FirstOrDefault(v => v.PortId == target.Vm.Id);
        if (vif is not null && vif.LocalVlan == HostWiring.DeadVlan)
        {
            return "the destination port is administratively down: its qvo is on the dead VLAN 4095, so br-int has nowhere to switch the packet";
        }
        return $"{bridge} on {plane.Layout.Node.Name} has no flow forwarding {WireTag(headers)} from {inPort}";
    }

    private TraceResult Drop(string code, string reason)
    {
        _dropped = new TraceResult(TraceVerdicts.Dropped, code, reason, _sourceIp, _destinationIp, _hops);
        return _dropped;
    }

    private string What() => _protocol switch
    {
        1 => _established ? "ICMP echo reply" : "ICMP echo request",
        6 => _established ? "TCP reply" : $"TCP to port {_destinationPort}",
        _ => _established ? "UDP reply" : $"UDP to port {_destinationPort}",
    };

    private int? IcmpType() => _protocol == 1 ? (_established ? 0 : 8) : null;

    /// <summary>Instance names by ID, read once per walk for the ports it knows of at its start.</summary>
    private Dictionary<string, string> _names = [];

    private async Task LoadNamesAsync(params Port?[] ports)
    {
        var ids = ports.Where(p => p is not null).Select(p => p!.DeviceId).ToList();
        _names = await db.Instances.AsNoTracking().Where(i => ids.Contains(i.Id)).ToDictionaryAsync(i => i.Id, i => i.Name, ct);
    }

    private async Task<string> NameOfAsync(Port port) =>
        _names.GetValueOrDefault(port.DeviceId)
        ?? await db.Instances.AsNoTracking().Where(i => i.Id == port.DeviceId).Select(i => i.Name).FirstOrDefaultAsync(ct)
        ?? (port.Name.Length > 0 ? port.Name : port.Id);

    private static TraceHop FirewallHop(string host, string qbr, string direction, FirewallVerdict verdict) =>
        new(host, qbr, "linux-bridge", "untagged",
            $"{direction} security groups ({(verdict.Accepted ? "ACCEPT" : "DROP")}): {verdict.Explanation}" + (verdict.Deciding is { } entry ? $" [{entry.Line}]" : ""));

    private static string TagText(int vlan) => vlan == HostWiring.DeadVlan ? "dead VLAN 4095" : $"local VLAN {vlan}";

    private static string WireTag(PacketHeaders headers) =>
        headers.Vlan is { } vlan ? $"VLAN {vlan}" : headers.TunnelId is { } tunnel ? $"tunnel ID {tunnel}" : "untagged";

    /// <summary>The tag as seen at a point: the network's local VLAN on br-int and br-tun's inside, the segment outside.</summary>
    private static string TagOn(HostDataplane plane, string networkId, PacketHeaders headers)
    {
        if (headers.Vlan is not { } vlan)
        {
            return headers.TunnelId is { } tunnel ? $"tunnel ID {tunnel}" : "untagged";
        }
        var local = plane.Layout.Networks.FirstOrDefault(n => n.NetworkId == networkId)?.LocalVlan;
        return vlan == local || vlan == HostWiring.DeadVlan ? TagText(vlan) : $"VLAN {vlan} (segmentation ID)";
    }

    private async Task<HostDataplane> PlaneAsync(string host)
    {
        if (!planes.TryGetValue(host, out var plane))
        {
            plane = await cache.GetAsync(db, host, ct);
            planes[host] = plane;
        }
        return plane;
    }

    private async Task<ComputeNode> NodeAsync(string host) =>
        await db.ComputeNodes.AsNoTracking().FirstOrDefaultAsync(n => n.Name == host, ct)
        ?? throw new Errors.NotFoundException("HostNotFound", $"Compute node {host} could not be found.");

    private static string Label(string name, string id) => name.Length > 0 ? name : id;

    private static string ScopeText(NamespacePort port) => port.AddressScope is { } scope ? $"address scope {scope}" : "no address scope";
}
