using Dashboard.Core.Ipam;
using Dashboard.Core.Networking;
using Dashboard.Core.Routers;

namespace Dashboard.Core.Hosts;

/// <summary>
/// What the L3 agent programs in a router's namespace, derived as Neutron's <c>router_info</c> does:
/// the routing table (connected subnets on their qr-/qg- ports, the router's static routes, the default
/// route via the external subnet's gateway) and the <c>neutron-l3-agent-*</c> NAT chains (SNAT of
/// everything leaving by qg- when <c>enable_snat</c>, but for subnets in the external subnet's address scope,
/// and per floating IP a DNAT in and an SNAT out).
/// </summary>
public static class L3AgentRouter
{
    public static RouterNamespace Build(Router router, IReadOnlyList<NamespacePort> interfaces, NamespacePort? gateway,
        IReadOnlyDictionary<string, Subnet> subnets, IReadOnlyList<FloatingIp> floatingIps)
    {
        var routes = new List<NamespaceRoute>();
        foreach (var port in gateway is null ? interfaces : [.. interfaces, gateway])
        {
            routes.AddRange(port.Cidrs.Select(c => new NamespaceRoute(Cidr.Parse(c).ToString(), port.Name, Source: c[..c.IndexOf('/')])));
        }
        routes.AddRange(router.Routes.Select(r => new NamespaceRoute(r.Destination, DeviceFor(r.Nexthop, interfaces, gateway), Via: r.Nexthop)));
        var gatewayIp = gateway?.Addresses.FirstOrDefault(IsV4);
        var upstream = gateway is null ? null : subnets.Values.FirstOrDefault(s => s.NetworkId == gateway.NetworkId && s.IpVersion == 4 && s.GatewayIp is not null)?.GatewayIp;
        if (upstream is not null)
        {
            routes.Add(new NamespaceRoute(NamespaceRoute.Default, gateway!.Name, Via: upstream));
        }

        var nat = new List<string>();
        var floating = floatingIps.Where(f => f.FixedIpAddress is not null).OrderBy(f => f.FloatingIpAddress, StringComparer.Ordinal).ToList();
        if (gateway is not null && gatewayIp is not null)
        {
            nat.Add($"-A neutron-l3-agent-POSTROUTING ! -i {gateway.Name} ! -o {gateway.Name} -m conntrack ! --ctstate DNAT -j ACCEPT");
            foreach (var f in floating)
            {
                nat.Add(DnatRule(gateway.Name, f.FloatingIpAddress, f.FixedIpAddress!));
                nat.Add($"-A neutron-l3-agent-OUTPUT -d {f.FloatingIpAddress}/32 -j DNAT --to-destination {f.FixedIpAddress}");
                nat.Add(FloatSnatRule(f.FloatingIpAddress, f.FixedIpAddress!));
            }
            if (router.EnableSnat)
            {
                // Address-scope routing: a subnet in the external subnet's scope leaves with its own address.
                nat.AddRange(interfaces.Where(i => RoutedWithoutNat(i, gateway))
                    .SelectMany(i => i.Cidrs.Where(c => IsV4(c[..c.IndexOf('/')]))).Select(c => NoSnatRule(gateway.Name, Cidr.Parse(c).ToString())));
                nat.Add(SnatRule(gateway.Name, gatewayIp));
                nat.Add($"-A neutron-l3-agent-snat -m mark ! --mark 0x2/0xffff -m conntrack --ctstate DNAT -j SNAT --to-source {gatewayIp}");
            }
        }
        // Address scopes: nothing is routed between internal subnets of different scopes, and from outside into a
        // subnet of another scope only what was NATed (a floating IP's DNAT, the replies of SNATed connections).
        var filter = new List<string>();
        foreach (var from in gateway is null ? interfaces : [.. interfaces, gateway])
        {
            // The rule the tracer checks a packet against (BlocksBetweenScopes); what a DNAT lets through is the rule's conntrack match.
            filter.AddRange(interfaces.Where(to => BlocksBetweenScopes(from, to, from == gateway, dnatted: false)).Select(to => ScopeDropRule(from.Name, to.Name, fromOutside: from == gateway)));
        }
        return new RouterNamespace(router.Id, router.Name, router.AdminStateUp, interfaces, gateway)
        {
            Routes = routes,
            NatRules = nat,
            FilterRules = filter,
            EnableSnat = router.EnableSnat,
            FloatingIps = floating.Select(f => new FloatingNat(f.FloatingIpAddress, f.FixedIpAddress!, f.Status)).ToList(),
        };
    }

    /// <summary>A floating IP's DNAT of what arrives by the gateway, as the L3 agent writes it (and the tracer quotes it).</summary>
    public static string DnatRule(string gateway, string floatingIp, string fixedIp) =>
        $"-A neutron-l3-agent-PREROUTING -d {floatingIp}/32 -i {gateway} -j DNAT --to-destination {fixedIp}";

    /// <summary>A floating IP's SNAT of what its fixed address sends out.</summary>
    public static string FloatSnatRule(string floatingIp, string fixedIp) =>
        $"-A neutron-l3-agent-float-snat -s {fixedIp}/32 -j SNAT --to-source {floatingIp}";

    /// <summary>
    /// Neutron's address-scope routing: what comes from an interface whose subnet is in the same address scope as the
    /// external subnet is routed out of the gateway as it is, not SNATed (its addresses mean the same on both sides).
    /// </summary>
    public static bool RoutedWithoutNat(NamespacePort from, NamespacePort gateway) => from.AddressScope is not null && from.AddressScope == gateway.AddressScope;

    /// <summary>Whether two of the router's ports are in one address scope (or both in none).</summary>
    public static bool SameScope(NamespacePort a, NamespacePort b) => a.AddressScope == b.AddressScope;

    /// <summary>
    /// Whether the router drops a packet that came in by <paramref name="from"/> and is routed out of the interface
    /// <paramref name="to"/>: their scopes differ and it was not NATed to get there (<paramref name="dnatted"/>: a floating IP's DNAT).
    /// </summary>
    public static bool BlocksBetweenScopes(NamespacePort from, NamespacePort to, bool fromOutside, bool dnatted) =>
        from != to && !SameScope(from, to) && !(fromOutside && dnatted);

    /// <summary>The drop between two ports of different scopes, as <c>iptables -S</c> prints it (from outside: unless NATed).</summary>
    public static string ScopeDropRule(string from, string to, bool fromOutside) =>
        $"-A neutron-l3-agent-scope -i {from} -o {to}{(fromOutside ? " -m conntrack ! --ctstate RELATED,ESTABLISHED,DNAT" : "")} -j DROP";

    /// <summary>The rule that leaves a same-scope subnet un-NATed, ahead of the router's SNAT, as <c>iptables -S</c> prints it.</summary>
    public static string NoSnatRule(string gateway, string cidr) => $"-A neutron-l3-agent-snat -s {cidr} -o {gateway} -j ACCEPT";

    /// <summary>The router's SNAT of everything else leaving by its gateway (<c>enable_snat</c>).</summary>
    public static string SnatRule(string gateway, string gatewayIp) =>
        $"-A neutron-l3-agent-snat -o {gateway} -j SNAT --to-source {gatewayIp}";

    /// <summary>The namespace port whose subnet holds <paramref name="address"/>.</summary>
    public static NamespacePort? PortFor(string address, IEnumerable<NamespacePort> ports)
    {
        var ip = IpMath.ParseAddress(address, "address");
        return ports.FirstOrDefault(p => p.Cidrs.Any(c => Cidr.Parse(c).Contains(ip)));
    }

    private static string DeviceFor(string nexthop, IReadOnlyList<NamespacePort> interfaces, NamespacePort? gateway) =>
        PortFor(nexthop, gateway is null ? interfaces : [.. interfaces, gateway])?.Name ?? "?";

    private static bool IsV4(string ip) => System.Net.IPAddress.TryParse(ip, out var a) && a.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork;
}
