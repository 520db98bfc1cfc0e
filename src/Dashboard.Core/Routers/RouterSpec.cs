using Dashboard.Core.Ipam;
using Dashboard.Core.Networking;

namespace Dashboard.Core.Routers;

/// <summary><c>external_gateway_info</c>: the external network, SNAT, and optionally the gateway's fixed IPs.</summary>
public sealed record GatewayInfo(string NetworkId, bool? EnableSnat = null, IReadOnlyList<FixedIpRequest>? FixedIps = null);

public sealed record RouterSpec(string ProjectId, string Name = "")
{
    public string? Description { get; init; }
    public bool AdminStateUp { get; init; } = true;
    public GatewayInfo? ExternalGateway { get; init; }

    /// <summary>The availability zones its L3 agent is to be chosen in (<c>availability_zone_hints</c>).</summary>
    public IReadOnlyList<string>? AvailabilityZoneHints { get; init; }
}

/// <summary>
/// A router update: null leaves the attribute as it is. <see cref="ExternalGateway"/> with
/// <see cref="ClearGateway"/> false sets or changes the gateway; <see cref="ClearGateway"/> removes it.
/// </summary>
public sealed record RouterChanges
{
    public string? Name { get; init; }
    public string? Description { get; init; }
    public bool? AdminStateUp { get; init; }
    public GatewayInfo? ExternalGateway { get; init; }
    public bool ClearGateway { get; init; }
    public IReadOnlyList<HostRoute>? Routes { get; init; }
}

/// <summary>One router interface: its port and the subnet it joins.</summary>
public sealed record RouterInterface(string RouterId, string PortId, string SubnetId, string NetworkId, string IpAddress, string ProjectId);
