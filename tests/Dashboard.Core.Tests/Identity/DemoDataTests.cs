using Dashboard.Core.Hosts;
using Dashboard.Core.Networking;
using Dashboard.Core.Persistence;
using Dashboard.Core.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace Dashboard.Core.Tests.Identity;

public class DemoDataTests
{
    private static readonly Dictionary<string, string?> WithDemo = new()
    {
        ["Demo:Seed"] = "true",
        ["Demo:UserPassword"] = "demo-pw",
        ["Neutron:network_vlan_ranges"] = "physnet1:1000:2999",
    };

    [Fact]
    public async Task Empty_database_gets_the_seed_picture()
    {
        await using var cloud = await TestCloud.CreateAsync(WithDemo, bootstrap: true);

        var demo = (await cloud.Identity.FindProjectAsync("demo"))!;
        var alt = (await cloud.Identity.FindProjectAsync("alt_demo"))!;
        var networks = await cloud.Networks.ListAsync();
        var privateNet = networks.Single(n => n.Name == "private");
        var publicNet = networks.Single(n => n.Name == "public");
        Assert.Equal((demo.Id, "vlan", "physnet1", 1000L), (privateNet.ProjectId, privateNet.NetworkType, privateNet.PhysicalNetwork, privateNet.SegmentationId!.Value));
        Assert.Equal("10.0.0.0/24", privateNet.Subnets.Single().Cidr);
        Assert.Equal((true, "flat", "physnet1"), (publicNet.External, publicNet.NetworkType, publicNet.PhysicalNetwork));
        Assert.Contains(networks, n => n.ProjectId == alt.Id);

        var instances = await cloud.Instances.ListAsync();
        Assert.Equal([("VM01", "compute1"), ("VM02", "compute1"), ("VM03", "compute2"), ("VM05", "compute2")], instances.Select(i => (i.Name, i.HostName)));
        var router = Assert.Single(await cloud.Routers.ListAsync(demo.Id));
        Assert.Equal(publicNet.Id, router.GatewayNetworkId);
        Assert.Single(await cloud.Routers.InterfacesAsync(router.Id));

        var compute1 = await cloud.Nodes.LayoutAsync("compute1");
        Assert.Equal(2, compute1.Vifs.Count);
        Assert.All(compute1.Vifs, v => Assert.Equal(1, v.LocalVlan));
        Assert.Equal(["br-int", "br-eth1"], compute1.Bridges.Select(b => b.Name));
        await cloud.Identity.AuthenticateAsync("demo", "demo-pw");
    }

    [Fact]
    public async Task Seed_runs_only_on_an_empty_database()
    {
        await using var cloud = await TestCloud.CreateAsync(WithDemo, bootstrap: true);

        await using var restarted = cloud.Reopen();
        await restarted.Get<DatabaseInitializer>().InitializeAsync();

        Assert.Equal(4, await restarted.QueryAsync(db => db.Instances.CountAsync()));
        Assert.Equal(3, await restarted.QueryAsync(db => db.Networks.CountAsync()));
    }
}
