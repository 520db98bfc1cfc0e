using Dashboard.Core.Errors;
using Dashboard.Core.Networking;
using Dashboard.Core.SecurityGroups;
using Dashboard.Core.Tests.Support;

namespace Dashboard.Core.Tests.Networking;

public class PortTests
{
    [Fact]
    public async Task New_port_is_down_unbound_with_an_openstack_mac_and_the_default_group()
    {
        await using var cloud = await TestCloud.CreateAsync();
        var (network, _) = await cloud.NetworkWithSubnetAsync();

        var port = await cloud.Ports.CreateAsync(new PortSpec(network.Id, Scenario.Demo));

        Assert.Matches("^fa:16:3e(:[0-9a-f]{2}){3}$", port.MacAddress);
        Assert.Equal((PortStatus.Down, VifTypes.Unbound, ""), (port.Status, port.VifType, port.BindingHostId));
        var defaultGroup = (await cloud.SecurityGroups.ListAsync(Scenario.Demo)).Single(g => g.Name == SecurityGroup.DefaultName);
        Assert.Equal([defaultGroup.Id], port.SecurityGroups.Select(g => g.SecurityGroupId));
    }

    [Fact]
    public async Task A_new_fixed_ip_is_a_change_of_the_port_a_new_revision_announced_to_the_agents()
    {
        await using var cloud = await TestCloud.CreateAsync();
        var (network, subnet) = await cloud.NetworkWithSubnetAsync();
        var port = await cloud.Ports.CreateAsync(new PortSpec(network.Id, Scenario.Demo));
        var heard = new List<Dashboard.Core.Events.ResourceChanged>();
        using var _ = cloud.Get<Dashboard.Core.Events.INetworkEvents>().Subscribe(e =>
        {
            if (e is Dashboard.Core.Events.ResourceChanged { Resource: "port" } changed && changed.Id == port.Id)
            {
                lock (heard)
                {
                    heard.Add(changed);
                }
            }
        });

        var updated = await cloud.Ports.UpdateAsync(port.Id, new PortChanges { FixedIps = [new FixedIpRequest(subnet.Id, "10.0.0.77")] });

        Assert.Equal(["10.0.0.77"], updated.FixedIps.Select(f => f.IpAddress));
        Assert.Equal(port.RevisionNumber + 1, updated.RevisionNumber);
        lock (heard)
        {
            Assert.Contains(heard, e => e.Action == Dashboard.Core.Events.ResourceChanged.Updated);
        }
    }

    [Fact]
    public async Task A_change_of_a_part_is_a_new_revision_of_the_whole_as_in_neutron_a_subnet_of_its_network_a_rule_of_its_group_groups_of_their_port()
    {
        await using var cloud = await TestCloud.CreateAsync();
        var network = await cloud.Networks.CreateAsync(new NetworkSpec(Scenario.Demo, "revised"));
        async Task<long> NetworkRevisionAsync() => (await cloud.Networks.GetAsync(network.Id)).RevisionNumber;

        var subnet = await cloud.Subnets.CreateAsync(new SubnetSpec(network.Id, "10.3.0.0/24"));
        Assert.Equal(network.RevisionNumber + 1, await NetworkRevisionAsync());
        await cloud.Subnets.UpdateAsync(subnet.Id, new SubnetChanges { Name = "renamed" });
        Assert.Equal(network.RevisionNumber + 2, await NetworkRevisionAsync());

        var group = await cloud.SecurityGroups.CreateAsync(Scenario.Demo, "web");
        var rule = await cloud.SecurityGroups.AddRuleAsync(group.Id, new Dashboard.Core.SecurityGroups.SecurityGroupRuleSpec("ingress", Protocol: "tcp", PortRangeMin: 80, PortRangeMax: 80));
        Assert.Equal(group.RevisionNumber + 1, (await cloud.SecurityGroups.GetAsync(group.Id)).RevisionNumber);
        await cloud.SecurityGroups.DeleteRuleAsync(rule.Id);
        Assert.Equal(group.RevisionNumber + 2, (await cloud.SecurityGroups.GetAsync(group.Id)).RevisionNumber);

        var port = await cloud.Ports.CreateAsync(new PortSpec(network.Id, Scenario.Demo));
        Assert.Equal(0, port.RevisionNumber); // its addresses and default group were made with it: one change
        var regrouped = await cloud.Ports.UpdateAsync(port.Id, new PortChanges { SecurityGroups = [group.Id] });
        Assert.Equal(1, regrouped.RevisionNumber);
        Assert.Equal(network.RevisionNumber + 2, await NetworkRevisionAsync()); // a port is not a part of its network
    }

    [Fact]
    public async Task Given_mac_is_normalised_and_must_be_unique()
    {
        await using var cloud = await TestCloud.CreateAsync();
        var (network, _) = await cloud.NetworkWithSubnetAsync();

        var port = await cloud.Ports.CreateAsync(new PortSpec(network.Id, Scenario.Demo) { MacAddress = "FA-16-3E-00-00-01" });
        var duplicate = await Assert.ThrowsAsync<ConflictException>(() => cloud.Ports.CreateAsync(new PortSpec(network.Id, Scenario.Demo) { MacAddress = "fa:16:3e:00:00:01" }));

        Assert.Equal("fa:16:3e:00:00:01", port.MacAddress);
        Assert.Equal("MacAddressInUse", duplicate.Type);
        await Assert.ThrowsAsync<InvalidInputException>(() => cloud.Ports.CreateAsync(new PortSpec(network.Id, Scenario.Demo) { MacAddress = "01:00:5e:00:00:01" }));
        await Assert.ThrowsAsync<InvalidInputException>(() => cloud.Ports.CreateAsync(new PortSpec(network.Id, Scenario.Demo) { MacAddress = "fa:16:3e:00:00" }));
    }

    [Fact]
    public async Task Router_and_dhcp_ports_get_no_security_groups()
    {
        await using var cloud = await TestCloud.CreateAsync();
        var (network, _) = await cloud.NetworkWithSubnetAsync();

        var dhcp = await cloud.Ports.CreateAsync(new PortSpec(network.Id, Scenario.Demo) { DeviceOwner = DeviceOwners.Dhcp });

        Assert.Empty(dhcp.SecurityGroups);
    }

    [Fact]
    public async Task Security_groups_need_port_security()
    {
        await using var cloud = await TestCloud.CreateAsync();
        var (network, _) = await cloud.NetworkWithSubnetAsync();
        var group = await cloud.SecurityGroups.CreateAsync(Scenario.Demo, "web");

        var error = await Assert.ThrowsAsync<ConflictException>(() => cloud.Ports.CreateAsync(new PortSpec(network.Id, Scenario.Demo)
        {
            PortSecurityEnabled = false,
            SecurityGroups = [group.Id],
        }));
        var open = await cloud.Ports.CreateAsync(new PortSpec(network.Id, Scenario.Demo) { PortSecurityEnabled = false });

        Assert.Equal("PortSecurityAndIPRequiredForSecurityGroups", error.Type);
        Assert.Empty(open.SecurityGroups);
    }

    [Fact]
    public async Task Port_security_is_not_turned_off_while_groups_are_on_the_port_unless_they_go_in_the_same_change()
    {
        await using var cloud = await TestCloud.CreateAsync();
        var (network, _) = await cloud.NetworkWithSubnetAsync();
        var port = await cloud.Ports.CreateAsync(new PortSpec(network.Id, Scenario.Demo));

        var error = await Assert.ThrowsAsync<ConflictException>(() => cloud.Ports.UpdateAsync(port.Id, new PortChanges { PortSecurityEnabled = false }));

        Assert.Equal("PortSecurityPortHasSecurityGroup", error.Type);
        Assert.True((await cloud.Ports.GetAsync(port.Id)).PortSecurityEnabled);
        var open = await cloud.Ports.UpdateAsync(port.Id, new PortChanges { PortSecurityEnabled = false, SecurityGroups = [] });
        Assert.Equal((false, 0), (open.PortSecurityEnabled, open.SecurityGroups.Count));
    }

    [Fact]
    public async Task An_unbound_ports_mac_changes_unique_with_its_eui64_addresses_a_bound_ones_does_not()
    {
        await using var cloud = await TestCloud.CreateAsync();
        await cloud.RegisterHostsAsync();
        var (network, _) = await cloud.NetworkWithSubnetAsync();
        var slaac = await cloud.Subnets.CreateAsync(new SubnetSpec(network.Id, "2001:db8:7::/64") { Ipv6RaMode = "slaac", Ipv6AddressMode = "slaac" });
        var port = await cloud.Ports.CreateAsync(new PortSpec(network.Id, Scenario.Demo));
        var other = await cloud.Ports.CreateAsync(new PortSpec(network.Id, Scenario.Demo));

        var changed = await cloud.Ports.UpdateAsync(port.Id, new PortChanges { MacAddress = "FA:16:3E:00:00:77" });

        Assert.Equal("fa:16:3e:00:00:77", changed.MacAddress);
        Assert.Contains(changed.FixedIps, a => a.SubnetId == slaac.Id && a.IpAddress == "2001:db8:7:0:f816:3eff:fe00:77");
        Assert.Equal("MacAddressInUse", (await Assert.ThrowsAsync<ConflictException>(() => cloud.Ports.UpdateAsync(other.Id, new PortChanges { MacAddress = "fa:16:3e:00:00:77" }))).Type);
        var bound = await cloud.Ports.UpdateAsync(other.Id, new PortChanges { HostId = "compute1" });
        Assert.Equal("PortBound", (await Assert.ThrowsAsync<ConflictException>(() => cloud.Ports.UpdateAsync(bound.Id, new PortChanges { MacAddress = "fa:16:3e:00:00:78" }))).Type);
        Assert.Equal(bound.MacAddress, (await cloud.Ports.GetAsync(bound.Id)).MacAddress);
    }

    [Fact]
    public async Task Another_projects_security_group_is_not_found()
    {
        await using var cloud = await TestCloud.CreateAsync();
        var (network, _) = await cloud.NetworkWithSubnetAsync();
        var foreign = await cloud.SecurityGroups.CreateAsync(Scenario.Alt, "theirs");

        await Assert.ThrowsAsync<NotFoundException>(() => cloud.Ports.CreateAsync(new PortSpec(network.Id, Scenario.Demo) { SecurityGroups = [foreign.Id] }));
    }

    [Fact]
    public async Task Port_on_unknown_network_is_NetworkNotFound()
    {
        await using var cloud = await TestCloud.CreateAsync();

        var error = await Assert.ThrowsAsync<NotFoundException>(() => cloud.Ports.CreateAsync(new PortSpec("no-such-network", Scenario.Demo)));

        Assert.Equal("NetworkNotFound", error.Type);
    }

    [Fact]
    public async Task Router_ports_cannot_be_deleted_through_the_port_api()
    {
        await using var cloud = await TestCloud.CreateAsync();
        var (_, subnet) = await cloud.NetworkWithSubnetAsync();
        var router = await cloud.Routers.CreateAsync(new Dashboard.Core.Routers.RouterSpec(Scenario.Demo, "r"));
        var routerInterface = await cloud.Routers.AddInterfaceAsync(router.Id, subnet.Id);

        var error = await Assert.ThrowsAsync<InUseException>(() => cloud.Ports.DeleteAsync(routerInterface.PortId));

        Assert.Equal("L3PortInUse", error.Type);
    }

    [Fact]
    public async Task Names_longer_than_255_are_refused()
    {
        await using var cloud = await TestCloud.CreateAsync();
        var (network, _) = await cloud.NetworkWithSubnetAsync();

        var error = await Assert.ThrowsAsync<InvalidInputException>(() => cloud.Ports.CreateAsync(new PortSpec(network.Id, Scenario.Demo) { Name = new string('x', 256) }));

        Assert.Equal("name", error.Attribute);
    }

    [Fact]
    public async Task Ports_inherit_port_security_from_their_network_unless_told()
    {
        await using var cloud = await TestCloud.CreateAsync();
        var open = await cloud.Networks.CreateAsync(new NetworkSpec(Scenario.Demo, "open") { PortSecurityEnabled = false });
        await cloud.Subnets.CreateAsync(new SubnetSpec(open.Id, "10.7.0.0/24"));

        var inherited = await cloud.Ports.CreateAsync(new PortSpec(open.Id, Scenario.Demo));
        var explicitOn = await cloud.Ports.CreateAsync(new PortSpec(open.Id, Scenario.Demo) { PortSecurityEnabled = true });

        Assert.Equal((false, 0), (inherited.PortSecurityEnabled, inherited.SecurityGroups.Count));
        Assert.Equal((true, 1), (explicitOn.PortSecurityEnabled, explicitOn.SecurityGroups.Count));
    }

    [Fact]
    public async Task Admin_port_search_filters_pages_and_counts_in_the_database()
    {
        await using var cloud = await TestCloud.CreateAsync(new Dictionary<string, string?> { ["Quotas:quota_port"] = "-1" });
        await cloud.RegisterHostsAsync();
        var (network, _) = await cloud.NetworkWithSubnetAsync();
        for (var i = 0; i < 7; i++)
        {
            await cloud.Ports.CreateAsync(new PortSpec(network.Id, Scenario.Demo) { HostId = i < 3 ? "compute1" : null });
        }
        await cloud.Ports.CreateAsync(new PortSpec(network.Id, Scenario.Alt));

        var onHost = await cloud.Ports.SearchAsync(new PortSearch(Host: "compute1"), 0, 2);
        var demoDown = await cloud.Ports.SearchAsync(new PortSearch(ProjectId: Scenario.Demo, Status: PortStatus.Down), 0, 10);
        var secondPage = await cloud.Ports.SearchAsync(new PortSearch(), 5, 5);

        Assert.Equal((3, 2), (onHost.Total, onHost.Items.Count));
        Assert.All(onHost.Items, p => Assert.Equal("compute1", p.BindingHostId));
        Assert.Equal(4, demoDown.Total);
        Assert.Equal((8, 3), (secondPage.Total, secondPage.Items.Count));
    }

    [Fact]
    public async Task Admin_port_search_finds_text_in_name_id_mac_or_fixed_ip_in_any_case_and_literally()
    {
        await using var cloud = await TestCloud.CreateAsync();
        var (network, _) = await cloud.NetworkWithSubnetAsync();
        var named = await cloud.Ports.CreateAsync(new PortSpec(network.Id, Scenario.Demo) { Name = "web_100%" });
        var other = await cloud.Ports.CreateAsync(new PortSpec(network.Id, Scenario.Demo) { Name = "webx100" });
        var ip = other.FixedIps.Single().IpAddress;

        async Task<List<string>> Find(string text) => (await cloud.Ports.SearchAsync(new PortSearch(Text: text), 0, 50)).Items.Select(p => p.Id).ToList();

        Assert.Equal([named.Id], await Find("web_100%"));
        Assert.Equal([named.Id], await Find(named.Id[..13]));
        Assert.Equal([other.Id], await Find(other.MacAddress.ToUpperInvariant()));
        Assert.Equal([named.Id], await Find("WEB_1"));
        Assert.Equal([other.Id], await Find($" {ip} "));
        Assert.Empty(await Find("bx_0")); // as a wildcard, _ would match "webx100"
    }
}
