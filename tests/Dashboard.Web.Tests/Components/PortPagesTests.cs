using Bunit;
using Dashboard.Core.Hosts;
using Dashboard.Core.Networking;
using Dashboard.Web.Components.Pages.Project.Networks;
using MudBlazor;

namespace Dashboard.Web.Tests.Components;

public class PortPagesTests : ComponentTest
{
    private async Task<Port> Vm01PortAsync()
    {
        var vm01 = (await Get<InstanceService>().ListAsync()).Single(i => i.Name == "VM01");
        return (await Get<PortService>().ListAsync(deviceId: vm01.Id)).Single();
    }

    [Fact]
    public async Task The_port_page_shows_the_port_to_its_project_the_binding_to_admins_only_and_nothing_to_another_project()
    {
        var port = await Vm01PortAsync();
        await SignInAsync("demo", "demo");

        var page = Render<PortDetail>(p => p.Add(d => d.PortId, port.Id));
        page.WaitForAssertion(() => Assert.Contains(port.MacAddress, page.Find("[data-testid=port-overview]").TextContent));
        Assert.Equal("default", page.Find("[data-testid=port-security-groups]").TextContent);
        Assert.Empty(page.FindAll("[data-testid=port-host]"));
        Assert.Equal("None", page.Find("[data-testid=port-dhcp-opts]").TextContent);
        await Get<PortService>().UpdateAsync(port.Id, new PortChanges { ExtraDhcpOpts = [new("bootfile-name", "pxelinux.0"), new("router", "")] });
        page = Render<PortDetail>(p => p.Add(d => d.PortId, port.Id));
        page.WaitForAssertion(() => Assert.Equal("bootfile-name = pxelinux.0 (IPv4)router = (empty) (IPv4)", page.Find("[data-testid=port-dhcp-opts]").TextContent));

        await SignInAsync("admin", "admin");
        var admin = Render<PortDetail>(p => p.Add(d => d.PortId, port.Id));
        admin.WaitForAssertion(() => Assert.Equal("compute1", admin.Find("[data-testid=port-host]").TextContent));

        await SignInAsync("alt_demo", "alt_demo");
        var other = Render<PortDetail>(p => p.Add(d => d.PortId, port.Id));
        other.WaitForAssertion(() => Assert.NotEmpty(other.FindAll("[data-testid=port-not-found]")));
        Assert.DoesNotContain(port.MacAddress, other.Markup);
    }

    [Fact]
    public async Task Edit_port_turns_port_security_off_which_takes_the_groups_off_as_horizon_does()
    {
        var port = await Vm01PortAsync();
        await SignInAsync("demo", "demo");
        var caller = await Get<Dashboard.Web.Account.CurrentUser>().CallerAsync();
        var network = await Get<NetworkService>().GetAsync(port.NetworkId);

        var provider = await OpenDialogAsync(new DialogParameters<PortDialog> { { d => d.Network, network }, { d => d.Caller, caller }, { d => d.Existing, port } });
        await provider.InvokeAsync(() => provider.Find("[data-testid=port-security]").Change(false));
        provider.ClickOn(r => r.FindAll("button").Single(b => b.TextContent.Trim() == "Update"));

        provider.WaitForAssertion(() => Assert.False(Get<PortService>().GetAsync(port.Id).Result.PortSecurityEnabled));
        Assert.Empty((await Get<PortService>().GetAsync(port.Id)).SecurityGroups);
    }

    [Fact]
    public async Task Edit_port_sets_allowed_address_pairs_and_refuses_a_wrong_one_beside_the_field()
    {
        var port = await Vm01PortAsync();
        await SignInAsync("demo", "demo");
        var caller = await Get<Dashboard.Web.Account.CurrentUser>().CallerAsync();
        var network = await Get<NetworkService>().GetAsync(port.NetworkId);
        var provider = await OpenDialogAsync(new DialogParameters<PortDialog> { { d => d.Network, network }, { d => d.Caller, caller }, { d => d.Existing, port } });

        provider.ChangeOn(r => r.Find("[data-testid=port-pairs]"), "10.0.0.300");
        provider.ClickOn(r => r.FindAll("button").Single(b => b.TextContent.Trim() == "Update"));
        provider.WaitForAssertion(() => Assert.Contains("10.0.0.300", provider.Find("[data-testid=port-pairs]").Closest(".mud-input-control")!.QuerySelector(".mud-input-helper-text")!.TextContent));
        Assert.Empty((await Get<PortService>().GetAsync(port.Id)).AllowedAddressPairs);

        provider.ChangeOn(r => r.Find("[data-testid=port-pairs]"), "10.0.0.100\n10.0.9.0/24, fa:16:3e:aa:bb:cc");
        provider.ClickOn(r => r.FindAll("button").Single(b => b.TextContent.Trim() == "Update"));

        provider.WaitForAssertion(() => Assert.Equal(
            [new AddressPair("10.0.0.100", port.MacAddress), new AddressPair("10.0.9.0/24", "fa:16:3e:aa:bb:cc")],
            Get<PortService>().GetAsync(port.Id).Result.AllowedAddressPairs));
    }
}
