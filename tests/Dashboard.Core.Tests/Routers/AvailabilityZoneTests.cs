using Dashboard.Core.Agents;
using Dashboard.Core.Errors;
using Dashboard.Core.Networking;
using Dashboard.Core.Routers;
using Dashboard.Core.Tests.Support;

namespace Dashboard.Core.Tests.Routers;

/// <summary>Neutron's availability zones: the zones the L3 and DHCP agents' hosts report, and hints that narrow scheduling to them.</summary>
public class AvailabilityZoneTests
{
    [Fact]
    public async Task Zones_are_those_of_the_agents_and_hints_send_routers_and_networks_to_agents_of_that_zone()
    {
        await using var node = await NetworkNodeCloud.CreateAsync();
        await node.Cloud.Nodes.RegisterAsync("network2", ["physnet1:br-eth1:eth1"], "192.168.56.20", agents: [AgentTypes.L3, AgentTypes.Dhcp], availabilityZone: "az2");
        await node.Cloud.WireAsync(); // network2's agents report
        var zones = node.Cloud.Get<AvailabilityZones>();

        Assert.Equal([("az2", "network", "available"), ("nova", "network", "available"), ("az2", "router", "available"), ("nova", "router", "available")],
            (await zones.ListAsync()).Select(z => (z.Name, z.Resource, z.State)));

        // network1 carries the fixture's router, so the least-loaded choice alone would be network2: hint nova to see the hint decide.
        var inNova = await node.Cloud.Routers.CreateAsync(new RouterSpec(Scenario.Demo, "in-nova") { AvailabilityZoneHints = ["nova"] });
        var inAz2 = await node.Cloud.Routers.CreateAsync(new RouterSpec(Scenario.Demo, "in-az2") { AvailabilityZoneHints = ["az2"] });
        Assert.Equal(("network1", "nova"), (inNova.L3AgentHost, Assert.Single(inNova.AvailabilityZoneHints)));
        Assert.Equal("network2", inAz2.L3AgentHost);

        var network = await node.Cloud.Networks.CreateAsync(new NetworkSpec(Scenario.Demo, "dhcp-in-nova") { AvailabilityZoneHints = ["nova"] });
        await node.Cloud.Subnets.CreateAsync(new SubnetSpec(network.Id, "10.9.0.0/24"));
        Assert.Equal(["network1"], (await node.Agents.DhcpAgentsOfNetworkAsync(network.Id)).Select(a => a.Host));

        var unknown = await Assert.ThrowsAsync<NotFoundException>(() => node.Cloud.Routers.CreateAsync(new RouterSpec(Scenario.Demo, "r") { AvailabilityZoneHints = ["az9"] }));
        Assert.Equal(("AvailabilityZoneNotFound", "AvailabilityZone az9 could not be found."), (unknown.Type, unknown.Message));
        Assert.Equal("availability_zone_hints", (await Assert.ThrowsAsync<InvalidInputException>(() => node.Cloud.Networks.CreateAsync(
            new NetworkSpec(Scenario.Demo, "n") { AvailabilityZoneHints = [.. Enumerable.Repeat("nova", 64)] }))).Attribute);
        Assert.DoesNotContain(await node.Cloud.Networks.ListAsync(null), n => n.Name == "n"); // nothing half made

        // A zone whose every agent of a kind is admin down is unavailable for that kind.
        var l3OnNetwork2 = (await node.Agents.ListAsync()).Single(a => a.Host == "network2" && a.AgentType == AgentTypes.L3);
        await node.Agents.UpdateAsync(l3OnNetwork2.Id, adminStateUp: false, description: "draining");
        Assert.Contains(("az2", "router", "unavailable"), (await zones.ListAsync()).Select(z => (z.Name, z.Resource, z.State)));
        Assert.Equal(("az2", "draining"), ((await node.Agents.GetAsync(l3OnNetwork2.Id)).AvailabilityZone, (await node.Agents.GetAsync(l3OnNetwork2.Id)).Description));
    }

    [Fact]
    public async Task An_open_vswitch_agent_reports_no_zone_and_takes_a_description()
    {
        await using var node = await NetworkNodeCloud.CreateAsync();
        var ovs = (await node.Agents.ListAsync()).First(a => a.AgentType == AgentTypes.Ovs);

        await node.Agents.UpdateAsync(ovs.Id, adminStateUp: null, description: "rack 4, row B");

        var updated = await node.Agents.GetAsync(ovs.Id);
        Assert.Equal((null, "rack 4, row B", true), (updated.AvailabilityZone, updated.Description, updated.AdminStateUp));
    }
}
