using Dashboard.Core.Errors;
using Dashboard.Core.Identity;
using Dashboard.Core.Persistence;
using Dashboard.Core.Seeding;
using Dashboard.Core.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace Dashboard.Core.Tests.Identity;

public class IdentityTests
{
    [Fact]
    public async Task Bootstrap_creates_roles_admin_project_and_admin_user_once()
    {
        await using var cloud = await TestCloud.CreateAsync(bootstrap: true);

        await cloud.Get<IdentityBootstrap>().RunAsync();

        Assert.Equal(["admin", "member", "reader"], (await cloud.Identity.ListRolesAsync()).Select(r => r.Name));
        var admin = await cloud.Identity.AuthenticateAsync("admin", "secret-admin");
        var project = await cloud.Identity.FindProjectAsync("admin");
        Assert.Equal(["admin", "member", "reader"], await cloud.Identity.RolesOnAsync(admin.Id, project!.Id)); // admin implies member, member reader
        Assert.Equal(1, await cloud.QueryAsync(db => db.Users.CountAsync()));
    }

    [Fact]
    public async Task Without_a_configured_password_a_random_one_is_logged_once_and_works()
    {
        await using var cloud = await TestCloud.CreateAsync(new Dictionary<string, string?> { ["Bootstrap:AdminPassword"] = "" }, bootstrap: true);

        var line = Assert.Single(cloud.Logs.Lines, l => l.Contains("password of user 'admin'"));
        var password = line[(line.LastIndexOf(' ') + 1)..];
        await cloud.Get<IdentityBootstrap>().RunAsync();

        Assert.True(password.Length >= 16);
        await cloud.Identity.AuthenticateAsync("admin", password);
        Assert.Single(cloud.Logs.Lines, l => l.Contains("password of user 'admin'"));
    }

    [Fact]
    public async Task Passwords_are_stored_as_salted_hashes()
    {
        await using var cloud = await TestCloud.CreateAsync();

        var a = await cloud.Identity.CreateUserAsync("alice", "same-password");
        var b = await cloud.Identity.CreateUserAsync("bob", "same-password");

        var hashes = await cloud.QueryAsync(db => db.Users.Select(u => u.PasswordHash).ToListAsync());
        Assert.All(hashes, h => Assert.DoesNotContain("same-password", h));
        Assert.All(hashes, h => Assert.StartsWith("pbkdf2-sha256$", h));
        Assert.NotEqual(hashes[0], hashes[1]);
        Assert.Equal(a.Id, (await cloud.Identity.AuthenticateAsync("alice", "same-password")).Id);
        Assert.Equal(b.Id, (await cloud.Identity.AuthenticateAsync("bob", "same-password")).Id);
    }

    [Fact]
    public async Task Wrong_password_unknown_or_disabled_user_is_Unauthorized()
    {
        await using var cloud = await TestCloud.CreateAsync();
        var user = await cloud.Identity.CreateUserAsync("alice", "right");

        await Assert.ThrowsAsync<AuthenticationException>(() => cloud.Identity.AuthenticateAsync("alice", "wrong"));
        await Assert.ThrowsAsync<AuthenticationException>(() => cloud.Identity.AuthenticateAsync("nobody", "right"));
        await cloud.Identity.UpdateUserAsync(user.Id, enabled: false);
        await Assert.ThrowsAsync<AuthenticationException>(() => cloud.Identity.AuthenticateAsync("alice", "right"));
    }

    [Fact]
    public async Task Role_assignments_per_project_drive_the_project_list()
    {
        await using var cloud = await TestCloud.CreateAsync(bootstrap: true);
        var demo = await cloud.Identity.CreateProjectAsync("demo");
        var other = await cloud.Identity.CreateProjectAsync("other");
        var user = await cloud.Identity.CreateUserAsync("alice", "pw", demo.Id);

        await cloud.Identity.AssignRoleAsync(demo.Id, user.Id, Role.Member);
        await cloud.Identity.AssignRoleAsync(demo.Id, user.Id, Role.Member);
        await cloud.Identity.AssignRoleAsync(other.Id, user.Id, Role.Reader);
        await cloud.Identity.RevokeRoleAsync(other.Id, user.Id, Role.Reader);

        Assert.Equal(["demo"], (await cloud.Identity.ProjectsOfAsync(user.Id)).Select(p => p.Name));
        Assert.Equal(["member", "reader"], await cloud.Identity.RolesOnAsync(user.Id, demo.Id));
        Assert.Single(await cloud.Identity.ListAssignmentsAsync(userId: user.Id));
        await Assert.ThrowsAsync<NotFoundException>(() => cloud.Identity.RevokeRoleAsync(other.Id, user.Id, Role.Reader));
        await Assert.ThrowsAsync<NotFoundException>(() => cloud.Identity.AssignRoleAsync(demo.Id, user.Id, "no-such-role"));
    }

    [Fact]
    public async Task Duplicate_names_and_empty_names_are_refused()
    {
        await using var cloud = await TestCloud.CreateAsync();
        await cloud.Identity.CreateProjectAsync("demo");
        await cloud.Identity.CreateUserAsync("alice", "pw");

        await Assert.ThrowsAsync<ConflictException>(() => cloud.Identity.CreateProjectAsync("demo"));
        await Assert.ThrowsAsync<ConflictException>(() => cloud.Identity.CreateUserAsync("alice", "pw"));
        await Assert.ThrowsAsync<InvalidInputException>(() => cloud.Identity.CreateProjectAsync(" "));
        await Assert.ThrowsAsync<InvalidInputException>(() => cloud.Identity.CreateUserAsync("carol", ""));
    }

    [Fact]
    public async Task Deleting_a_project_removes_its_role_assignments()
    {
        await using var cloud = await TestCloud.CreateAsync(bootstrap: true);
        var demo = await cloud.Identity.CreateProjectAsync("demo");
        var user = await cloud.Identity.CreateUserAsync("alice", "pw", demo.Id);
        await cloud.Identity.AssignRoleAsync(demo.Id, user.Id, Role.Member);

        await cloud.Identity.DeleteProjectAsync(demo.Id);

        Assert.Empty(await cloud.Identity.ListAssignmentsAsync(userId: user.Id));
        Assert.Null((await cloud.Identity.FindUserAsync("alice"))!.DefaultProjectId);
    }

    [Fact]
    public async Task Start_up_purges_tokens_expired_over_a_day_ago_and_keeps_the_rest()
    {
        await using var cloud = await TestCloud.CreateAsync(bootstrap: true);
        var admin = (await cloud.Identity.FindUserAsync("admin"))!;
        var tokens = cloud.Get<TokenService>();
        var (kept, _) = await tokens.IssueAsync(admin, null, ["password"]);
        var (old, _) = await tokens.IssueAsync(admin, null, ["password"]);
        await using (var db = cloud.NewContext())
        {
            var oldId = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(old)));
            await db.Tokens.Where(t => t.Id == oldId).ExecuteUpdateAsync(s => s.SetProperty(t => t.ExpiresAt, DateTime.UtcNow.AddDays(-2)));
        }

        await cloud.Get<DatabaseInitializer>().InitializeAsync();

        Assert.Equal(1, await cloud.QueryAsync(db => db.Tokens.CountAsync()));
        Assert.NotNull(await tokens.ValidateAsync(kept));
    }

    [Fact]
    public async Task A_second_project_with_the_same_name_is_a_conflict()
    {
        await using var cloud = await TestCloud.CreateAsync();
        await cloud.Identity.CreateProjectAsync("research");

        var error = await Assert.ThrowsAsync<Errors.ConflictException>(() => cloud.Identity.CreateProjectAsync("research"));

        Assert.Contains("Duplicate entry found with name research", error.Message);
        Assert.Single(await cloud.Identity.ListProjectsAsync(), p => p.Name == "research");
    }
}
