using Dashboard.Core.Common;
using Dashboard.Core.Ipam;

namespace Dashboard.Core.Networking;

public sealed class Port : ProjectResource
{
    public override string ResourceName => "port";

    public required string NetworkId { get; init; }
    public string Name { get; set; } = "";
    public required string MacAddress { get; set; }
    public bool AdminStateUp { get; set; } = true;
    public string Status { get; internal set; } = PortStatus.Down;
    public string DeviceId { get; set; } = "";
    public string DeviceOwner { get; set; } = "";
    public bool PortSecurityEnabled { get; set; } = true;

    /// <summary><c>binding:host_id</c>; empty when unbound.</summary>
    public string BindingHostId { get; private set; } = "";

    /// <summary><c>binding:vif_type</c>: <c>unbound</c>, <c>ovs</c>, or <c>binding_failed</c>.</summary>
    public string VifType { get; private set; } = VifTypes.Unbound;

    public List<IpAllocation> FixedIps { get; } = [];
    public List<PortSecurityGroup> SecurityGroups { get; } = [];

    /// <summary>Neutron's <c>allowed_address_pairs</c>: other addresses (or CIDRs) the port may send from, each with a MAC (its own by default).</summary>
    public List<AddressPair> AllowedAddressPairs { get; internal set; } = [];

    /// <summary>Neutron's <c>extra_dhcp_opts</c>: DHCP options the network's dnsmasq gives this port alone (PXE boot, an MTU), each name once per IP version.</summary>
    public List<ExtraDhcpOpt> ExtraDhcpOpts { get; internal set; } = [];

    /// <summary><c>binding:vif_details</c>, as the OVS mechanism driver reports them for the hybrid plug.</summary>
    public IReadOnlyDictionary<string, object> VifDetails => VifType == VifTypes.Ovs
        ? new Dictionary<string, object> { ["port_filter"] = true, ["ovs_hybrid_plug"] = true, ["bridge_name"] = "br-int" }
        : new Dictionary<string, object>();

    /// <summary>The first 11 characters of the ID, as Nova and the OVS agent name the VIF devices.</summary>
    public string DeviceSuffix => Id[..11];

    internal void BindTo(string host) =>
        (BindingHostId, VifType, Status, StatusReason) = (host, VifTypes.Ovs, AdminStateUp ? PortStatus.Build : PortStatus.Down, AdminStateUp ? $"bound to {host}" : "admin state down");

    internal void FailBinding(string host) =>
        (BindingHostId, VifType, Status, StatusReason) = (host, VifTypes.BindingFailed, PortStatus.Error, $"binding to {host} failed: unknown or disabled host, or no bridge mapping for the network");

    internal void Unbind() => (BindingHostId, VifType, Status, StatusReason) = ("", VifTypes.Unbound, PortStatus.Down, "unbound");

    /// <summary>Why the status last changed; not stored, carried to the change's event.</summary>
    public string StatusReason { get; internal set; } = "created";

    public bool IsBound => VifType == VifTypes.Ovs;
}

public sealed class PortSecurityGroup
{
    public required string PortId { get; init; }
    public required string SecurityGroupId { get; init; }
}

public static class PortStatus
{
    public const string Down = "DOWN";
    public const string Build = "BUILD";
    public const string Active = "ACTIVE";
    public const string Error = "ERROR";

    /// <summary>A floating IP's port: never plugged anywhere, so it has no status (Neutron shows N/A).</summary>
    public const string NotApplicable = "N/A";
}

public static class VifTypes
{
    public const string Unbound = "unbound";
    public const string Ovs = "ovs";
    public const string BindingFailed = "binding_failed";
}

/// <summary>Neutron's <c>device_owner</c> values that the core treats specially.</summary>
public static class DeviceOwners
{
    public const string Dhcp = "network:dhcp";
    public const string RouterInterface = "network:router_interface";
    public const string RouterGateway = "network:router_gateway";
    public const string Compute = "compute:nova";
    public const string FloatingIp = "network:floatingip";

    /// <summary>Ports that belong to a router or a floating IP: removed through them, never through the port API.</summary>
    public static bool IsL3(string owner) => owner is RouterInterface or RouterGateway or FloatingIp;

    /// <summary>Ports that never block a network or subnet delete: Neutron deletes them itself.</summary>
    public static bool IsAutoDeleted(string owner) => owner == Dhcp;
}

/// <summary>An address (or CIDR) and MAC a port may send from besides its own, as a VIP or a VRRP pair does.</summary>
public sealed record AddressPair(string IpAddress, string MacAddress);

/// <summary>A DHCP option for one port: dnsmasq's name (<c>bootfile-name</c>) or number (<c>67</c>), its value ("" for the blank-able <c>router</c> and <c>classless-static-route</c>), and the DHCP it is for (4 or 6).</summary>
public sealed record ExtraDhcpOpt(string OptName, string OptValue, int IpVersion);
