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

/// <summary>
/// What to trace: from an instance's port (or, with <see cref="ExternalSourceIp"/> and no port, from a
/// host on the outside of an external network) to an address or another port.
/// </summary>
public sealed record TraceRequest(string SourcePortId, string? DestinationIp = null, string? DestinationPortId = null, string Protocol = "icmp", int? DestinationPort = null)
{
    /// <summary>An address beyond an external network (the internet): the packet enters the cloud by that network's wire.</summary>
    public string? ExternalSourceIp { get; init; }
}

/// <summary>
/// One hop: a device on a host; for OVS bridges the table and the flow that matched with its
/// actions; the VLAN tag (or tunnel ID) the packet carries there; what happened.
/// </summary>
public sealed record TraceHop(string Host, string Device, string Kind, string Tag, string Detail, int? Table = null, string? Flow = null, string? Actions = null)
{
    /// <summary>On a wire hop the physical network, on a tunnel hop the tunnel type.</summary>
    public string? Medium { get; init; }

    /// <summary>
    /// On the first bridge hop of each host the packet enters: the packet as it comes into that bridge,
    /// so the same packet can be put through the host's real switch (<c>ofproto/trace</c>).
    /// </summary>
    public TraceProbe? Probe { get; init; }
}

/// <summary>
/// A packet as it enters a bridge in the model's walk: the port, its Ethernet header (with the VLAN or
/// tunnel ID it carries there) and its IP header as it is at that point (after any NAT).
/// </summary>
public sealed record TraceProbe(string Bridge, string InPort, PacketHeaders Headers, string SourceIp, string DestinationIp, int Protocol, int? IcmpType, int? DestinationPort)
{
    /// <summary>The packet in Open vSwitch's flow syntax, as <c>ovs-appctl ofproto/trace</c> takes it.</summary>
    public string OvsFlow()
    {
        var fields = new List<string>
        {
            Protocol switch { 1 => "icmp", 6 => "tcp", _ => "udp" },
            $"in_port={InPort}", $"dl_src={Headers.SourceMac}", $"dl_dst={Headers.DestinationMac}",
        };
        if (Headers.Vlan is { } vlan)
        {
            fields.Add($"dl_vlan={vlan}");
        }
        if (Headers.TunnelId is { } tunnel)
        {
            fields.Add($"tun_id=0x{tunnel:x}");
        }
        fields.AddRange([$"nw_src={SourceIp}", $"nw_dst={DestinationIp}", "nw_ttl=64"]);
        fields.AddRange(Protocol == 1 ? [$"icmp_type={IcmpType ?? 8}", "icmp_code=0"] : [$"tp_dst={DestinationPort}"]);
        return string.Join(',', fields);
    }
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

    /// <summary>The router is administratively down, hosted by no L3 agent, or its L3 agent is dead.</summary>
    public const string RouterDown = "router_down";

    /// <summary>The router has no external gateway to send the packet out of.</summary>
    public const string NoGateway = "no_gateway";

    /// <summary>An external network's address that no floating IP associates with an instance.</summary>
    public const string NoFloatingIp = "no_floating_ip";

    /// <summary>The router does not route between subnets of different address scopes (unless NATed).</summary>
    public const string AddressScope = "address_scope";
}

public sealed record TraceResult(string Verdict, string? ReasonCode, string Reason, string SourceIp, string DestinationIp, IReadOnlyList<TraceHop> Hops)
{
    /// <summary>The reply's way back (with conntrack's state for an allowed connection); null unless the request was delivered between two instances.</summary>
    public TraceResult? Reply { get; init; }

    public bool Delivered => Verdict == TraceVerdicts.Delivered;
}

/// <summary>
/// Walks a packet through the model's data path hop by hop, as OpenStack carries it: the VM's tap,
/// its qbr (egress security groups, stateful), the qvb/qvo veth, then each OVS bridge's flow tables
/// (<see cref="FlowTables"/>, run by <see cref="FlowPipeline"/>), patch ports, the NIC and the wire
/// (or br-tun and a tunnel) to the other host, and up again to the destination's qbr (ingress
/// security groups) and tap. Between subnets, and to and from the outside, it goes to the router's
/// <c>qrouter-</c> namespace on the host of its L3 agent (the network node): in by a qr-/qg- port,
/// routed and NATed there as the L3 agent's rules say (SNAT out of qg-, DNAT of a floating IP in),
/// and out again by another port.
/// </summary>
public sealed class PacketTracer(Transactions transactions, AgentLiveness liveness, DataplaneCache cache)
{
    private static readonly Dictionary<string, int> ProtocolNumbers = new() { ["icmp"] = 1, ["tcp"] = 6, ["udp"] = 17 };

    public Task<TraceResult> TraceAsync(TraceRequest request, CancellationToken ct = default) =>
        transactions.ReadAsync(async db =>
        {
            var protocol = CheckRequest(request);
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
                destination = null;
            }

            var planes = new Dictionary<string, HostDataplane>(StringComparer.Ordinal);
            if (request.ExternalSourceIp is { } outsideIp)
            {
                var from = IpMath.Canonical(outsideIp, "source_ip");
                if (destination is not null)
                {
                    throw new InvalidInputException("from the outside, trace to an address (a floating IP), not to a port") { Attribute = "destination_port_id" };
                }
                return await new TraceWalk(db, liveness, cache, planes, ct).FromOutsideAsync(from, destinationIp, protocol, request.DestinationPort);
            }

            var source = await LoadPortAsync(db, request.SourcePortId, "source_port_id", ct);
            if (source.DeviceOwner != DeviceOwners.Compute)
            {
                throw new InvalidInputException($"port {source.Id} is not an instance's port (device_owner {source.DeviceOwner})") { Attribute = "source_port_id" };
            }
            var sourceIp = source.FixedIps.Select(a => a.IpAddress).FirstOrDefault(IsV4)
                ?? throw new InvalidInputException($"port {source.Id} has no IPv4 address") { Attribute = "source_port_id" };
            if (destination is null)
            {
                var ip = destinationIp;
                var owners = await db.IpAllocations.Where(a => a.IpAddress == ip).Select(a => new { a.PortId, a.NetworkId }).ToListAsync(ct);
                var owner = owners.FirstOrDefault(o => o.NetworkId == source.NetworkId) ?? owners.FirstOrDefault();
                destination = owner is null ? null : await LoadPortAsync(db, owner.PortId, "destination_ip", ct);
                // A floating IP, a router's address or any other Neutron port's: reached through the router, not as an instance.
                if (destination is not null && destination.DeviceOwner != DeviceOwners.Compute)
                {
                    destination = null;
                }
            }
            else if (destination.DeviceOwner != DeviceOwners.Compute)
            {
                throw new InvalidInputException($"{destinationIp} belongs to port {destination.Id} ({destination.DeviceOwner}); trace to an instance's port") { Attribute = "destination_ip" };
            }

            var forward = await new TraceWalk(db, liveness, cache, planes, ct).FromInstanceAsync(source, sourceIp, destination, destinationIp, protocol, request.DestinationPort, established: false);
            if (forward.Delivered && destination is not null && forward.Hops[^1].Kind == "vm")
            {
                var reply = await new TraceWalk(db, liveness, cache, planes, ct).FromInstanceAsync(destination, destinationIp, source, sourceIp, protocol, null, established: true);
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

}
