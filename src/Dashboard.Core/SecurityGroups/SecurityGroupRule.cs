using Dashboard.Core.Common;
using Dashboard.Core.Errors;
using Dashboard.Core.Ipam;

namespace Dashboard.Core.SecurityGroups;

public sealed class SecurityGroupRule : ProjectResource
{
    public override string ResourceName => "security_group_rule";

    public required string SecurityGroupId { get; init; }
    public required string Direction { get; init; }
    public required string EtherType { get; init; }

    /// <summary>A protocol name (tcp, udp, icmp...) or number as a string; null for any.</summary>
    public string? Protocol { get; init; }
    public int? PortRangeMin { get; init; }
    public int? PortRangeMax { get; init; }
    public string? RemoteIpPrefix { get; init; }
    public string? RemoteGroupId { get; init; }

    /// <summary>Same traffic, same remote: Neutron's notion of a duplicate rule.</summary>
    public bool SameAs(SecurityGroupRule other) =>
        Direction == other.Direction && EtherType == other.EtherType && Protocol == other.Protocol
        && PortRangeMin == other.PortRangeMin && PortRangeMax == other.PortRangeMax
        && RemoteIpPrefix == other.RemoteIpPrefix && RemoteGroupId == other.RemoteGroupId;

    /// <summary>Validates and normalises a rule as Neutron's security group extension does.</summary>
    public static SecurityGroupRule Create(string projectId, string securityGroupId, SecurityGroupRuleSpec spec)
    {
        var direction = spec.Direction;
        if (direction is not ("ingress" or "egress"))
        {
            throw new InvalidInputException($"'{direction}' is not in ['ingress', 'egress']") { Attribute = "direction" };
        }
        var ethertype = spec.EtherType ?? "IPv4";
        if (ethertype is not ("IPv4" or "IPv6"))
        {
            throw new InvalidInputException($"'{ethertype}' is not in ['IPv4', 'IPv6']") { Attribute = "ethertype" };
        }
        var protocol = Protocols.Normalise(spec.Protocol);
        var (min, max) = (spec.PortRangeMin, spec.PortRangeMax);
        if (min is not null || max is not null)
        {
            if (protocol is null)
            {
                throw new InvalidInputException("Must also specify protocol if port range is given.", "SecurityGroupProtocolRequiredWithPorts");
            }
            if (Protocols.IsIcmp(protocol))
            {
                foreach (var (attribute, field, value) in new[] { ("port_range_min", "type", min), ("port_range_max", "code", max) })
                {
                    if (value is < 0 or > 255)
                    {
                        throw new InvalidInputException($"Invalid value for ICMP {field} ({attribute}) {value}. It must be 0 to 255.", "SecurityGroupInvalidIcmpValue") { Attribute = attribute };
                    }
                }
                if (min is null && max is not null)
                {
                    throw new InvalidInputException($"ICMP code (port-range-max) {max} is provided but ICMP type (port-range-min) is missing.", "SecurityGroupMissingIcmpType") { Attribute = "port_range_min" };
                }
            }
            else if (Protocols.HasPorts(protocol))
            {
                // Neutron's messages: a value no port can have (0, or out of range), then a range that is not one.
                foreach (var (attribute, value) in new[] { ("port_range_min", min), ("port_range_max", max) })
                {
                    if (value is <= 0 or > 65535)
                    {
                        throw new InvalidInputException($"Invalid value for port {value}", "SecurityGroupInvalidPortValue") { Attribute = attribute };
                    }
                }
                if (min is null || max is null || min > max)
                {
                    throw new InvalidInputException("For TCP/UDP protocols, port_range_min must be <= port_range_max", "SecurityGroupInvalidPortRange") { Attribute = "port_range_max" };
                }
            }
            else
            {
                throw new InvalidInputException($"Port range is not supported for protocol {protocol}; only tcp, udp, sctp, dccp, udplite and icmp.", "SecurityGroupInvalidProtocolForPortRange");
            }
        }
        string? prefix = null;
        if (!string.IsNullOrEmpty(spec.RemoteIpPrefix))
        {
            if (spec.RemoteGroupId is not null)
            {
                throw new InvalidInputException("Only remote_ip_prefix or remote_group_id may be provided.", "SecurityGroupRemoteGroupAndRemoteIpPrefix");
            }
            var cidr = Cidr.Parse(spec.RemoteIpPrefix, "remote_ip_prefix");
            if ($"IPv{cidr.IpVersion}" != ethertype)
            {
                throw new InvalidInputException($"Conflicting value ethertype {ethertype} for CIDR {spec.RemoteIpPrefix}", "SecurityGroupRuleParameterConflict");
            }
            prefix = cidr.ToString();
        }
        return new SecurityGroupRule
        {
            ProjectId = projectId,
            SecurityGroupId = securityGroupId,
            Direction = direction,
            EtherType = ethertype,
            Protocol = protocol,
            PortRangeMin = min,
            PortRangeMax = max,
            RemoteIpPrefix = prefix,
            RemoteGroupId = spec.RemoteGroupId,
            Description = Names.Check(spec.Description, "description"),
        };
    }
}

public sealed record SecurityGroupRuleSpec(
    string Direction,
    string? EtherType = "IPv4",
    string? Protocol = null,
    int? PortRangeMin = null,
    int? PortRangeMax = null,
    string? RemoteIpPrefix = null,
    string? RemoteGroupId = null,
    string? Description = null);
