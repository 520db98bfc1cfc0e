using System.Security.Cryptography;
using Dashboard.Core.Identity;
using Dashboard.Core.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Dashboard.Core.Seeding;

/// <summary>
/// What <c>keystone-manage bootstrap</c> does: roles admin, member, reader, admin implying member and member implying
/// reader; project admin; user admin with the admin role on it.
/// </summary>
public sealed class IdentityBootstrap(Transactions transactions, IOptions<BootstrapOptions> options, ILogger<IdentityBootstrap> logger)
{
    public const string AdminName = "admin";

    /// <summary>Creates what is missing and returns the admin project's ID. An existing admin keeps their password.</summary>
    public Task<string> RunAsync(CancellationToken ct = default) =>
        transactions.WriteAsync(async db =>
        {
            // The roles, and with the roles it makes the rules admin implies member, member implies reader (rules an
            // admin has since removed are not made again for roles that exist).
            Role? prior = null;
            foreach (var name in new[] { Role.Admin, Role.Member, Role.Reader })
            {
                var role = await db.Roles.FirstOrDefaultAsync(r => r.Name == name && r.DomainId == null, ct);
                if (role is null)
                {
                    db.Roles.Add(role = new Role { Name = name });
                    if (prior is not null)
                    {
                        db.RoleInferences.Add(new RoleInference { PriorRoleId = prior.Id, ImpliedRoleId = role.Id });
                    }
                }
                prior = role;
            }
            var project = await db.Projects.FirstOrDefaultAsync(p => p.Name == AdminName && p.DomainId == Domains.DefaultId, ct);
            if (project is null)
            {
                project = new Project { Name = AdminName, Description = "Bootstrap project for initializing the cloud." };
                db.Projects.Add(project);
            }
            var user = await db.Users.FirstOrDefaultAsync(u => u.Name == AdminName && u.DomainId == Domains.DefaultId, ct);
            if (user is null)
            {
                var password = options.Value.AdminPassword;
                if (string.IsNullOrEmpty(password))
                {
                    password = GeneratePassword();
                    logger.LogWarning("Bootstrap:AdminPassword is not set; generated the password of user 'admin' (shown once): {Password}", password);
                }
                user = new User { Name = AdminName, DefaultProjectId = project.Id };
                user.PasswordHash = PasswordHasher.Hash(password);
                db.Users.Add(user);
            }
            await db.SaveChangesAsync(ct);
            var adminRole = await db.Roles.FirstAsync(r => r.Name == Role.Admin && r.DomainId == null, ct);
            if (!await db.RoleAssignments.AnyAsync(a => a.ProjectId == project.Id && a.UserId == user.Id && a.RoleId == adminRole.Id, ct))
            {
                db.RoleAssignments.Add(new RoleAssignment { ProjectId = project.Id, UserId = user.Id, RoleId = adminRole.Id });
            }
            return project.Id;
        }, ct);

    public static string GeneratePassword() =>
        Convert.ToBase64String(RandomNumberGenerator.GetBytes(15)).Replace('+', 'x').Replace('/', 'y');
}
