namespace Dashboard.Core.Ipam;

/// <summary>An inclusive range of addresses a subnet hands out: <c>{"start": ..., "end": ...}</c>.</summary>
public sealed record AllocationPool(string Start, string End);

/// <summary>A subnet host route: <c>{"destination": cidr, "nexthop": ip}</c>; also a router's static route.</summary>
public sealed record HostRoute(string Destination, string Nexthop);
