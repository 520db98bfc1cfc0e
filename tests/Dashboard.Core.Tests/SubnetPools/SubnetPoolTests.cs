using Dashboard.Core.Errors;
using Dashboard.Core.Ipam;
using Dashboard.Core.Networking;
using Dashboard.Core.Tests.Support;

namespace Dashboard.Core.Tests.SubnetPools;

public class PrefixSetTests
{
    private static PrefixSet Set(int version, params string[] cidrs) => PrefixSet.Of(version, cidrs.Select(c => Cidr.Parse(c)));

    [Fact]
    public void Overlapping_and_adjacent_prefixes_are_merged_into_the_fewest_cidrs()
    {
        Assert.Equal(["10.10.0.0/23", "10.20.0.0/24"], Set(4, "10.10.1.0/24", "10.20.0.0/24", "10.10.0.0/24", "10.10.0.128/25").Cidrs().Select(c => c.ToString()));
        Assert.Equal(["0.0.0.0/0"], Set(4, "0.0.0.0/1", "128.0.0.0/1").Cidrs().Select(c => c.ToString()));
        Assert.Equal(["::/0"], Set(6, "::/1", "8000::/1").Cidrs().Select(c => c.ToString()));
    }

    [Fact]
    public void What_is_left_after_taking_blocks_is_split_into_aligned_cidrs()
    {
        var left = Set(4, "10.0.0.0/24").Minus(Set(4, "10.0.0.64/26", "10.0.0.0/28"));

        Assert.Equal(["10.0.0.16/28", "10.0.0.32/27", "10.0.0.128/25"], left.Cidrs().Select(c => c.ToString()));
        Assert.True(left.Covers(Cidr.Parse("10.0.0.128/26")));
        Assert.False(left.Covers(Cidr.Parse("10.0.0.0/25")));
        Assert.Empty(Set(6, "2001:db8::/64").Minus(Set(6, "2001:db8::/48")).Cidrs());
    }
}

public class SubnetPoolTests
{
    private static SubnetPoolService Pools(TestCloud cloud) => cloud.Get<SubnetPoolService>();

    [Fact]
    public async Task A_pool_is_compacted_and_its_prefix_lengths_default_and_are_checked_as_neutron_checks_them()
    {
        await using var cloud = await TestCloud.CreateAsync();

        var pool = await Pools(cloud).CreateAsync(new SubnetPoolSpec(Scenario.Demo, ["10.10.1.0/24", "10.10.0.0/24"]) { Name = "p" });

        Assert.Equal(["10.10.0.0/23"], pool.Prefixes);
        Assert.Equal((4, 8, 32, 8), (pool.IpVersion, pool.MinPrefixLen, pool.MaxPrefixLen, pool.DefaultPrefixLen));
        var v6 = await Pools(cloud).CreateAsync(new SubnetPoolSpec(Scenario.Demo, ["2001:db8::/48"]));
        Assert.Equal((64, 128, 64), (v6.MinPrefixLen, v6.MaxPrefixLen, v6.DefaultPrefixLen));
        foreach (var (spec, type) in new (SubnetPoolSpec, string)[]
        {
            (new(Scenario.Demo, []), "EmptySubnetPoolPrefixList"),
            (new(Scenario.Demo, ["10.0.0.0/8", "2001:db8::/48"]), "PrefixVersionMismatch"),
            (new(Scenario.Demo, ["10.0.0.0/8"]) { MinPrefixLen = 24, MaxPrefixLen = 16 }, "IllegalSubnetPoolPrefixBounds"),
            (new(Scenario.Demo, ["10.0.0.0/8"]) { MaxPrefixLen = 33 }, "IllegalSubnetPoolPrefixBounds"),
            (new(Scenario.Demo, ["10.0.0.0/8"]) { MinPrefixLen = 16, DefaultPrefixLen = 12 }, "IllegalSubnetPoolPrefixBounds"),
            (new(Scenario.Demo, ["10.0.0.0/8"]) { DefaultQuota = -1 }, "InvalidInput"),
        })
        {
            Assert.Equal(type, (await Assert.ThrowsAnyAsync<InvalidInputException>(() => Pools(cloud).CreateAsync(spec))).Type);
        }
        Assert.Equal(2, (await Pools(cloud).ListAsync()).Count); // nothing half-made
    }

    [Fact]
    public async Task Subnets_are_carved_smallest_free_block_first_a_given_cidr_only_when_free_and_the_pool_frees_what_a_deleted_subnet_took()
    {
        await using var cloud = await TestCloud.CreateAsync();
        var pool = await Pools(cloud).CreateAsync(new SubnetPoolSpec(Scenario.Demo, ["10.10.0.0/22", "10.20.0.0/24"]) { MinPrefixLen = 22, DefaultPrefixLen = 24, MaxPrefixLen = 28 });
        var network = await cloud.Networks.CreateAsync(new NetworkSpec(Scenario.Demo, "carved"));
        async Task<Subnet> CarveAsync(int? length = null, string? cidr = null) =>
            await cloud.Subnets.CreateAsync(new SubnetSpec((await cloud.Networks.CreateAsync(new NetworkSpec(Scenario.Demo, "n"))).Id, cidr) { SubnetPoolId = pool.Id, PrefixLength = length });

        var first = await cloud.Subnets.CreateAsync(new SubnetSpec(network.Id, null) { SubnetPoolId = pool.Id });
        var small = await CarveAsync(26);
        var given = await CarveAsync(cidr: "10.10.2.0/24");

        Assert.Equal(("10.20.0.0/24", pool.Id, "10.20.0.1"), (first.Cidr, first.SubnetPoolId, first.GatewayIp)); // the /24 block fits a /24 exactly: the /22 stays whole
        Assert.Equal("10.10.0.0/26", small.Cidr);
        Assert.Equal("10.10.2.0/24", given.Cidr);
        Assert.Equal("SubnetAllocationError", (await Assert.ThrowsAsync<ConflictException>(() => CarveAsync(cidr: "10.10.2.128/25"))).Type);
        Assert.Equal("SubnetAllocationError", (await Assert.ThrowsAsync<ConflictException>(() => CarveAsync(cidr: "192.168.0.0/24"))).Type);
        Assert.Equal("MaxPrefixSubnetAllocationError", (await Assert.ThrowsAsync<InvalidInputException>(() => CarveAsync(29))).Type);
        Assert.Equal("MinPrefixSubnetAllocationError", (await Assert.ThrowsAsync<InvalidInputException>(() => CarveAsync(21))).Type);
        Assert.Contains("Insufficient prefix space to allocate subnet size /22", (await Assert.ThrowsAsync<ConflictException>(() => CarveAsync(22))).Message);

        await cloud.Subnets.DeleteAsync(small.Id);
        Assert.Equal("10.10.0.0/23", (await CarveAsync(23)).Cidr); // its /26 is free again: a /23 fits at the start
    }

    [Fact]
    public async Task A_projects_quota_of_a_pool_counts_addresses_and_another_projects_subnets_do_not_count()
    {
        await using var cloud = await TestCloud.CreateAsync();
        var pool = await Pools(cloud).CreateAsync(new SubnetPoolSpec(Scenario.Demo, ["10.10.0.0/16"]) { DefaultPrefixLen = 24, DefaultQuota = 512, Shared = true });
        async Task<Subnet> CarveAsync(string project) =>
            await cloud.Subnets.CreateAsync(new SubnetSpec((await cloud.Networks.CreateAsync(new NetworkSpec(project, "n"))).Id, null) { SubnetPoolId = pool.Id });

        await CarveAsync(Scenario.Demo);
        await CarveAsync(Scenario.Alt);
        await CarveAsync(Scenario.Demo);

        Assert.Equal("SubnetPoolQuotaExceeded", (await Assert.ThrowsAsync<ConflictException>(() => CarveAsync(Scenario.Demo))).Type);
        await Pools(cloud).UpdateAsync(pool.Id, new SubnetPoolChanges { ClearDefaultQuota = true });
        await CarveAsync(Scenario.Demo);
    }

    [Fact]
    public async Task Subnets_of_one_network_and_ip_version_come_from_one_pool_the_default_pool_serves_who_asks_for_it_and_a_pool_in_use_stays()
    {
        await using var cloud = await TestCloud.CreateAsync();
        var pool = await Pools(cloud).CreateAsync(new SubnetPoolSpec(Scenario.Demo, ["10.10.0.0/16"]) { DefaultPrefixLen = 24, IsDefault = true });
        var network = await cloud.Networks.CreateAsync(new NetworkSpec(Scenario.Demo, "n"));
        var fromDefault = await cloud.Subnets.CreateAsync(new SubnetSpec(network.Id, null) { UseDefaultSubnetPool = true, IpVersion = 4 });

        Assert.Equal(pool.Id, fromDefault.SubnetPoolId);
        Assert.Equal("subnetpool_id", (await Assert.ThrowsAsync<InvalidInputException>(() => cloud.Subnets.CreateAsync(new SubnetSpec(network.Id, "192.168.5.0/24")))).Attribute);
        Assert.Equal("cidr", (await Assert.ThrowsAsync<InvalidInputException>(() => cloud.Subnets.CreateAsync(new SubnetSpec(network.Id, null)))).Attribute);
        Assert.Equal("ip_version", (await Assert.ThrowsAsync<InvalidInputException>(() => cloud.Subnets.CreateAsync(new SubnetSpec(network.Id, null) { SubnetPoolId = pool.Id, IpVersion = 6 }))).Attribute);
        Assert.Equal("use_default_subnetpool", (await Assert.ThrowsAsync<InvalidInputException>(() => cloud.Subnets.CreateAsync(new SubnetSpec(network.Id, null) { UseDefaultSubnetPool = true, IpVersion = 6 }))).Attribute);
        Assert.Equal("is_default", (await Assert.ThrowsAsync<InvalidInputException>(() => Pools(cloud).CreateAsync(new SubnetPoolSpec(Scenario.Alt, ["10.99.0.0/16"]) { IsDefault = true }))).Attribute);

        Assert.Equal("SubnetPoolDeleteError", (await Assert.ThrowsAsync<InvalidInputException>(() => Pools(cloud).DeleteAsync(pool.Id))).Type);
        await cloud.Subnets.DeleteAsync(fromDefault.Id);
        await Pools(cloud).DeleteAsync(pool.Id);
        Assert.Empty(await Pools(cloud).ListAsync());
    }

    [Fact]
    public async Task A_pools_prefixes_may_only_grow_and_its_bounds_are_checked_again_on_update()
    {
        await using var cloud = await TestCloud.CreateAsync();
        var pool = await Pools(cloud).CreateAsync(new SubnetPoolSpec(Scenario.Demo, ["10.10.0.0/24"]) { MinPrefixLen = 24 });

        var grown = await Pools(cloud).UpdateAsync(pool.Id, new SubnetPoolChanges { Prefixes = ["10.10.0.0/24", "10.10.1.0/24", "10.30.0.0/24"], Name = "grown" });

        Assert.Equal(["10.10.0.0/23", "10.30.0.0/24"], grown.Prefixes);
        Assert.Equal("IllegalSubnetPoolPrefixUpdate", (await Assert.ThrowsAsync<InvalidInputException>(() => Pools(cloud).UpdateAsync(pool.Id, new SubnetPoolChanges { Prefixes = ["10.10.0.0/24"] }))).Type);
        Assert.Equal("PrefixVersionMismatch", (await Assert.ThrowsAsync<InvalidInputException>(() => Pools(cloud).UpdateAsync(pool.Id, new SubnetPoolChanges { Prefixes = ["2001:db8::/48"] }))).Type);
        Assert.Equal("IllegalSubnetPoolPrefixBounds", (await Assert.ThrowsAsync<InvalidInputException>(() => Pools(cloud).UpdateAsync(pool.Id, new SubnetPoolChanges { DefaultPrefixLen = 20 }))).Type);
        Assert.Equal(["10.10.0.0/23", "10.30.0.0/24"], (await Pools(cloud).GetAsync(pool.Id)).Prefixes); // a refused update changes nothing
    }
}

public class AddressScopeTests
{
    [Fact]
    public async Task Pools_in_one_scope_never_overlap_are_of_its_ip_version_and_its_projects_unless_shared_and_a_scope_in_use_stays()
    {
        await using var cloud = await TestCloud.CreateAsync();
        var scopes = cloud.Get<AddressScopeService>();
        var pools = cloud.Get<SubnetPoolService>();
        var scope = await scopes.CreateAsync(Scenario.Demo, "corp", 4);

        var first = await pools.CreateAsync(new SubnetPoolSpec(Scenario.Demo, ["10.10.0.0/16"]) { AddressScopeId = scope.Id });
        Assert.Equal(scope.Id, first.AddressScopeId);
        Assert.Equal("AddressScopePrefixConflict", (await Assert.ThrowsAsync<InvalidInputException>(() => pools.CreateAsync(new SubnetPoolSpec(Scenario.Demo, ["10.10.128.0/17"]) { AddressScopeId = scope.Id }))).Type);
        Assert.Equal("IllegalSubnetPoolIpVersionAssociationToAddressScope", (await Assert.ThrowsAsync<InvalidInputException>(() => pools.CreateAsync(new SubnetPoolSpec(Scenario.Demo, ["2001:db8::/48"]) { AddressScopeId = scope.Id }))).Type);
        Assert.Equal("IllegalSubnetPoolAssociationToAddressScope", (await Assert.ThrowsAsync<InvalidInputException>(() => pools.CreateAsync(new SubnetPoolSpec(Scenario.Alt, ["10.20.0.0/16"]) { AddressScopeId = scope.Id }))).Type);

        // A pool outside the scope may overlap; joining it later, or growing into another member's prefixes, is refused.
        var outside = await pools.CreateAsync(new SubnetPoolSpec(Scenario.Demo, ["10.10.5.0/24"]));
        Assert.Equal("AddressScopePrefixConflict", (await Assert.ThrowsAsync<InvalidInputException>(() => pools.UpdateAsync(outside.Id, new SubnetPoolChanges { AddressScopeId = scope.Id }))).Type);
        var second = await pools.CreateAsync(new SubnetPoolSpec(Scenario.Demo, ["10.30.0.0/16"]) { AddressScopeId = scope.Id });
        Assert.Equal("AddressScopePrefixConflict", (await Assert.ThrowsAsync<InvalidInputException>(() => pools.UpdateAsync(second.Id, new SubnetPoolChanges { Prefixes = ["10.30.0.0/16", "10.10.0.0/24"] }))).Type);
        Assert.Equal(["10.30.0.0/16"], (await pools.GetAsync(second.Id)).Prefixes);

        await scopes.UpdateAsync(scope.Id, null, null, shared: true);
        var alts = await pools.CreateAsync(new SubnetPoolSpec(Scenario.Alt, ["10.40.0.0/16"]) { AddressScopeId = scope.Id });
        Assert.Equal("AddressScopeUpdateError", (await Assert.ThrowsAsync<InvalidInputException>(() => scopes.UpdateAsync(scope.Id, null, null, shared: false))).Type);

        Assert.Equal("AddressScopeInUse", (await Assert.ThrowsAsync<InUseException>(() => scopes.DeleteAsync(scope.Id))).Type);
        foreach (var pool in new[] { first, second, alts })
        {
            await pools.UpdateAsync(pool.Id, new SubnetPoolChanges { ClearAddressScope = true });
        }
        await scopes.DeleteAsync(scope.Id);
        Assert.Empty(await scopes.ListAsync());
    }
}
