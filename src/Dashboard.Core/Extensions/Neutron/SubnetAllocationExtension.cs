using Dashboard.Core.Policies;
using static Dashboard.Core.Extensions.Attributes;

namespace Dashboard.Core.Extensions.Neutron;

/// <summary>
/// Neutron's <c>subnet_allocation</c> extension: subnet pools (prefixes of one IP version from which subnets are carved
/// by prefix length), and on subnets <c>subnetpool_id</c> and <c>prefixlen</c> (a subnet from a pool needs no
/// <c>cidr</c>). A project sees its own pools and the shared ones; only an admin makes a pool shared or the default.
/// </summary>
public static class SubnetAllocationExtension
{
    private static AttributeSpec PrefixLength(string name) =>
        new AttributeSpec(name) { AllowPost = true, AllowPut = true, Validate = new RangeValidator(0, 128), ConvertTo = Converter.ToInt }.Optional();

    public static ExtensionDescriptor Descriptor { get; } = new("Subnet Allocation", "subnet_allocation", "Enables allocation of subnets from a subnet pool", "2015-03-30T10:00:00-00:00")
    {
        Policies =
        [
            new("shared_subnetpools", "field:subnetpools:shared=True", "The subnet pool is shared"),
            .. PolicyRule.Crud("subnetpool", "rule:admin_or_project_reader or rule:shared_subnetpools", "rule:admin_or_project_member", "subnet pool"),
            .. PolicyRule.OnAttribute("subnetpool", "shared", NeutronResources.AdminOnly, update: false),
            .. PolicyRule.OnAttribute("subnetpool", "is_default", NeutronResources.AdminOnly),
        ],
        Resources =
        [
            new("subnetpools", "subnetpool",
            [
                Id(), Name(), .. Project(), Description(), .. Standard(),
                new("prefixes") { AllowPost = true, AllowPut = true, Validate = new ListValidator(new CidrValidator()) },
                new AttributeSpec("default_quota") { AllowPost = true, AllowPut = true, Validate = new RangeValidator(0, long.MaxValue) { Nullable = true }, ConvertTo = Converter.ToInt }.WithDefault(null),
                ReadOnly("ip_version"),
                PrefixLength("default_prefixlen"), PrefixLength("min_prefixlen"), PrefixLength("max_prefixlen"),
                Bool("is_default", false),
                Bool("shared", false, allowPut: false),
            ]) { Noun = "subnet pool" },
        ],
        ExtendedAttributes = new Dictionary<string, IReadOnlyList<AttributeSpec>>
        {
            ["subnets"] =
            [
                new AttributeSpec("subnetpool_id") { AllowPost = true, Validate = new UuidValidator { Nullable = true }, References = "subnetpools" }.Optional(),
                new AttributeSpec("prefixlen") { AllowPost = true, Validate = new RangeValidator(0, 128), ConvertTo = Converter.ToInt, IsVisible = false }.Optional(),
            ],
        },
    };
}
