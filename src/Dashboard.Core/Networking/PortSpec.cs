namespace Dashboard.Core.Networking;

/// <summary>A requested fixed IP: a subnet (next free address), an address (its subnet is found), or both.</summary>
public sealed record FixedIpRequest(string? SubnetId = null, string? IpAddress = null);

/// <summary>
/// What a port create asks for. <see cref="FixedIps"/> null: one address from the network's first
/// subnet of each IP version that has room. <see cref="SecurityGroups"/> null: the project's default group.
/// </summary>
public sealed record PortSpec(string NetworkId, string ProjectId)
{
    public string Name { get; init; } = "";
    public string? Description { get; init; }
    public string? MacAddress { get; init; }
    public bool AdminStateUp { get; init; } = true;
    public IReadOnlyList<FixedIpRequest>? FixedIps { get; init; }
    public string DeviceId { get; init; } = "";
    public string DeviceOwner { get; init; } = "";
    public IReadOnlyList<string>? SecurityGroups { get; init; }
    /// <summary>Null: the network's <c>port_security_enabled</c>.</summary>
    public bool? PortSecurityEnabled { get; init; }
    public string? HostId { get; init; }

    /// <summary>Neutron's <c>allowed_address_pairs</c>; a pair without a MAC takes the port's.</summary>
    public IReadOnlyList<AddressPairRequest>? AllowedAddressPairs { get; init; }

    /// <summary>Neutron's <c>extra_dhcp_opts</c>; an option without a value is left out.</summary>
    public IReadOnlyList<ExtraDhcpOptRequest>? ExtraDhcpOpts { get; init; }

    /// <summary>False for the ports Neutron's agents make for themselves (DHCP, floating IP), which use no project's port quota.</summary>
    internal bool CountsAgainstQuota { get; init; } = true;
}

/// <summary>A port update: null leaves the attribute as it is; <see cref="HostId"/> "" unbinds.</summary>
public sealed record PortChanges
{
    public string? Name { get; init; }
    public string? Description { get; init; }
    public bool? AdminStateUp { get; init; }
    public IReadOnlyList<FixedIpRequest>? FixedIps { get; init; }
    public string? DeviceId { get; init; }
    public string? DeviceOwner { get; init; }
    public IReadOnlyList<string>? SecurityGroups { get; init; }
    public bool? PortSecurityEnabled { get; init; }
    public string? HostId { get; init; }
    public IReadOnlyList<AddressPairRequest>? AllowedAddressPairs { get; init; }

    /// <summary>A new MAC (an admin's change, only while the port is unbound).</summary>
    public string? MacAddress { get; init; }

    /// <summary>Merged into the port's options as Neutron does: a name (per IP version) it has gets the new value, or is removed when the value is null; a new name is added.</summary>
    public IReadOnlyList<ExtraDhcpOptRequest>? ExtraDhcpOpts { get; init; }
}

/// <summary>A requested DHCP option; a null value removes the option of that name and IP version.</summary>
public sealed record ExtraDhcpOptRequest(string OptName, string? OptValue, int IpVersion = 4);

/// <summary>A requested allowed address pair: an IP or CIDR, and a MAC (null: the port's own).</summary>
public sealed record AddressPairRequest(string IpAddress, string? MacAddress = null);

/// <summary>
/// Filters of the admin port table; null matches everything. <see cref="Text"/> is found in a port's name, ID, MAC
/// address or fixed IPs.
/// </summary>
public sealed record PortSearch(string? ProjectId = null, string? NetworkId = null, string? Host = null, string? Status = null, string? Text = null);
