using Dashboard.Core.Common;

namespace Dashboard.Core.Ipam;

/// <summary>
/// Neutron's address scope: a set of subnet pools of one IP version whose prefixes do not overlap, so addresses within
/// it are unique. A project's pools join its own scopes or shared ones.
/// </summary>
public sealed class AddressScope : ProjectResource
{
    public override string ResourceName => "address_scope";

    public string Name { get; set; } = "";
    public required int IpVersion { get; init; }
    public bool Shared { get; internal set; }
}
