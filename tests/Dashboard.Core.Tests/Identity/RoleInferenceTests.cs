using Dashboard.Core.Errors;
using Dashboard.Core.Identity;
using Dashboard.Core.Seeding;
using Dashboard.Core.Tests.Support;

namespace Dashboard.Core.Tests.Identity;

/// <summary>Keystone's implied roles as data, domain-specific roles and roles held on the system.</summary>
public sealed class RoleInferenceTests
{
    private static async Task<(TestCloud Cloud, Project Project, User User)> CloudWithMemberAsync()
    {
        var cloud = await TestCloud.CreateAsync(bootstrap: true);
        var project = await cloud.Identity.CreateProjectAsync("team");
        var user = await cloud.Identity.CreateUserAsync("ann", "pw-ann-123", project.Id);
        await cloud.Identity.AssignRoleAsync(project.Id, user.Id, Role.Member);
        return (cloud, project, user);
    }

    private static async Task<List<string>> TokenRolesAsync(TestCloud cloud, User user, string projectId) =>
        (await cloud.Get<TokenService>().IssueAsync(user, projectId, ["password"])).Info.Roles.Select(r => r.Name).ToList();

    private static async Task<string> IdOfAsync(TestCloud cloud, string name) => (await cloud.Identity.ListRolesOfAsync(null)).Single(r => r.Name == name).Id;

    [Fact]
    public async Task A_members_token_carries_reader_by_the_bootstraps_rule_until_an_admin_removes_the_rule_and_a_restart_does_not_make_it_again()
    {
        var (cloud, project, user) = await CloudWithMemberAsync();
        await using var _ = cloud;
        var (member, reader) = (await IdOfAsync(cloud, Role.Member), await IdOfAsync(cloud, Role.Reader));
        Assert.Equal(["member", "reader"], await TokenRolesAsync(cloud, user, project.Id));

        await cloud.Identity.DeleteInferenceAsync(member, reader);
        await cloud.Get<IdentityBootstrap>().RunAsync(); // a restart runs the bootstrap again

        Assert.Equal(["member"], await TokenRolesAsync(cloud, user, project.Id));
        Assert.Equal(["member"], await cloud.Identity.RolesOnAsync(user.Id, project.Id)); // what a sign-in's claims carry
        Assert.DoesNotContain(await cloud.Identity.ListInferencesAsync(), i => i.PriorRoleId == member);
    }

    [Fact]
    public async Task A_chain_of_rules_is_followed_and_a_cycle_only_once()
    {
        var (cloud, project, user) = await CloudWithMemberAsync();
        await using var _ = cloud;
        var (a, b, c) = (await cloud.Identity.CreateRoleAsync("a"), await cloud.Identity.CreateRoleAsync("b"), await cloud.Identity.CreateRoleAsync("c"));
        await cloud.Identity.CreateInferenceAsync(a.Id, b.Id);
        await cloud.Identity.CreateInferenceAsync(b.Id, c.Id);
        await cloud.Identity.CreateInferenceAsync(c.Id, a.Id);
        await cloud.Identity.AssignRoleAsync(project.Id, user.Id, "a");

        Assert.Equal(["a", "b", "c", "member", "reader"], await TokenRolesAsync(cloud, user, project.Id));
        var graph = await cloud.Identity.RoleGraphAsync();
        Assert.Equal([(a.Id, null), (b.Id, a.Id), (c.Id, b.Id)], graph.Effective(a.Id));
        Assert.Equal([b.Id], (await cloud.Identity.ImpliedByAsync(a.Id)).Select(r => r.Id));
    }

    [Fact]
    public async Task Rules_Keystone_refuses_are_refused_with_its_errors()
    {
        await using var cloud = await TestCloud.CreateAsync(bootstrap: true);
        var domain = await cloud.Identity.CreateDomainAsync("acme");
        var global = await cloud.Identity.CreateRoleAsync("auditor");
        var local = await cloud.Identity.CreateRoleAsync("auditor", domain.Id); // the same name in a domain is another role
        var admin = await IdOfAsync(cloud, Role.Admin);

        Assert.Equal("cannot be an implied roles", (await Assert.ThrowsAsync<ForbiddenException>(() => cloud.Identity.CreateInferenceAsync(global.Id, admin))).Message[(admin.Length + 1)..^1]);
        Assert.Equal("Global role cannot imply a domain-specific role", (await Assert.ThrowsAsync<ForbiddenException>(() => cloud.Identity.CreateInferenceAsync(global.Id, local.Id))).Message);
        await cloud.Identity.CreateInferenceAsync(local.Id, global.Id); // a domain role may imply a global one
        await Assert.ThrowsAsync<ConflictException>(() => cloud.Identity.CreateInferenceAsync(local.Id, global.Id));
        Assert.Equal("ImpliedRoleNotFound", (await Assert.ThrowsAsync<NotFoundException>(() => cloud.Identity.DeleteInferenceAsync(global.Id, local.Id))).Type);
        Assert.Equal("ImpliedRoleNotFound", (await Assert.ThrowsAsync<NotFoundException>(() => cloud.Identity.InferenceAsync(global.Id, local.Id))).Type);
        await Assert.ThrowsAsync<NotFoundException>(() => cloud.Identity.CreateInferenceAsync(global.Id, "no-such-role"));
        await Assert.ThrowsAsync<ConflictException>(() => cloud.Identity.CreateRoleAsync("auditor", domain.Id));
        Assert.Single(await cloud.Identity.ListInferencesAsync(), i => i.PriorRoleId == local.Id);
    }

    [Fact]
    public async Task A_domain_specific_role_is_granted_in_its_domain_only_and_counts_only_through_the_global_roles_it_implies()
    {
        await using var cloud = await TestCloud.CreateAsync(bootstrap: true);
        var acme = await cloud.Identity.CreateDomainAsync("acme");
        var inAcme = await cloud.Identity.CreateProjectAsync("web", domainId: acme.Id);
        var elsewhere = await cloud.Identity.CreateProjectAsync("other");
        var user = await cloud.Identity.CreateUserAsync("bob", "pw-bob-1234", null, domainId: acme.Id);
        var operatorRole = await cloud.Identity.CreateRoleAsync("operator", acme.Id);

        var mismatch = await Assert.ThrowsAsync<ForbiddenException>(() => cloud.Identity.AssignRoleAsync(elsewhere.Id, user.Id, operatorRole.Id));
        Assert.Equal($"Project {elsewhere.Id} must be in the same domain as the role {operatorRole.Id} being assigned.", mismatch.Message);
        await cloud.Identity.AssignRoleAsync(inAcme.Id, user.Id, operatorRole.Id);
        // Held alone it is in no token: the project has no role to carry.
        await Assert.ThrowsAsync<AuthenticationException>(() => cloud.Get<TokenService>().IssueAsync(user, inAcme.Id, ["password"]));

        await cloud.Identity.CreateInferenceAsync(operatorRole.Id, await IdOfAsync(cloud, Role.Member));
        Assert.Equal(["member", "reader"], await TokenRolesAsync(cloud, user, inAcme.Id));
        Assert.Equal([operatorRole.Id], (await cloud.Identity.ListRolesOfAsync(acme.Id)).Select(r => r.Id));
        Assert.DoesNotContain(await cloud.Identity.ListRolesOfAsync(null), r => r.Id == operatorRole.Id);

        await cloud.Identity.UpdateDomainAsync(acme.Id, enabled: false);
        await cloud.Identity.DeleteDomainAsync(acme.Id); // its roles go with it, with their rules
        Assert.DoesNotContain(await cloud.Identity.ListRolesAsync(), r => r.Id == operatorRole.Id);
        Assert.DoesNotContain(await cloud.Identity.ListInferencesAsync(), i => i.PriorRoleId == operatorRole.Id);
    }

    [Fact]
    public async Task Roles_on_the_system_are_granted_to_users_and_groups_checked_revoked_and_go_with_them()
    {
        var (cloud, _, user) = await CloudWithMemberAsync();
        await using var _c = cloud;
        var group = await cloud.Identity.CreateGroupAsync("ops");
        await cloud.Identity.AssignSystemRoleAsync(user.Id, false, Role.Reader);
        await cloud.Identity.AssignSystemRoleAsync(user.Id, false, Role.Reader); // twice is harmless
        await cloud.Identity.AssignSystemRoleAsync(group.Id, true, Role.Admin);
        var domain = await cloud.Identity.CreateDomainAsync("acme");
        var local = await cloud.Identity.CreateRoleAsync("local", domain.Id);

        Assert.Equal([(user.Id, false), (group.Id, true)], (await cloud.Identity.ListSystemAssignmentsAsync()).Select(a => (a.ActorId, a.IsGroup)).OrderBy(a => a.IsGroup));
        Assert.Equal("role_id", (await Assert.ThrowsAsync<InvalidInputException>(() => cloud.Identity.AssignSystemRoleAsync(user.Id, false, local.Id))).Attribute);
        await Assert.ThrowsAsync<NotFoundException>(() => cloud.Identity.AssignSystemRoleAsync("no-such-user", false, Role.Reader));
        await Assert.ThrowsAsync<NotFoundException>(() => cloud.Identity.RevokeSystemRoleAsync(user.Id, false, Role.Admin));

        await cloud.Identity.RevokeSystemRoleAsync(user.Id, false, Role.Reader);
        await cloud.Identity.DeleteGroupAsync(group.Id);
        Assert.Empty(await cloud.Identity.ListSystemAssignmentsAsync());
    }
}
