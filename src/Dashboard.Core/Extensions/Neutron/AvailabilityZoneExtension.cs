using System.Text.Json.Nodes;
using static Dashboard.Core.Extensions.Attributes;

namespace Dashboard.Core.Extensions.Neutron;

/// <summary>
/// Neutron's <c>availability_zone</c> extension (with <c>availability_zone_filter</c>): the zones the L3 and DHCP agents
/// report, listed by name, resource (router, network) and state; any reader lists them (Horizon offers them in its forms).
/// </summary>
public static class AvailabilityZoneExtension
{
    public static ExtensionDescriptor Descriptor { get; } = new("Availability Zone", "availability_zone", "The availability zone extension.", "2015-01-01T10:00:00-00:00")
    {
        Policies = [new("get_availability_zone", "role:reader", "List availability zones")],
        Resources =
        [
            new("availability_zones", "availability_zone", [ReadOnly("name"), ReadOnly("resource"), ReadOnly("state")]) { IdAttribute = "name", Noun = "availability zone" },
        ],
    };

    /// <summary><c>availability_zone_filter</c>: the list filtered on name, resource and state (as every list here is filtered on its attributes).</summary>
    public static ExtensionDescriptor Filter { get; } = new("Availability Zone Filter Extension", "availability_zone_filter", "Add filter parameters to AvailabilityZone resource", "2018-06-22T10:00:00-00:00");

    /// <summary>
    /// A network's or router's <c>availability_zone_hints</c> (given at creation, zones of its kind) and <c>availability_zones</c>
    /// (those of the agents hosting it): <c>network_availability_zone</c> and <c>router_availability_zone</c>.
    /// </summary>
    internal static IReadOnlyList<AttributeSpec> Hints { get; } =
    [
        new AttributeSpec("availability_zone_hints") { AllowPost = true, Validate = new ListValidator(new StringValidator(255)) }.WithDefault(new JsonArray()),
        ReadOnly("availability_zones"),
    ];

    public static ExtensionDescriptor Network { get; } = new("Network Availability Zone", "network_availability_zone", "Availability zone support for network.", "2015-01-01T10:00:00-00:00")
    {
        ExtendedAttributes = new Dictionary<string, IReadOnlyList<AttributeSpec>> { ["networks"] = Hints },
    };

    public static ExtensionDescriptor Router { get; } = new("Router Availability Zone", "router_availability_zone", "Availability zone support for router.", "2015-01-01T10:00:00-00:00")
    {
        ExtendedAttributes = new Dictionary<string, IReadOnlyList<AttributeSpec>> { ["routers"] = Hints },
    };
}
