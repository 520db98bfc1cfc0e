using Dashboard.Core.Common;
using Dashboard.Core.Errors;
using Dashboard.Core.Hosts;
using Dashboard.Core.Ipam;
using Dashboard.Core.Persistence;
using Dashboard.Core.Quotas;
using Dashboard.Core.SecurityGroups;
using Microsoft.EntityFrameworkCore;

namespace Dashboard.Core.Networking;

public sealed class PortService(Transactions transactions, QuotaService quotas)
{
    public Task<List<Port>> ListAsync(string? networkId = null, string? deviceId = null, CancellationToken ct = default) =>
        transactions.ReadAsync(db => WithDetails(db.Ports)
            .Where(p => (networkId == null || p.NetworkId == networkId) && (deviceId == null || p.DeviceId == deviceId))
            .OrderBy(p => p.Name).ThenBy(p => p.Id).ToListAsync(ct), ct);

    /// <summary>The ports with these IDs (those that exist), read in one query.</summary>
    public Task<List<Port>> GetManyAsync(IReadOnlyCollection<string> ids, CancellationToken ct = default) =>
        ids.Count == 0 ? Task.FromResult(new List<Port>())
        : transactions.ReadAsync(db => WithDetails(db.Ports).Where(p => ids.Contains(p.Id)).ToListAsync(ct), ct);

    /// <summary>A project's own ports.</summary>
    public Task<List<Port>> ListOfProjectAsync(string projectId, CancellationToken ct = default) =>
        transactions.ReadAsync(db => WithDetails(db.Ports).Where(p => p.ProjectId == projectId)
            .OrderBy(p => p.Name).ThenBy(p => p.Id).ToListAsync(ct), ct);

    /// <summary>A page of ports for an admin table, filtered and cut in the database, with the total count.</summary>
    public Task<(List<Port> Items, int Total)> SearchAsync(PortSearch search, int skip, int take, CancellationToken ct = default) =>
        transactions.ReadAsync(async db =>
        {
            var ports = db.Ports.AsQueryable();
            ports = search.ProjectId is { } project ? ports.Where(p => p.ProjectId == project) : ports;
            ports = search.NetworkId is { } network ? ports.Where(p => p.NetworkId == network) : ports;
            ports = search.Host is { } host ? ports.Where(p => p.BindingHostId == host) : ports;
            ports = search.Status is { } status ? ports.Where(p => p.Status == status) : ports;
            if (!string.IsNullOrWhiteSpace(search.Text))
            {
                // Case-insensitive on every provider (PostgreSQL's LIKE is not), and the text is taken literally.
                var text = search.Text.Trim().ToLowerInvariant();
                ports = ports.Where(p => p.Name.ToLower().Contains(text) || p.Id.Contains(text) || p.MacAddress.Contains(text)
                    || p.FixedIps.Any(a => a.IpAddress.Contains(text)));
            }
            var total = await ports.CountAsync(ct);
            var items = await WithDetails(ports.OrderBy(p => p.NetworkId).ThenBy(p => p.Id).Skip(skip).Take(take)).ToListAsync(ct);
            return (items, total);
        }, ct);

    /// <summary>One page of the API's list, cut in the database (keyset on id), with each port's addresses and groups.</summary>
    public Task<List<Port>> ListPageAsync(PortQuery q, CancellationToken ct = default) =>
        transactions.ReadAsync(async db =>
        {
            var ports = db.Ports.AsQueryable();
            ports = q.VisibleTo is { } project ? ports.Where(p => p.ProjectId == project) : ports;
            ports = q.Ids is { } ids ? ports.Where(p => ids.Contains(p.Id)) : ports;
            ports = q.Names is { } names ? ports.Where(p => names.Contains(p.Name)) : ports;
            ports = q.NetworkIds is { } networks ? ports.Where(p => networks.Contains(p.NetworkId)) : ports;
            ports = q.ProjectIds is { } projects ? ports.Where(p => projects.Contains(p.ProjectId)) : ports;
            ports = q.DeviceIds is { } devices ? ports.Where(p => devices.Contains(p.DeviceId)) : ports;
            ports = q.DeviceOwners is { } owners ? ports.Where(p => owners.Contains(p.DeviceOwner)) : ports;
            ports = q.Statuses is { } statuses ? ports.Where(p => statuses.Contains(p.Status)) : ports;
            ports = q.MacAddresses is { } macs ? ports.Where(p => macs.Contains(p.MacAddress)) : ports;
            ports = q.AdminStateUp is { } up ? ports.Where(p => p.AdminStateUp == up) : ports;
            var page = await WithDetails(await ports.PageAsync(db.Ports, q.Marker, q.Reverse, q.Limit, ct)).ToListAsync(ct);
            if (q.Reverse)
            {
                page.Reverse();
            }
            return page;
        }, ct);

    /// <summary>How many ports are in each status, counted in the database.</summary>
    public Task<Dictionary<string, int>> CountByStatusAsync(CancellationToken ct = default) =>
        transactions.ReadAsync(db => db.Ports.GroupBy(p => p.Status).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, ct), ct);

    public Task<Port> GetAsync(string id, CancellationToken ct = default) =>
        transactions.ReadAsync(db => FindAsync(db, id, ct), ct);

    public Task<Port> CreateAsync(PortSpec spec, CancellationToken ct = default) =>
        transactions.WriteAsync(db => CreatePortAsync(db, spec, ct), ct);

    public Task<Port> UpdateAsync(string id, PortChanges changes, long? expectedRevision = null, CancellationToken ct = default) =>
        transactions.WriteAsync(async db =>
        {
            var port = await FindAsync(db, id, ct);
            Revisions.Check(port, expectedRevision);
            if (changes.Name is not null)
            {
                port.Name = Names.Check(changes.Name, "name");
            }
            if (changes.Description is not null)
            {
                port.Description = Names.Check(changes.Description, "description");
            }
            port.DeviceId = changes.DeviceId is null ? port.DeviceId : Names.Check(changes.DeviceId, "device_id");
            port.DeviceOwner = changes.DeviceOwner is null ? port.DeviceOwner : Names.Check(changes.DeviceOwner, "device_owner");
            if (changes.PortSecurityEnabled is false && port.PortSecurityEnabled && changes.SecurityGroups is null && port.SecurityGroups.Count > 0)
            {
                // As Neutron: turning the anti-spoofing off does not take the groups off unasked (Horizon's form sends both).
                throw new ConflictException("PortSecurityPortHasSecurityGroup",
                    "Port has security group associated. Cannot disable port security or ip address until security group is removed.");
            }
            port.PortSecurityEnabled = changes.PortSecurityEnabled ?? port.PortSecurityEnabled;
            if (changes.MacAddress is not null && MacAddresses.Normalise(changes.MacAddress) != port.MacAddress)
            {
                await ChangeMacAsync(db, port, changes.MacAddress, ct);
            }
            if (changes.AdminStateUp is { } up && up != port.AdminStateUp)
            {
                port.AdminStateUp = up;
                port.Status = !up ? PortStatus.Down : port.IsBound ? PortStatus.Build : port.Status;
                port.StatusReason = up ? "admin state up" : "admin state down";
            }
            if (changes.FixedIps is not null)
            {
                db.IpAllocations.RemoveRange(port.FixedIps);
                port.FixedIps.Clear();
                await db.SaveChangesAsync(ct);
                await AllocateIpsAsync(db, port, changes.FixedIps, ct);
            }
            if (changes.AllowedAddressPairs is not null)
            {
                port.AllowedAddressPairs = AddressPairs(port, changes.AllowedAddressPairs);
            }
            if (changes.ExtraDhcpOpts is not null)
            {
                port.ExtraDhcpOpts = ExtraDhcpOptions.Merge(port.ExtraDhcpOpts, changes.ExtraDhcpOpts);
            }
            CheckAddressPairsAllowed(port);
            if (changes.SecurityGroups is not null || changes.PortSecurityEnabled is not null)
            {
                var groups = changes.SecurityGroups ?? port.SecurityGroups.Select(g => g.SecurityGroupId).ToList();
                port.SecurityGroups.Clear();
                await AttachSecurityGroupsAsync(db, port, groups, explicitly: changes.SecurityGroups is not null, ct);
            }
            if (changes.HostId is not null && changes.HostId != port.BindingHostId)
            {
                if (changes.HostId == "")
                {
                    await PortBinder.UnbindAsync(db, port, ct);
                }
                else
                {
                    await PortBinder.BindAsync(db, port, changes.HostId, ct);
                }
            }
            return port;
        }, ct);

    /// <summary>
    /// An agent's report: the admin-up ports bound to <paramref name="host"/> whose status is one of
    /// <paramref name="from"/>, and that <paramref name="which"/> picks (by default every one), move to
    /// <paramref name="to"/>. Returns how many moved.
    /// </summary>
    public Task<int> TransitionHostPortsAsync(string host, IReadOnlyCollection<string> from, string to, string reason, CancellationToken ct = default, Func<Port, bool>? which = null) =>
        TransitionAsync(host, null, from, to, reason, which, ct);

    /// <summary>An agent's report about given ports: those (admin-up, bound to <paramref name="host"/>) in one of <paramref name="from"/> move to <paramref name="to"/>.</summary>
    /// <paramref name="which"/> is asked inside the write, after every earlier write committed (an agent stopped meanwhile is seen stopped).
    public Task<int> TransitionPortsAsync(string host, IReadOnlyCollection<string> portIds, IReadOnlyCollection<string> from, string to, string reason, CancellationToken ct = default, Func<Port, bool>? which = null) =>
        TransitionAsync(host, portIds, from, to, reason, which, ct);

    /// <summary>The one transition both reports make: an OVS-bound, admin-up port of the host, in one of <paramref name="from"/>, moves to <paramref name="to"/>.</summary>
    private Task<int> TransitionAsync(string host, IReadOnlyCollection<string>? portIds, IReadOnlyCollection<string> from, string to, string reason, Func<Port, bool>? which, CancellationToken ct) =>
        transactions.WriteAsync(async db =>
        {
            var candidates = db.Ports.Where(p => p.BindingHostId == host && p.VifType == VifTypes.Ovs && p.AdminStateUp && from.Contains(p.Status));
            if (portIds is not null)
            {
                candidates = candidates.Where(p => portIds.Contains(p.Id));
            }
            var moving = (await candidates.ToListAsync(ct)).Where(which ?? (_ => true)).ToList();
            foreach (var port in moving)
            {
                (port.Status, port.StatusReason) = (to, reason);
            }
            return moving.Count;
        }, ct);

    /// <summary>Deletes a port. Router ports belong to their router: remove them through it.</summary>
    public Task DeleteAsync(string id, long? expectedRevision = null, CancellationToken ct = default) =>
        transactions.WriteAsync(async db =>
        {
            var port = await FindAsync(db, id, ct);
            Revisions.Check(port, expectedRevision);
            if (DeviceOwners.IsL3(port.DeviceOwner))
            {
                throw new InUseException("L3PortInUse",
                    $"Port {id} cannot be deleted directly via the port API: has device owner {port.DeviceOwner}.");
            }
            await DeletePortAsync(db, port, ct);
        }, ct);

    internal async Task<Port> CreatePortAsync(NetworkDbContext db, PortSpec spec, CancellationToken ct)
    {
        var network = await NetworkService.FindAsync(db, spec.NetworkId, ct);
        if (spec.ProjectId != "" && spec.CountsAgainstQuota)
        {
            await quotas.CheckAsync(db, spec.ProjectId, QuotaResources.Port, ct: ct);
        }
        var port = new Port
        {
            ProjectId = spec.ProjectId,
            NetworkId = network.Id,
            Name = Names.Check(spec.Name, "name"),
            Description = Names.Check(spec.Description, "description"),
            MacAddress = await ChooseMacAsync(db, spec.MacAddress, ct),
            AdminStateUp = spec.AdminStateUp,
            DeviceId = Names.Check(spec.DeviceId, "device_id"),
            DeviceOwner = Names.Check(spec.DeviceOwner, "device_owner"),
            PortSecurityEnabled = spec.PortSecurityEnabled ?? network.PortSecurityEnabled,
        };
        if (port.DeviceOwner == DeviceOwners.FloatingIp)
        {
            port.Status = PortStatus.NotApplicable;
        }
        port.AllowedAddressPairs = AddressPairs(port, spec.AllowedAddressPairs ?? []);
        port.ExtraDhcpOpts = ExtraDhcpOptions.Merge([], spec.ExtraDhcpOpts ?? []);
        CheckAddressPairsAllowed(port);
        db.Ports.Add(port);
        await db.SaveChangesAsync(ct);
        await AllocateIpsAsync(db, port, spec.FixedIps, ct);
        await AttachSecurityGroupsAsync(db, port, spec.SecurityGroups, explicitly: spec.SecurityGroups is not null, ct);
        if (!string.IsNullOrEmpty(spec.HostId))
        {
            await PortBinder.BindAsync(db, port, spec.HostId, ct);
        }
        await db.SaveChangesAsync(ct);
        return port;
    }

    /// <summary>Deletes a port; floating IPs associated with it are disassociated first, as Neutron's L3 plugin does.</summary>
    internal static async Task DeletePortAsync(NetworkDbContext db, Port port, CancellationToken ct)
    {
        foreach (var floatingIp in await db.FloatingIps.Where(f => f.PortId == port.Id).ToListAsync(ct))
        {
            floatingIp.Disassociate();
        }
        await PortBinder.UnbindAsync(db, port, ct);
        db.Ports.Remove(port);
        await db.SaveChangesAsync(ct);
    }

    internal static IQueryable<Port> WithDetails(IQueryable<Port> ports) =>
        ports.Include(p => p.FixedIps).Include(p => p.SecurityGroups).AsSplitQuery();

    internal static async Task<Port> FindAsync(NetworkDbContext db, string id, CancellationToken ct) =>
        await WithDetails(db.Ports).FirstOrDefaultAsync(p => p.Id == id, ct) ?? throw NotFoundException.Of("port", id);

    // An unbound port's MAC changes (a bound one's is the VM's NIC): unique as a new one is, its EUI-64 addresses made anew from it.
    private static async Task ChangeMacAsync(NetworkDbContext db, Port port, string requested, CancellationToken ct)
    {
        var mac = MacAddresses.Normalise(requested);
        if (port.IsBound)
        {
            throw new ConflictException("PortBound",
                $"Unable to complete operation on port {port.Id}, port is already bound, port type: {port.VifType}, old_mac {port.MacAddress}, new_mac {mac}.");
        }
        port.MacAddress = await ChooseMacAsync(db, mac, ct);
        var subnetIds = port.FixedIps.Select(a => a.SubnetId).ToList();
        var auto = await db.Subnets.Where(s => subnetIds.Contains(s.Id)).ToListAsync(ct);
        foreach (var subnet in auto.Where(s => s.IsAutoAddress))
        {
            var old = port.FixedIps.Single(a => a.SubnetId == subnet.Id);
            db.IpAllocations.Remove(old);
            port.FixedIps.Remove(old);
            port.FixedIps.Add(new IpAllocation { PortId = port.Id, SubnetId = subnet.Id, NetworkId = port.NetworkId, IpAddress = Ipv6Modes.Eui64(subnet.Prefix, mac) });
        }
    }

    private static async Task<string> ChooseMacAsync(NetworkDbContext db, string? requested, CancellationToken ct)
    {
        if (requested is not null)
        {
            var mac = MacAddresses.Normalise(requested);
            if (await db.Ports.AnyAsync(p => p.MacAddress == mac, ct))
            {
                throw new ConflictException("MacAddressInUse", $"Unable to complete operation for network. The mac address {mac} is in use.");
            }
            return mac;
        }
        for (var attempt = 0; attempt < 16; attempt++)
        {
            var mac = MacAddresses.Random();
            if (!await db.Ports.AnyAsync(p => p.MacAddress == mac, ct))
            {
                return mac;
            }
        }
        throw new ConflictException("MacAddressGenerationFailure", "Unable to generate unique mac.");
    }

    internal static async Task AllocateIpsAsync(NetworkDbContext db, Port port, IReadOnlyList<FixedIpRequest>? requests, CancellationToken ct)
    {
        var subnets = await db.Subnets.Where(s => s.NetworkId == port.NetworkId).OrderBy(s => s.CreatedAt).ThenBy(s => s.Id).ToListAsync(ct);
        // On a SLAAC or stateless DHCPv6 subnet a port makes its own address from its MAC (EUI-64); every such subnet
        // gives one to every port but a router's, which are given addresses as on any subnet.
        var routerPort = port.DeviceOwner == DeviceOwners.RouterInterface;
        var auto = routerPort ? [] : subnets.Where(s => s.IsAutoAddress).ToList();
        // Once per subnet: a port that has its address there already (a DHCP port given a new subnet) keeps it.
        async Task AddAutoAddressesAsync()
        {
            foreach (var subnet in auto.Where(s => port.FixedIps.All(f => f.SubnetId != s.Id)))
            {
                await AddIpAsync(db, port, subnet, Ipv6Modes.Eui64(subnet.Prefix, port.MacAddress), ct);
            }
        }
        if (requests is null)
        {
            await AddAutoAddressesAsync();
            foreach (var version in subnets.Except(auto).Select(s => s.IpVersion).Distinct())
            {
                string? ip = null;
                foreach (var subnet in subnets.Except(auto).Where(s => s.IpVersion == version))
                {
                    ip = await IpAllocator.NextFreeAsync(db, subnet, ct);
                    if (ip is not null)
                    {
                        await AddIpAsync(db, port, subnet, ip, ct);
                        break;
                    }
                }
                if (ip is null)
                {
                    throw IpAllocator.Exhausted(port.NetworkId);
                }
            }
            return;
        }
        var mayTakeGateway = routerPort;
        foreach (var request in requests)
        {
            Subnet subnet;
            if (request.SubnetId is not null)
            {
                subnet = subnets.FirstOrDefault(s => s.Id == request.SubnetId)
                    ?? throw new InvalidInputException($"Failed to create port on network {port.NetworkId}, because fixed_ips included invalid subnet {request.SubnetId}.") { Attribute = "fixed_ips" };
            }
            else if (request.IpAddress is not null)
            {
                var address = IpMath.ParseAddress(request.IpAddress, "fixed_ips");
                subnet = subnets.FirstOrDefault(s => s.Prefix.Contains(address))
                    ?? throw new InvalidInputException($"IP address {request.IpAddress} is not a valid IP for any subnet on network {port.NetworkId}.", "InvalidIpForNetwork") { Attribute = "fixed_ips" };
            }
            else
            {
                throw new InvalidInputException("fixed_ips entries need a subnet_id or an ip_address") { Attribute = "fixed_ips" };
            }
            if (auto.Contains(subnet))
            {
                if (request.IpAddress is not null)
                {
                    throw new InvalidInputException($"IPv6 address {request.IpAddress} cannot be directly assigned to a port on subnet {subnet.Id} as the subnet is configured for automatic addresses",
                        "AllocationOnAutoAddressSubnet") { Attribute = "fixed_ips" };
                }
                continue; // its EUI-64 address is added below, once
            }
            var ip = request.IpAddress is null
                ? await IpAllocator.NextFreeAsync(db, subnet, ct) ?? throw IpAllocator.Exhausted(port.NetworkId)
                : await IpAllocator.CheckRequestedAsync(db, subnet, request.IpAddress, mayTakeGateway, ct);
            await AddIpAsync(db, port, subnet, ip, ct);
        }
        await AddAutoAddressesAsync();
    }

    private static async Task AddIpAsync(NetworkDbContext db, Port port, Subnet subnet, string ip, CancellationToken ct)
    {
        port.FixedIps.Add(new IpAllocation { PortId = port.Id, SubnetId = subnet.Id, NetworkId = port.NetworkId, IpAddress = ip });
        await db.SaveChangesAsync(ct);
    }

    /// <summary>The pairs as stored: addresses and CIDRs in canonical form, MACs lower-case (the port's when not given), each once.</summary>
    private static List<AddressPair> AddressPairs(Port port, IReadOnlyList<AddressPairRequest> requests)
    {
        var pairs = new List<AddressPair>();
        foreach (var request in requests)
        {
            var ip = PairAddress(request.IpAddress);
            var mac = (request.MacAddress ?? port.MacAddress).Trim().ToLowerInvariant();
            var pair = new AddressPair(ip, mac);
            if (pairs.Contains(pair))
            {
                throw new InvalidInputException($"Request contains duplicate address pair: mac_address {mac} ip_address {ip}.", "DuplicateAddressPairInRequest")
                {
                    Attribute = "allowed_address_pairs",
                    Reason = $"{ip} ({mac}) is given twice.",
                };
            }
            pairs.Add(pair);
        }
        return pairs;
    }

    // An address in canonical form; a CIDR kept as given once it parses (Neutron does not narrow it to its network).
    private static string PairAddress(string text)
    {
        var trimmed = text.Trim();
        if (!trimmed.Contains('/'))
        {
            return IpMath.Canonical(trimmed, "allowed_address_pairs");
        }
        _ = Ipam.Cidr.Parse(trimmed, "allowed_address_pairs");
        return trimmed;
    }

    // Neutron's rule: address pairs only on a port whose security is on (they widen its anti-spoofing).
    private static void CheckAddressPairsAllowed(Port port)
    {
        if (!port.PortSecurityEnabled && port.AllowedAddressPairs.Count > 0)
        {
            throw new ConflictException("AddressPairAndPortSecurityRequired",
                "Port Security must be enabled in order to have allowed address pairs on a port.");
        }
    }

    /// <summary>
    /// Compute and user ports get security groups (the project's default when none are named);
    /// Neutron's own network:* ports and ports without port security get none.
    /// </summary>
    private static async Task AttachSecurityGroupsAsync(NetworkDbContext db, Port port, IReadOnlyList<string>? groupIds, bool explicitly, CancellationToken ct)
    {
        if (!port.PortSecurityEnabled || port.DeviceOwner.StartsWith("network:", StringComparison.Ordinal))
        {
            if (explicitly && groupIds is { Count: > 0 })
            {
                throw new ConflictException("PortSecurityAndIPRequiredForSecurityGroups",
                    "Port security must be enabled and port must have an IP address in order to use security groups.");
            }
            return;
        }
        var ids = groupIds?.Distinct().ToList()
            ?? [await SecurityGroupService.EnsureDefaultIdAsync(db, port.ProjectId, ct)];
        foreach (var id in ids)
        {
            if (!await db.SecurityGroups.AnyAsync(g => g.Id == id && (g.ProjectId == port.ProjectId || port.ProjectId == ""), ct))
            {
                throw NotFoundException.Of("security group", id);
            }
            port.SecurityGroups.Add(new PortSecurityGroup { PortId = port.Id, SecurityGroupId = id });
        }
    }
}
