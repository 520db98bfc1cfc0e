using System.Net;
using System.Net.Sockets;
using Dashboard.Core.Agents;
using Dashboard.Core.Errors;
using Dashboard.Core.Hosts;
using Dashboard.Core.Ipam;
using Dashboard.Core.Networking;
using Dashboard.Core.Persistence;
using Dashboard.Core.Routers;
using Microsoft.EntityFrameworkCore;

namespace Dashboard.Core.Dataplane;

/// <summary>What to trace: from an instance's port to an address or another port.</summary>
public sealed record TraceRequest(string SourcePortId, string? DestinationIp = null, string? DestinationPortId = null, string Protocol = "icmp", int? DestinationPort = null);

/// <summary>
/// One hop: a device on a host; for OVS bridges the table and the flow that matched with its
/// actions; the VLAN tag (or tunnel ID) the packet carries there; what happened.
/// </summary>
public sealed record TraceHop(string Host, string Device, string Kind, string Tag, string Detail, int? Table = null, string? Flow = null, string? Actions = null)
{
    /// <summary>On a wire hop the physical network, on a tunnel hop the tunnel type.</summary>
    public string? Medium { get; init; }
}

public static class TraceVerdicts
{
    public const string Delivered = "delivered";
    public const string Dropped = "dropped";
}

/// <summary>Why a packet was dropped.</summary>
public static class DropReasons
{
    public const string SecurityGroup = "security_group";
    public const string PortDown = "port_down";
    public const string AgentDead = "agent_dead";
    public const string NoRoute = "no_route";
    public const string DifferentNetworks = "different_networks";
    public const string IsolatedVlan = "isolated_vlan";
}

public sealed record TraceResult(string Verdict, string? ReasonCode, string Reason, string SourceIp, string DestinationIp, IReadOnlyList<TraceHop> Hops)
{
    /// <summary>The reply's way back (with conntrack's state for an allowed connection); null unless the request was delivered.</summary>
    public TraceResult? Reply { get; init; }

    public bool Delivered => Verdict == TraceVerdicts.Delivered;
}

/// <summary>
/// Walks a packet through the model's data path hop by hop, as OpenStack carries it: the VM's tap,
/// its qbr (egress security groups, stateful), the qvb/qvo veth, then each OVS bridge's flow tables
/// (<see cref="FlowTables"/>, run by <see cref="FlowPipeline"/>), patch ports, the NIC and the wire
/// (or br-tun and a tunnel) to the other host, and up again to the destination's qbr (ingress
/// security groups) and tap. Between subnets it goes through the router that joins them, modelled
/// as a distributed router whose <c>qr-</c> port sits on the source host's br-int.
/// </summary>
public sealed class PacketTracer(Transactions transactions, AgentLiveness liveness, DataplaneCache cache)
{
    private static readonly Dictionary<string, int> ProtocolNumbers = new() { ["icmp"] = 1, ["tcp"] = 6, ["udp"] = 17 };

    public Task<TraceResult> TraceAsync(TraceRequest request, CancellationToken ct = default) =>
        transactions.ReadAsync(async db =>
        {
            var protocol = CheckRequest(request);
            var source = await LoadPortAsync(db, request.SourcePortId, "source_port_id", ct);
            if (source.DeviceOwner != DeviceOwners.Compute)
            {
                throw new InvalidInputException($"port {source.Id} is not an instance's port (device_owner {source.DeviceOwner})") { Attribute = "source_port_id" };
            }
            var sourceIp = source.FixedIps.Select(a => a.IpAddress).FirstOrDefault(IsV4)
                ?? throw new InvalidInputException($"port {source.Id} has no IPv4 address") { Attribute = "source_port_id" };

            Port? destination;
            string destinationIp;
            if (request.DestinationPortId is { } destinationId)
            {
                destination = await LoadPortAsync(db, destinationId, "destination_port_id", ct);
                destinationIp = destination.FixedIps.Select(a => a.IpAddress).FirstOrDefault(IsV4)
                    ?? throw new InvalidInputException($"port {destination.Id} has no IPv4 address") { Attribute = "destination_port_id" };
            }
            else
            {
                destinationIp = IpMath.Canonical(request.DestinationIp!, "destination_ip");
                var ip = destinationIp;
                var owners = await db.IpAllocations.Where(a => a.IpAddress == ip).Select(a => new { a.PortId, a.NetworkId }).ToListAsync(ct);
                var owner = owners.FirstOrDefault(o => o.NetworkId == source.NetworkId) ?? owners.FirstOrDefault();
                destination = owner is null ? null : await LoadPortAsync(db, owner.PortId, "destination_ip", ct);
            }
            if (destination is not null && destination.DeviceOwner != DeviceOwners.Compute)
            {
                throw new InvalidInputException($"{destinationIp} belongs to port {destination.Id} ({destination.DeviceOwner}); trace to an instance's port") { Attribute = "destination_ip" };
            }

            // The reply crosses the same hosts: both directions share what they read.
            var planes = new Dictionary<string, HostDataplane>(StringComparer.Ordinal);
            var forward = await new Walk(db, liveness, cache, planes, ct).RunAsync(source, sourceIp, destination, destinationIp, protocol, request.DestinationPort, established: false);
            if (forward.Delivered)
            {
                var reply = await new Walk(db, liveness, cache, planes, ct).RunAsync(destination!, destinationIp, source, sourceIp, protocol, null, established: true);
                forward = forward with { Reply = reply };
            }
            return forward;
        }, ct);

    private static int CheckRequest(TraceRequest request)
    {
        if (!ProtocolNumbers.TryGetValue(request.Protocol, out var protocol))
        {
            throw new InvalidInputException($"'{request.Protocol}' is not in ['icmp', 'tcp', 'udp']") { Attribute = "protocol" };
        }
        if ((request.DestinationIp is null) == (request.DestinationPortId is null))
        {
            throw new InvalidInputException("exactly one of destination_ip and destination_port_id is required") { Attribute = "destination_ip" };
        }
        if (protocol == 1 && request.DestinationPort is not null)
        {
            throw new InvalidInputException("destination_port is only for tcp and udp") { Attribute = "destination_port" };
        }
        if (protocol != 1 && request.DestinationPort is not (>= 1 and <= 65535))
        {
            throw new InvalidInputException($"destination_port 1-65535 is required for {request.Protocol}") { Attribute = "destination_port" };
        }
        return protocol;
    }

    private static async Task<Port> LoadPortAsync(NetworkDbContext db, string id, string attribute, CancellationToken ct) =>
        await db.Ports.AsNoTracking().Include(p => p.FixedIps).Include(p => p.SecurityGroups).AsSingleQuery().FirstOrDefaultAsync(p => p.Id == id, ct) // one port: one round trip
        ?? throw new NotFoundException("PortNotFound", $"Port {id} could not be found.");

    private static bool IsV4(string ip) => IPAddress.Parse(ip).AddressFamily == AddressFamily.InterNetwork;

    /// <summary>One direction of one trace: the hops so far and the data planes of the hosts it crossed.</summary>
    private sealed class Walk(NetworkDbContext db, AgentLiveness liveness, DataplaneCache cache, Dictionary<string, HostDataplane> planes, CancellationToken ct)
    {
        private const int MaxBridges = 32;
        private readonly List<TraceHop> _hops = [];
        private string _sourceIp = "";
        private string _destinationIp = "";

        public async Task<TraceResult> RunAsync(Port source, string sourceIp, Port? destination, string destinationIp, int protocol, int? destinationPort, bool established)
        {
            (_sourceIp, _destinationIp) = (sourceIp, destinationIp);
            var instances = await db.Instances.AsNoTracking()
                .Where(i => i.Id == source.DeviceId || (destination != null && i.Id == destination.DeviceId))
                .ToDictionaryAsync(i => i.Id, i => i.Name, ct);
            var sourceName = instances.GetValueOrDefault(source.DeviceId, source.Name.Length > 0 ? source.Name : source.Id);
            var what = protocol switch
            {
                1 => established ? "ICMP echo reply" : "ICMP echo request",
                6 => established ? "TCP reply" : $"TCP to port {destinationPort}",
                _ => established ? "UDP reply" : $"UDP to port {destinationPort}",
            };
            _hops.Add(new TraceHop(source.BindingHostId, sourceName, "vm", "untagged", $"{sourceIp} ({source.MacAddress}) -> {destinationIp}: {what}"));

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

            // Where the packet goes at L3: the same network, through a router, or nowhere.
            var sourceNetwork = await db.Networks.AsNoTracking().FirstAsync(n => n.Id == source.NetworkId, ct);
            var route = await PlanAsync(source, sourceIp, sourceNetwork, destination, destinationIp);
            if (route.DropCode is not null)
            {
                return Drop(route.DropCode, route.DropReason!);
            }
            var target = destination!;
            var targetNode = await NodeAsync(target.BindingHostId);

            HostNetwork? routedNetwork = null;
            if (route.Router is not null)
            {
                var existing = await db.LocalVlans.Where(v => v.HostName == sourceNode.Name).ToListAsync(ct);
                var vlan = existing.FirstOrDefault(v => v.NetworkId == target.NetworkId)?.Vlan
                    ?? Enumerable.Range(1, 4094).First(v => existing.All(e => e.Vlan != v));
                var network = await db.Networks.AsNoTracking().FirstAsync(n => n.Id == target.NetworkId, ct);
                routedNetwork = new HostNetwork(network.Id, network.Name, vlan, network.NetworkType, network.PhysicalNetwork, network.SegmentationId);
            }
            var sourcePlane = await PlaneAsync(sourceNode.Name, routedNetwork);
            var sourceVif = sourcePlane.Layout.Vifs.First(v => v.PortId == source.Id);
            var sourceFirewall = (await DataplaneService.FirewallPortsAsync(db, [source.Id], ct)).Single();
            var icmpType = protocol == 1 ? (established ? 0 : 8) : (int?)null;

            _hops.Add(new TraceHop(sourceNode.Name, sourceVif.Tap, "tap", "untagged", "the VM's NIC, plugged into its firewall bridge"));
            var egress = HybridFirewall.Evaluate(sourceFirewall, "egress", new FirewallPacket(protocol, destinationPort, icmpType, destinationIp, established)
            {
                RemoteGroups = await DataplaneService.GroupsOfAddressAsync(db, destinationIp, ct),
            });
            _hops.Add(FirewallHop(sourceNode.Name, sourceVif.Qbr, "egress", egress));
            if (!egress.Accepted)
            {
                return Drop(DropReasons.SecurityGroup, $"egress from {sourceName} denied: {egress.Explanation}");
            }
            _hops.Add(new TraceHop(sourceNode.Name, $"{sourceVif.Qvb} -> {sourceVif.Qvo}", "veth", "untagged", "veth pair from the firewall bridge to br-int"));
            _hops.Add(new TraceHop(sourceNode.Name, sourceVif.Qvo, "ovs-port", TagText(sourceVif.LocalVlan, true),
                sourceVif.LocalVlan == HostWiring.DeadVlan ? "access port on the dead VLAN: the port is administratively down" : $"access port of br-int, tag {sourceVif.LocalVlan}"));

            var firstHop = route.Router is null ? target.MacAddress : route.SourceInterface!.MacAddress;
            var arrived = await WalkBridgesAsync(sourceNode, source, target, route, routedNetwork, new PacketHeaders(source.MacAddress, firstHop, sourceVif.LocalVlan), sourceVif.Qvo);
            if (arrived is not { } at)
            {
                return _dropped!;
            }

            // Up the destination's side: qvo -> qvb -> qbr (ingress security groups) -> tap -> VM.
            var targetPlane = await PlaneAsync(targetNode.Name, null);
            var targetVif = targetPlane.Layout.Vifs.First(v => v.PortId == target.Id);
            var targetName = instances.GetValueOrDefault(target.DeviceId, target.Name.Length > 0 ? target.Name : target.Id);
            _hops.Add(new TraceHop(targetNode.Name, targetVif.Qvo, "ovs-port", TagText(at.Vlan ?? 0, true), $"br-int delivers to the destination's access port (tag {targetVif.LocalVlan}); the tag is removed"));
            if (target.Status != PortStatus.Active)
            {
                return Drop(DropReasons.PortDown, $"destination port {target.Id} is {target.Status}: not wired");
            }
            _hops.Add(new TraceHop(targetNode.Name, $"{targetVif.Qvo} -> {targetVif.Qvb}", "veth", "untagged", "veth pair from br-int to the firewall bridge"));
            var targetFirewall = (await DataplaneService.FirewallPortsAsync(db, [target.Id], ct)).Single();
            var ingress = HybridFirewall.Evaluate(targetFirewall, "ingress", new FirewallPacket(protocol, destinationPort, icmpType, sourceIp, established)
            {
                RemoteGroups = await DataplaneService.GroupsOfAddressAsync(db, sourceIp, ct),
            });
            _hops.Add(FirewallHop(targetNode.Name, targetVif.Qbr, "ingress", ingress));
            if (!ingress.Accepted)
            {
                return Drop(DropReasons.SecurityGroup, $"ingress to {targetName} denied: {ingress.Explanation}");
            }
            _hops.Add(new TraceHop(targetNode.Name, targetVif.Tap, "tap", "untagged", "into the VM's NIC"));
            _hops.Add(new TraceHop(targetNode.Name, targetName, "vm", "untagged", $"{destinationIp} ({target.MacAddress}) receives it"));
            return new TraceResult(TraceVerdicts.Delivered, null, $"delivered to {targetName} ({destinationIp})", _sourceIp, _destinationIp, _hops);
        }

        private TraceResult? _dropped;

        private TraceResult Drop(string code, string reason)
        {
            _dropped = new TraceResult(TraceVerdicts.Dropped, code, reason, _sourceIp, _destinationIp, _hops);
            return _dropped;
        }

        private sealed record Route(string? DropCode, string? DropReason, Router? Router = null, Port? SourceInterface = null, Port? TargetInterface = null, Subnet? TargetSubnet = null);

        private async Task<Route> PlanAsync(Port source, string sourceIp, Network sourceNetwork, Port? destination, string destinationIp)
        {
            var address = IPAddress.Parse(destinationIp);
            if (destination is not null && destination.NetworkId == source.NetworkId)
            {
                return new Route(null, null);
            }
            var ownSubnets = await db.Subnets.AsNoTracking().Where(s => s.NetworkId == source.NetworkId).ToListAsync(ct);
            if (ownSubnets.Any(s => s.Prefix.Contains(address)))
            {
                return new Route(DropReasons.NoRoute, $"no port has {destinationIp} on network {Label(sourceNetwork)}: nothing answers ARP for it");
            }
            var sourceSubnet = ownSubnets.FirstOrDefault(s => s.Prefix.Contains(IPAddress.Parse(sourceIp)));
            var interfaces = await db.Ports.AsNoTracking().Include(p => p.FixedIps)
                .Where(p => p.DeviceOwner == DeviceOwners.RouterInterface).ToListAsync(ct);
            var fromSource = interfaces.Where(p => p.NetworkId == source.NetworkId && p.FixedIps.Any(a => a.SubnetId == sourceSubnet?.Id)).ToList();
            foreach (var sourceInterface in fromSource.OrderBy(p => p.DeviceId, StringComparer.Ordinal))
            {
                var otherIds = interfaces.Where(p => p.DeviceId == sourceInterface.DeviceId && p.Id != sourceInterface.Id).ToList();
                var subnetIds = otherIds.SelectMany(p => p.FixedIps.Select(a => a.SubnetId)).ToList();
                var subnets = await db.Subnets.AsNoTracking().Where(s => subnetIds.Contains(s.Id)).ToListAsync(ct);
                var targetSubnet = subnets.FirstOrDefault(s => s.Prefix.Contains(address));
                if (targetSubnet is null)
                {
                    continue;
                }
                var router = await db.Routers.AsNoTracking().FirstAsync(r => r.Id == sourceInterface.DeviceId, ct);
                if (!router.AdminStateUp)
                {
                    return new Route(DropReasons.NoRoute, $"router {Label(router)} joins the subnets but is administratively down");
                }
                if (destination is null || destination.NetworkId != targetSubnet.NetworkId)
                {
                    return new Route(DropReasons.NoRoute, $"router {Label(router)} routes to {targetSubnet.Cidr}, but no port has {destinationIp} there");
                }
                var targetInterface = otherIds.First(p => p.FixedIps.Any(a => a.SubnetId == targetSubnet.Id));
                return new Route(null, null, router, sourceInterface, targetInterface, targetSubnet);
            }
            if (destination is not null)
            {
                return new Route(DropReasons.DifferentNetworks, $"{destinationIp} is on another network and no router joins subnet {sourceSubnet?.Cidr} to it");
            }
            if (sourceSubnet?.GatewayIp is null)
            {
                return new Route(DropReasons.NoRoute, $"subnet {sourceSubnet?.Cidr} has no gateway and {destinationIp} is not on it");
            }
            // A router with an external gateway would send it out there (SNAT): beyond what the model holds, so no instance receives it.
            var routerIds = fromSource.Select(p => p.DeviceId).ToList();
            var gateway = await db.Routers.AsNoTracking().Where(r => routerIds.Contains(r.Id) && r.GatewayNetworkId != null)
                .Join(db.Networks, r => r.GatewayNetworkId, n => n.Id, (r, n) => new { Router = r.Name, Network = n.Name }).FirstOrDefaultAsync(ct);
            return new Route(DropReasons.NoRoute, gateway is null
                ? $"no route to {destinationIp}: no router on {sourceSubnet.Cidr} reaches it"
                : $"no instance has {destinationIp}: router {gateway.Router} would send it out of its gateway on {gateway.Network} (SNAT), beyond the model");
        }

        /// <summary>Runs the packet through bridge after bridge until it reaches the target's qvo; null when it is dropped.</summary>
        private async Task<PacketHeaders?> WalkBridgesAsync(ComputeNode sourceNode, Port source, Port target, Route route, HostNetwork? routedNetwork, PacketHeaders headers, string inPort)
        {
            var host = sourceNode;
            var bridge = HostWiring.IntegrationBridge;
            var routed = false;
            var networkId = source.NetworkId;
            for (var crossed = 0; crossed < MaxBridges; crossed++)
            {
                var plane = await PlaneAsync(host.Name, host.Name == sourceNode.Name ? routedNetwork : null);
                var flows = plane.Flows.GetValueOrDefault(bridge, []);
                var layoutBridge = plane.Layout.Bridge(bridge)!;
                // From an access port (a qvo) the tables see the packet untagged; NORMAL applies the tag.
                var access = layoutBridge.Ports.FirstOrDefault(p => p.Name == inPort && p.Kind == OvsPortKind.Vif)?.Tag;
                var result = FlowPipeline.Run(flows, inPort, access is null ? headers : headers with { Vlan = null },
                    (from, packet) => Normal(plane, bridge, packet, target, routed ? null : route.SourceInterface), access);
                foreach (var step in result.Steps)
                {
                    _hops.Add(new TraceHop(host.Name, bridge, "ovs-bridge", TagOn(plane, networkId, step.After),
                        StepDetail(step, inPort), step.Flow.Table, step.Flow.ToString().Trim(), step.Flow.ActionsText));
                }
                if (result.Outputs.Count == 0)
                {
                    Drop(DropReasons.IsolatedVlan, IsolationReason(plane, bridge, inPort, headers, target));
                    return null;
                }
                var output = ChooseOutput(result.Outputs, plane, target);
                headers = output.Packet;
                if (output.Port.StartsWith("qr-", StringComparison.Ordinal) && route.Router is { } router)
                {
                    var localVlan = routedNetwork!.LocalVlan;
                    _hops.Add(new TraceHop(host.Name, output.Port, "router-port", TagText(headers.Vlan ?? 0, true), $"router {Label(router)}'s interface on this host's br-int (gateway {route.SourceInterface!.FixedIps[0].IpAddress})"));
                    _hops.Add(new TraceHop(host.Name, $"qrouter-{router.Id}", "router", "untagged",
                        $"{_destinationIp} is in {route.TargetSubnet!.Cidr}, directly connected: out of qr-{route.TargetInterface!.DeviceSuffix}, source MAC {route.TargetInterface.MacAddress}, destination MAC {target.MacAddress}"));
                    var egressPort = $"qr-{route.TargetInterface.DeviceSuffix}";
                    _hops.Add(new TraceHop(host.Name, egressPort, "router-port", TagText(localVlan, true), $"back into br-int on {routedNetwork.Name}'s local VLAN {localVlan}"));
                    headers = new PacketHeaders(route.TargetInterface.MacAddress, target.MacAddress, localVlan);
                    (inPort, routed, networkId) = (egressPort, true, target.NetworkId);
                    continue;
                }
                var port = layoutBridge.Ports.FirstOrDefault(p => p.Name == output.Port);
                switch (port?.Kind)
                {
                    case OvsPortKind.Vif when port.PortId == target.Id:
                        return headers;
                    case OvsPortKind.Patch:
                        var peerBridge = plane.Layout.Bridges.First(b => b.Ports.Any(p => p.Name == port.Peer));
                        _hops.Add(new TraceHop(host.Name, $"{port.Name} -> {port.Peer}", "patch", TagOn(plane, networkId, headers), $"patch port pair {bridge} -> {peerBridge.Name}"));
                        (bridge, inPort) = (peerBridge.Name, port.Peer!);
                        break;
                    case OvsPortKind.Physical:
                    {
                        var network = await db.Networks.AsNoTracking().FirstAsync(n => n.Id == networkId, ct);
                        var remote = await NodeAsync(target.BindingHostId);
                        _hops.Add(new TraceHop(host.Name, port.Name, "nic", WireTag(headers), $"physical NIC of {bridge} ({network.PhysicalNetwork})"));
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

        /// <summary>What the bridge's MAC learning knows: a local VIF on the packet's VLAN, the router's port, or the uplink the network leaves by.</summary>
        private static IReadOnlyList<string> Normal(HostDataplane plane, string bridge, PacketHeaders packet, Port target, Port? routerInterface)
        {
            var layout = plane.Layout;
            var ovs = layout.Bridge(bridge)!;
            if (ovs.Kind == BridgeKind.Provider)
            {
                var mapping = layout.Node.BridgeMappings.First(m => m.Bridge == bridge);
                return [mapping.Nic, mapping.ProviderPatch]; // the pipeline never sends a packet back where it came from
            }
            var vif = layout.Vifs.FirstOrDefault(v => string.Equals(v.MacAddress, packet.DestinationMac, StringComparison.OrdinalIgnoreCase));
            if (vif is not null)
            {
                return vif.LocalVlan == packet.Vlan ? [vif.Qvo] : [];
            }
            if (routerInterface is not null && string.Equals(routerInterface.MacAddress, packet.DestinationMac, StringComparison.OrdinalIgnoreCase))
            {
                return [$"qr-{routerInterface.DeviceSuffix}"];
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

        private static BridgeOutput ChooseOutput(IReadOnlyList<BridgeOutput> outputs, HostDataplane plane, Port target)
        {
            if (outputs.Count == 1)
            {
                return outputs[0];
            }
            // A flood (br-tun table 22, a provider bridge's NORMAL): follow the copy that reaches the destination's host.
            var tunnel = plane.Layout.TunnelNeighbours.FirstOrDefault(n => n.Host == target.BindingHostId)?.TunnelPort;
            return outputs.FirstOrDefault(o => o.Port == tunnel)
                ?? outputs.FirstOrDefault(o => plane.Layout.Node.BridgeMappings.Any(m => m.Nic == o.Port))
                ?? outputs[0];
        }

        private string IsolationReason(HostDataplane plane, string bridge, string inPort, PacketHeaders headers, Port target)
        {
            if (headers.Vlan == HostWiring.DeadVlan)
            {
                return "the source port is administratively down: its qvo is on the dead VLAN 4095, which br-int drops";
            }
            var vif = plane.Layout.Vifs.FirstOrDefault(v => v.PortId == target.Id);
            if (vif is not null && vif.LocalVlan == HostWiring.DeadVlan)
            {
                return "the destination port is administratively down: its qvo is on the dead VLAN 4095, so br-int has nowhere to switch the packet";
            }
            return $"{bridge} on {plane.Layout.Node.Name} has no flow forwarding {WireTag(headers)} from {inPort}";
        }

        private static string StepDetail(FlowStep step, string inPort) => step.Flow.Actions switch
        {
            [] => $"in_port {inPort}: dropped",
            _ => $"in_port {inPort}: {step.Flow.ActionsText}",
        };

        private static TraceHop FirewallHop(string host, string qbr, string direction, FirewallVerdict verdict) =>
            new(host, qbr, "linux-bridge", "untagged",
                $"{direction} security groups ({(verdict.Accepted ? "ACCEPT" : "DROP")}): {verdict.Explanation}" + (verdict.Deciding is { } entry ? $" [{entry.Line}]" : ""));

        private static string TagText(int vlan, bool local) => vlan == HostWiring.DeadVlan ? "dead VLAN 4095" : local ? $"local VLAN {vlan}" : $"VLAN {vlan}";

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
            return vlan == local || vlan == HostWiring.DeadVlan ? TagText(vlan, true) : $"VLAN {vlan} (segmentation ID)";
        }

        private async Task<HostDataplane> PlaneAsync(string host, HostNetwork? extra)
        {
            var key = host + "|" + extra?.NetworkId;
            if (!planes.TryGetValue(key, out var plane))
            {
                plane = await cache.GetAsync(db, host, extra, ct);
                planes[key] = plane;
            }
            return plane;
        }

        private async Task<ComputeNode> NodeAsync(string host) =>
            await db.ComputeNodes.AsNoTracking().FirstOrDefaultAsync(n => n.Name == host, ct)
            ?? throw new NotFoundException("HostNotFound", $"Compute node {host} could not be found.");

        private static string Label(Network n) => n.Name.Length > 0 ? n.Name : n.Id;

        private static string Label(Router r) => r.Name.Length > 0 ? r.Name : r.Id;
    }
}
