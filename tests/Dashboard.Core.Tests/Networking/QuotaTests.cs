using Dashboard.Core.Errors;
using Dashboard.Core.Networking;
using Dashboard.Core.Quotas;
using Dashboard.Core.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace Dashboard.Core.Tests.Networking;

public class QuotaTests
{
    [Fact]
    public async Task Defaults_are_neutrons()
    {
        await using var cloud = await TestCloud.CreateAsync();

        var limits = await cloud.Quotas.GetAsync(Scenario.Demo);

        Assert.Equal(new Dictionary<string, long>
        {
            ["network"] = 100,
            ["subnet"] = 100,
            ["port"] = 500,
            ["router"] = 10,
            ["floatingip"] = 50,
            ["security_group"] = 10,
            ["security_group_rule"] = 100,
        }, limits);
    }

    [Fact]
    public async Task Exceeding_the_network_quota_is_OverQuota_and_leaves_nothing()
    {
        await using var cloud = await TestCloud.CreateAsync();
        await cloud.Quotas.SetAsync(Scenario.Demo, new Dictionary<string, long> { ["network"] = 1 });
        await cloud.Networks.CreateAsync(new NetworkSpec(Scenario.Demo, "one"));

        var error = await Assert.ThrowsAsync<OverQuotaException>(() => cloud.Networks.CreateAsync(new NetworkSpec(Scenario.Demo, "two")));
        await cloud.Networks.CreateAsync(new NetworkSpec(Scenario.Alt, "other-project"));

        Assert.Equal(("OverQuota", "network", 1L), (error.Type, error.Resource, error.Limit));
        Assert.Equal(1, await cloud.QueryAsync(db => db.Networks.CountAsync(n => n.ProjectId == Scenario.Demo)));
    }

    [Fact]
    public async Task Port_subnet_router_and_rule_quotas_are_enforced()
    {
        await using var cloud = await TestCloud.CreateAsync();
        await cloud.Quotas.SetAsync(Scenario.Demo, new Dictionary<string, long> { ["port"] = 1, ["subnet"] = 1, ["router"] = 0, ["security_group_rule"] = 6 });
        var (network, _) = await cloud.NetworkWithSubnetAsync();
        await cloud.Ports.CreateAsync(new PortSpec(network.Id, Scenario.Demo));
        var web = await cloud.SecurityGroups.CreateAsync(Scenario.Demo, "web");

        await Assert.ThrowsAsync<OverQuotaException>(() => cloud.Ports.CreateAsync(new PortSpec(network.Id, Scenario.Demo)));
        await Assert.ThrowsAsync<OverQuotaException>(() => cloud.Subnets.CreateAsync(new SubnetSpec(network.Id, "10.1.0.0/24")));
        await Assert.ThrowsAsync<OverQuotaException>(() => cloud.Routers.CreateAsync(new Dashboard.Core.Routers.RouterSpec(Scenario.Demo, "r")));
        await Assert.ThrowsAsync<OverQuotaException>(() => cloud.SecurityGroups.AddRuleAsync(web.Id, new("ingress", "IPv4", "tcp", 22, 22)));
    }

    [Fact]
    public async Task Minus_one_is_unlimited_and_reset_restores_defaults()
    {
        await using var cloud = await TestCloud.CreateAsync();

        var set = await cloud.Quotas.SetAsync(Scenario.Demo, new Dictionary<string, long> { ["router"] = -1 });
        await cloud.Quotas.ResetAsync(Scenario.Demo);

        Assert.Equal(-1, set["router"]);
        Assert.Equal(10, (await cloud.Quotas.GetAsync(Scenario.Demo))["router"]);
        await Assert.ThrowsAsync<InvalidInputException>(() => cloud.Quotas.SetAsync(Scenario.Demo, new Dictionary<string, long> { ["router"] = -2 }));
        await Assert.ThrowsAsync<InvalidInputException>(() => cloud.Quotas.SetAsync(Scenario.Demo, new Dictionary<string, long> { ["loadbalancer"] = 5 }));
    }

    [Fact]
    public async Task Usage_counts_what_the_project_has()
    {
        await using var cloud = await TestCloud.CreateAsync();
        await cloud.NetworkWithSubnetAsync();

        var usage = await cloud.Quotas.GetUsageAsync(Scenario.Demo);

        Assert.Equal((100L, 1L), usage[QuotaResources.Network]);
        Assert.Equal((10L, 1L), usage[QuotaResources.SecurityGroup]);
        Assert.Equal((100L, 4L), usage[QuotaResources.SecurityGroupRule]);
    }
}
