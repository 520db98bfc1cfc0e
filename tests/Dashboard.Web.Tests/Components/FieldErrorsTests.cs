using Bunit;
using Dashboard.Core.Identity;
using Dashboard.Core.Networking;
using Dashboard.Core.Routers;
using Dashboard.Core.SecurityGroups;
using Dashboard.Web.Components.Pages.Identity;
using Dashboard.Web.Components.Pages.Project.Routers;
using Dashboard.Web.Components.Pages.Project.SecurityGroups;
using MudBlazor;

namespace Dashboard.Web.Tests.Components;

/// <summary>The errors a form used to show at its top are shown beside the field they concern, naming resources by name.</summary>
public class FieldErrorsTests : ComponentTest
{
    private static string ErrorBeside(IRenderedComponent<MudDialogProvider> provider, string testId) =>
        provider.Find($"[data-testid={testId}]").Closest(".mud-input-control")?.QuerySelector(".mud-input-helper-text.mud-input-error")?.TextContent.Trim() ?? "";

    private static void Press(IRenderedComponent<MudDialogProvider> provider, string button) =>
        provider.ClickOn(r => r.FindAll("button").Single(b => b.TextContent.Trim() == button));

    [Fact]
    public async Task A_port_out_of_range_is_kept_as_typed_and_refused_and_a_rule_given_twice_is_refused_beside_the_rule()
    {
        await SignInAsync("demo", "demo");
        var caller = await Get<Dashboard.Web.Account.CurrentUser>().CallerAsync();
        var group = await Get<SecurityGroupService>().CreateAsync(caller.ProjectId, "web");
        var provider = await OpenDialogAsync(new DialogParameters<AddRuleDialog> { { d => d.Group, group }, { d => d.Groups, new Dictionary<string, string> { [group.Id] = group.Name } } });
        AngleSharp.Dom.IElement Port(IRenderedComponent<MudDialogProvider> r) =>
            r.FindAll(".mud-input-control").Single(c => c.QuerySelector("label")?.TextContent.Trim() == "Port").QuerySelector("input")!;

        provider.ChangeOn(Port, "70000");
        Press(provider, "Add");
        provider.WaitForAssertion(() => Assert.Contains("Enter a port from 1 to 65535.", provider.Markup));
        Assert.Equal("70000", Port(provider).GetAttribute("value")); // refused, never changed to fit
        Assert.Equal(2, (await Get<SecurityGroupService>().GetAsync(group.Id)).Rules.Count);

        provider.ChangeOn(Port, "22");
        Press(provider, "Add");
        provider.WaitForAssertion(() => Assert.Equal(3, Get<SecurityGroupService>().GetAsync(group.Id).Result.Rules.Count));

        var again = await OpenDialogAsync(new DialogParameters<AddRuleDialog> { { d => d.Group, group }, { d => d.Groups, new Dictionary<string, string> { [group.Id] = group.Name } } });
        again.ChangeOn(Port, "22");
        Press(again, "Add");
        again.WaitForAssertion(() => Assert.Equal("web already has this rule.", ErrorBeside(again, "rule-preset")));
        Assert.Empty(again.FindAll("[data-testid=rule-error]"));
    }

    [Fact]
    public async Task An_overlapping_or_repeated_interface_is_refused_beside_the_subnet_by_name()
    {
        await SignInAsync("demo", "demo");
        var caller = await Get<Dashboard.Web.Account.CurrentUser>().CallerAsync();
        var network = await Get<NetworkService>().CreateAsync(new NetworkSpec(caller.ProjectId, "copy"));
        var copy = await Get<SubnetService>().CreateAsync(new SubnetSpec(network.Id, "10.0.0.0/24") { Name = "copy-subnet" });
        var privateSubnet = (await Get<NetworkService>().ListAsync(caller.ProjectId)).Single(n => n.Name == "private").Subnets.Single();
        var router = (await Get<RouterService>().ListAsync(caller.ProjectId)).Single(r => r.Name == "router1");

        foreach (var (subnet, expected) in new[]
        {
            (copy.Id, "10.0.0.0/24 (copy-subnet) overlaps 10.0.0.0/24 (private-subnet), already on router router1."),
            (privateSubnet.Id, "Router router1 already has an interface on subnet private-subnet."),
        })
        {
            var provider = await OpenDialogAsync(new DialogParameters<AddInterfaceDialog> { { d => d.RouterId, router.Id }, { d => d.Caller, caller } });
            await provider.InvokeAsync(() => provider.FindComponents<MudSelect<string>>().Last().Instance.SelectOption(subnet));
            Press(provider, "Submit");
            provider.WaitForAssertion(() => Assert.Equal(expected, ErrorBeside(provider, "interface-subnet")));
            Press(provider, "Cancel");
        }
        Assert.Single(await Get<RouterService>().InterfacesAsync(router.Id));

        // An address off the chosen subnet is said beside the address, not the subnet.
        var other = await Get<NetworkService>().CreateAsync(new NetworkSpec(caller.ProjectId, "spare"));
        var spare = await Get<SubnetService>().CreateAsync(new SubnetSpec(other.Id, "10.31.0.0/24") { Name = "spare-subnet" });
        var taken = await OpenDialogAsync(new DialogParameters<AddInterfaceDialog> { { d => d.RouterId, router.Id }, { d => d.Caller, caller } });
        await taken.InvokeAsync(() => taken.FindComponents<MudSelect<string>>().Last().Instance.SelectOption(spare.Id));
        taken.ChangeOn(r => r.Find("[data-testid=interface-ip]"), "10.99.0.1");
        Press(taken, "Submit");
        taken.WaitForAssertion(() => Assert.Contains("10.99.0.1", ErrorBeside(taken, "interface-ip")));
        Assert.Equal("", ErrorBeside(taken, "interface-subnet"));
        Assert.Single(await Get<RouterService>().InterfacesAsync(router.Id));
    }

    [Fact]
    public async Task A_user_name_taken_is_refused_beside_the_name()
    {
        await SignInAsync("admin", "admin");
        var provider = await OpenDialogAsync(new DialogParameters<UserDialog>());
        AngleSharp.Dom.IElement Field(IRenderedComponent<MudDialogProvider> r, string label) =>
            r.FindAll(".mud-input-control").Single(c => c.QuerySelector("label")?.TextContent.Trim().TrimEnd('*') == label).QuerySelector("input")!;

        provider.ChangeOn(r => Field(r, "User Name"), "demo");
        provider.ChangeOn(r => Field(r, "Password"), "pw-1");
        provider.ChangeOn(r => Field(r, "Confirm Password"), "pw-1");
        Press(provider, "Create User");

        provider.WaitForAssertion(() => Assert.Equal("A user named demo already exists.", ErrorBeside(provider, "user-name")));
        Assert.Single(await Get<IdentityService>().ListUsersAsync(), u => u.Name == "demo");
    }
}
