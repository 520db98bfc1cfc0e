using Dashboard.Core.Common;

namespace Dashboard.Core.Routers;

/// <summary>
/// A floating IP: an address of an external network, held by a port of its own
/// (<c>device_owner</c> <c>network:floatingip</c>), and, when associated, NATed by the router that
/// joins the external network to the fixed IP's subnet (DNAT in, SNAT out on its <c>qg-</c> port).
/// </summary>
public sealed class FloatingIp : ProjectResource
{
    public override string ResourceName => "floatingip";

    public required string FloatingNetworkId { get; init; }
    public required string FloatingIpAddress { get; init; }

    /// <summary>The port holding <see cref="FloatingIpAddress"/> on the external network.</summary>
    public required string FloatingPortId { get; init; }

    /// <summary>The associated port; null when the address is not associated.</summary>
    public string? PortId { get; internal set; }
    public string? FixedIpAddress { get; internal set; }

    /// <summary>The router doing the NAT, found when associated.</summary>
    public string? RouterId { get; internal set; }

    /// <summary>ACTIVE once the router's L3 agent has set up the NAT; DOWN when not associated or its agent is dead.</summary>
    public string Status { get; internal set; } = FloatingIpStatus.Down;

    public bool IsAssociated => PortId is not null;

    /// <summary>A new association: DOWN until the router's L3 agent has set its NAT up.</summary>
    internal void Associate(string portId, string fixedIp, string routerId) =>
        (PortId, FixedIpAddress, RouterId, Status) = (portId, fixedIp, routerId, FloatingIpStatus.Down);

    internal void Disassociate() => (PortId, FixedIpAddress, RouterId, Status) = (null, null, null, FloatingIpStatus.Down);
}

public static class FloatingIpStatus
{
    public const string Active = "ACTIVE";
    public const string Down = "DOWN";
    public const string Error = "ERROR";
}
