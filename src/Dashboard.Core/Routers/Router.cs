using Dashboard.Core.Common;
using Dashboard.Core.Ipam;

namespace Dashboard.Core.Routers;

public sealed class Router : ProjectResource
{
    public override string ResourceName => "router";

    public string Name { get; set; } = "";
    public bool AdminStateUp { get; set; } = true;
    public string Status { get; set; } = "ACTIVE";

    /// <summary><c>external_gateway_info.network_id</c>; null when no gateway is set.</summary>
    public string? GatewayNetworkId { get; internal set; }
    public bool EnableSnat { get; internal set; } = true;

    /// <summary>The host whose L3 agent hosts this router (its <c>qrouter-</c> namespace); null while no L3 agent could take it.</summary>
    public string? L3AgentHost { get; internal set; }

    /// <summary>The <c>extraroute</c> extension's static routes.</summary>
    public List<HostRoute> Routes { get; internal set; } = [];

    /// <summary>The availability zones the router's L3 agent is to be chosen in (<c>availability_zone_hints</c>; set at creation).</summary>
    public List<string> AvailabilityZoneHints { get; init; } = [];
}
