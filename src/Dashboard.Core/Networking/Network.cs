using Dashboard.Core.Common;

namespace Dashboard.Core.Networking;

public sealed class Network : ProjectResource
{
    public override string ResourceName => "network";

    public string Name { get; set; } = "";
    public bool AdminStateUp { get; set; } = true;
    public bool Shared { get; set; }

    /// <summary><c>router:external</c>.</summary>
    public bool External { get; set; }
    public int Mtu { get; set; }

    /// <summary>The default of <c>port_security_enabled</c> for ports created on this network.</summary>
    public bool PortSecurityEnabled { get; set; } = true;
    public string Status { get; set; } = NetworkStatus.Active;

    /// <summary><c>provider:network_type</c>.</summary>
    public required string NetworkType { get; init; }

    /// <summary><c>provider:physical_network</c>.</summary>
    public string? PhysicalNetwork { get; init; }

    /// <summary><c>provider:segmentation_id</c>.</summary>
    public long? SegmentationId { get; init; }

    public List<Subnet> Subnets { get; } = [];

    /// <summary>The availability zones the network's DHCP agents are to be chosen in (<c>availability_zone_hints</c>; set at creation).</summary>
    public List<string> AvailabilityZoneHints { get; init; } = [];
}

public static class NetworkStatus
{
    public const string Active = "ACTIVE";
    public const string Down = "DOWN";
    public const string Build = "BUILD";
    public const string Error = "ERROR";
}
