using Dashboard.Core.Errors;
using Dashboard.Core.Networking;
using Dashboard.Core.Routers;
using Dashboard.Core.Tests.Support;

namespace Dashboard.Core.Tests.Networking;

public class RbacTests
{
    [Fact]
    public async Task A_network_shared_with_one_project_is_seen_and_used_by_it_alone_and_the_share_stays_while_it_has_ports_there()
    {
        await using var cloud = await TestCloud.CreateAsync();
        var rbac = cloud.Get<RbacService>();
        var (network, _) = await cloud.NetworkWithSubnetAsync();
        Assert.DoesNotContain(await cloud.Networks.ListAsync(Scenario.Alt), n => n.Id == network.Id);

        var policy = await rbac.CreateAsync(Scenario.Demo, "network", network.Id, RbacPolicy.AccessAsShared, Scenario.Alt, byAdmin: false);

        Assert.Contains(await cloud.Networks.ListAsync(Scenario.Alt), n => n.Id == network.Id);
        Assert.DoesNotContain(await cloud.Networks.ListAsync("third-project"), n => n.Id == network.Id);
        Assert.True((await cloud.Networks.LookAsync(Scenario.Alt, [network.Id])).Shared(network));
        Assert.False((await cloud.Networks.GetAsync(network.Id)).Shared); // shared with one project, not with everyone
        Assert.Equal("DuplicateRbacPolicy", (await Assert.ThrowsAsync<ConflictException>(() => rbac.CreateAsync(Scenario.Demo, "network", network.Id, RbacPolicy.AccessAsShared, Scenario.Alt, false))).Type);
        await Assert.ThrowsAsync<NotFoundException>(() => rbac.CreateAsync(Scenario.Alt, "network", network.Id, RbacPolicy.AccessAsShared, "third-project", false)); // not alt's to share

        var altPort = await cloud.Ports.CreateAsync(new PortSpec(network.Id, Scenario.Alt));
        Assert.Equal("RbacPolicyInUse", (await Assert.ThrowsAsync<InUseException>(() => rbac.DeleteAsync(policy.Id))).Type);
        Assert.Equal("RbacPolicyInUse", (await Assert.ThrowsAsync<InUseException>(() => rbac.UpdateAsync(policy.Id, "third-project"))).Type);
        await cloud.Ports.DeleteAsync(altPort.Id);
        await rbac.DeleteAsync(policy.Id);
        Assert.DoesNotContain(await cloud.Networks.ListAsync(Scenario.Alt), n => n.Id == network.Id);
    }

    [Fact]
    public async Task A_policy_for_every_project_is_the_networks_flag_listed_with_an_id_of_its_own()
    {
        await using var cloud = await TestCloud.CreateAsync();
        var rbac = cloud.Get<RbacService>();
        var (network, _) = await cloud.NetworkWithSubnetAsync();

        var everyone = await rbac.CreateAsync(Scenario.Demo, "network", network.Id, RbacPolicy.AccessAsShared, RbacPolicy.Everyone, byAdmin: true);

        Assert.True((await cloud.Networks.GetAsync(network.Id)).Shared);
        Assert.Equal(everyone.Id, (await rbac.ListAsync(Scenario.Demo)).Single(r => r.ObjectId == network.Id).Id);
        Assert.Equal(everyone.Id, (await rbac.GetAsync(everyone.Id)).Id);
        await cloud.Ports.CreateAsync(new PortSpec(network.Id, Scenario.Alt));
        Assert.Equal("RbacPolicyInUse", (await Assert.ThrowsAsync<InUseException>(() => rbac.DeleteAsync(everyone.Id))).Type);
        // A share with alt itself keeps alt's port on the network when everyone's goes.
        await rbac.CreateAsync(Scenario.Demo, "network", network.Id, RbacPolicy.AccessAsShared, Scenario.Alt, byAdmin: false);
        await rbac.DeleteAsync(everyone.Id);
        Assert.False((await cloud.Networks.GetAsync(network.Id)).Shared);
        Assert.Contains(await cloud.Networks.ListAsync(Scenario.Alt), n => n.Id == network.Id);
        await Assert.ThrowsAsync<NotFoundException>(() => rbac.GetAsync(everyone.Id));

        // A policy for every project is the flag: it is not retargeted, nor is one for a project turned into it.
        var again = await rbac.CreateAsync(Scenario.Demo, "network", network.Id, RbacPolicy.AccessAsShared, RbacPolicy.Everyone, byAdmin: true);
        Assert.Equal("target_tenant", (await Assert.ThrowsAsync<InvalidInputException>(() => rbac.UpdateAsync(again.Id, "third-project"))).Attribute);
        var forAlt = (await rbac.ListAsync(Scenario.Demo)).Single(r => r.TargetProject == Scenario.Alt);
        Assert.Equal("target_tenant", (await Assert.ThrowsAsync<InvalidInputException>(() => rbac.UpdateAsync(forAlt.Id, RbacPolicy.Everyone))).Attribute);
        await Assert.ThrowsAsync<NotFoundException>(() => rbac.UpdateAsync(Guid.NewGuid().ToString(), "x"));
    }

    [Fact]
    public async Task A_network_external_for_one_project_takes_its_routers_gateway_and_floating_ips_and_no_other_projects()
    {
        await using var cloud = await TestCloud.CreateAsync();
        var rbac = cloud.Get<RbacService>();
        var (external, _) = await cloud.NetworkWithSubnetAsync();
        var altRouter = await cloud.Routers.CreateAsync(new RouterSpec(Scenario.Alt, "alt-r"));
        await Assert.ThrowsAsync<InvalidInputException>(() => cloud.Routers.UpdateAsync(altRouter.Id, new RouterChanges { ExternalGateway = new GatewayInfo(external.Id) }));

        var policy = await rbac.CreateAsync(Scenario.Demo, "network", external.Id, RbacPolicy.AccessAsExternal, Scenario.Alt, byAdmin: false);

        await cloud.Routers.UpdateAsync(altRouter.Id, new RouterChanges { ExternalGateway = new GatewayInfo(external.Id) });
        await cloud.Get<FloatingIpService>().CreateAsync(new FloatingIpSpec(Scenario.Alt, external.Id));
        Assert.False((await cloud.Networks.GetAsync(external.Id)).External);
        var third = await cloud.Routers.CreateAsync(new RouterSpec("third-project", "third-r"));
        await Assert.ThrowsAsync<InvalidInputException>(() => cloud.Routers.UpdateAsync(third.Id, new RouterChanges { ExternalGateway = new GatewayInfo(external.Id) }));
        Assert.Equal("RbacPolicyInUse", (await Assert.ThrowsAsync<InUseException>(() => rbac.DeleteAsync(policy.Id))).Type);
    }
}
