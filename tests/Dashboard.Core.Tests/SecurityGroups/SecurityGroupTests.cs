using Dashboard.Core.Errors;
using Dashboard.Core.Networking;
using Dashboard.Core.SecurityGroups;
using Dashboard.Core.Tests.Support;

namespace Dashboard.Core.Tests.SecurityGroups;

public class SecurityGroupTests
{
    [Fact]
    public async Task Default_group_has_neutrons_four_rules()
    {
        await using var cloud = await TestCloud.CreateAsync();

        await cloud.Networks.CreateAsync(new NetworkSpec(Scenario.Demo, "n"));

        var group = (await cloud.SecurityGroups.ListAsync(Scenario.Demo)).Single();
        var rules = group.Rules.Select(r => (r.Direction, r.EtherType, r.Protocol, r.RemoteGroupId, r.RemoteIpPrefix)).OrderBy(r => r).ToList();
        Assert.Equal(
        [
            ("egress", "IPv4", null, null, null),
            ("egress", "IPv6", null, null, null),
            ("ingress", "IPv4", null, group.Id, null),
            ("ingress", "IPv6", null, group.Id, null),
        ], rules);
    }

    [Fact]
    public async Task New_group_gets_the_two_egress_rules_and_the_default_group_too()
    {
        await using var cloud = await TestCloud.CreateAsync();

        var web = await cloud.SecurityGroups.CreateAsync(Scenario.Demo, "web", "web servers");

        Assert.Equal([("egress", "IPv4"), ("egress", "IPv6")], web.Rules.Select(r => (r.Direction, r.EtherType)).Order());
        Assert.Equal(["default", "web"], (await cloud.SecurityGroups.ListAsync(Scenario.Demo)).Select(g => g.Name));
        await Assert.ThrowsAsync<ConflictException>(() => cloud.SecurityGroups.CreateAsync(Scenario.Demo, "default"));
    }

    [Fact]
    public async Task Ssh_rule_is_added_and_its_duplicate_refused()
    {
        await using var cloud = await TestCloud.CreateAsync();
        var web = await cloud.SecurityGroups.CreateAsync(Scenario.Demo, "web");
        var ssh = new SecurityGroupRuleSpec("ingress", "IPv4", "TCP", 22, 22, "0.0.0.0/0");

        var rule = await cloud.SecurityGroups.AddRuleAsync(web.Id, ssh);
        var duplicate = await Assert.ThrowsAsync<ConflictException>(() => cloud.SecurityGroups.AddRuleAsync(web.Id, ssh));

        Assert.Equal(("tcp", 22, 22, "0.0.0.0/0"), (rule.Protocol, rule.PortRangeMin, rule.PortRangeMax, rule.RemoteIpPrefix));
        Assert.Equal("SecurityGroupRuleExists", duplicate.Type);
        Assert.Contains(rule.Id, duplicate.Message);
    }

    public static TheoryData<SecurityGroupRuleSpec, string> InvalidRules => new()
    {
        { new("sideways"), "InvalidInput" },
        { new("ingress", "IPv5"), "InvalidInput" },
        { new("ingress", "IPv4", "tcp", 80, 22), "SecurityGroupInvalidPortRange" },
        { new("ingress", "IPv4", "tcp", 0, 22), "SecurityGroupInvalidPortValue" },
        { new("ingress", "IPv4", "tcp", 22, 70000), "SecurityGroupInvalidPortValue" },
        { new("ingress", "IPv4", "tcp", 22, null), "SecurityGroupInvalidPortRange" },
        { new("ingress", "IPv4", null, 22, 22), "SecurityGroupProtocolRequiredWithPorts" },
        { new("ingress", "IPv4", "gre", 1, 2), "SecurityGroupInvalidProtocolForPortRange" },
        { new("ingress", "IPv4", "icmp", 256, 0), "SecurityGroupInvalidIcmpValue" },
        { new("ingress", "IPv4", "icmp", null, 0), "SecurityGroupMissingIcmpType" },
        { new("ingress", "IPv4", "bogus"), "SecurityGroupRuleInvalidProtocol" },
        { new("ingress", "IPv4", "256"), "SecurityGroupRuleInvalidProtocol" },
        { new("ingress", "IPv6", "tcp", 22, 22, "10.0.0.0/8"), "SecurityGroupRuleParameterConflict" },
        { new("ingress", "IPv4", "tcp", 22, 22, "10.0.0.0/33"), "InvalidInput" },
    };

    [Theory]
    [MemberData(nameof(InvalidRules))]
    public async Task Invalid_rules_are_refused_with_neutrons_error(SecurityGroupRuleSpec spec, string type)
    {
        await using var cloud = await TestCloud.CreateAsync();
        var web = await cloud.SecurityGroups.CreateAsync(Scenario.Demo, "web");

        var error = await Assert.ThrowsAsync<InvalidInputException>(() => cloud.SecurityGroups.AddRuleAsync(web.Id, spec));

        Assert.Equal(type, error.Type);
        Assert.Equal(2, (await cloud.SecurityGroups.GetAsync(web.Id)).Rules.Count);
    }

    [Fact]
    public async Task Remote_ip_prefix_and_remote_group_are_exclusive()
    {
        await using var cloud = await TestCloud.CreateAsync();
        var web = await cloud.SecurityGroups.CreateAsync(Scenario.Demo, "web");

        var error = await Assert.ThrowsAsync<InvalidInputException>(() =>
            cloud.SecurityGroups.AddRuleAsync(web.Id, new("ingress", "IPv4", "tcp", 80, 80, "10.0.0.0/8", web.Id)));

        Assert.Equal("SecurityGroupRemoteGroupAndRemoteIpPrefix", error.Type);
    }

    [Fact]
    public async Task Protocol_by_number_and_icmp_type_code_are_accepted_and_prefix_normalised()
    {
        await using var cloud = await TestCloud.CreateAsync();
        var web = await cloud.SecurityGroups.CreateAsync(Scenario.Demo, "web");

        var byNumber = await cloud.SecurityGroups.AddRuleAsync(web.Id, new("ingress", "IPv4", "6", 80, 80, "10.1.2.3/8"));
        var icmp = await cloud.SecurityGroups.AddRuleAsync(web.Id, new("ingress", "IPv4", "icmp", 8, 0));

        Assert.Equal(("6", "10.0.0.0/8"), (byNumber.Protocol, byNumber.RemoteIpPrefix));
        Assert.Equal((8, 0), (icmp.PortRangeMin!.Value, icmp.PortRangeMax!.Value));
    }

    [Fact]
    public async Task Default_group_cannot_be_deleted_by_its_project()
    {
        await using var cloud = await TestCloud.CreateAsync();
        await cloud.Networks.CreateAsync(new NetworkSpec(Scenario.Demo, "n"));
        var group = (await cloud.SecurityGroups.ListAsync(Scenario.Demo)).Single();

        var error = await Assert.ThrowsAsync<ConflictException>(() => cloud.SecurityGroups.DeleteAsync(group.Id));

        Assert.Equal("SecurityGroupCannotRemoveDefault", error.Type);
    }

    [Fact]
    public async Task Group_used_by_a_port_cannot_be_deleted()
    {
        await using var cloud = await TestCloud.CreateAsync();
        var (network, _) = await cloud.NetworkWithSubnetAsync();
        var web = await cloud.SecurityGroups.CreateAsync(Scenario.Demo, "web");
        var port = await cloud.Ports.CreateAsync(new PortSpec(network.Id, Scenario.Demo) { SecurityGroups = [web.Id] });

        var error = await Assert.ThrowsAsync<InUseException>(() => cloud.SecurityGroups.DeleteAsync(web.Id));
        await cloud.Ports.UpdateAsync(port.Id, new PortChanges { SecurityGroups = [] });
        await cloud.SecurityGroups.DeleteAsync(web.Id);

        Assert.Equal("SecurityGroupInUse", error.Type);
    }

    [Fact]
    public async Task Deleting_a_rule_removes_it_and_a_missing_rule_is_NotFound()
    {
        await using var cloud = await TestCloud.CreateAsync();
        var web = await cloud.SecurityGroups.CreateAsync(Scenario.Demo, "web");
        var rule = await cloud.SecurityGroups.AddRuleAsync(web.Id, new("ingress", "IPv4", "tcp", 443, 443));

        await cloud.SecurityGroups.DeleteRuleAsync(rule.Id);

        Assert.DoesNotContain((await cloud.SecurityGroups.GetAsync(web.Id)).Rules, r => r.Id == rule.Id);
        await Assert.ThrowsAsync<NotFoundException>(() => cloud.SecurityGroups.DeleteRuleAsync(rule.Id));
    }

    [Fact]
    public async Task Ensuring_the_default_group_creates_it_once_and_then_only_reads()
    {
        await using var cloud = await TestCloud.CreateAsync();

        var first = await cloud.SecurityGroups.EnsureDefaultAsync(Scenario.Demo);
        var second = await cloud.SecurityGroups.EnsureDefaultAsync(Scenario.Demo);

        Assert.Equal(first.Id, second.Id);
        Assert.Equal(4, second.Rules.Count);
        Assert.Equal(0, second.RevisionNumber);
        Assert.Single(await cloud.SecurityGroups.ListAsync(Scenario.Demo));
    }
}
