using Dashboard.Core.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Dashboard.Core.Persistence.Configurations;

internal sealed class DomainConfiguration : IEntityTypeConfiguration<Domain>
{
    public void Configure(EntityTypeBuilder<Domain> builder)
    {
        builder.HasKey(d => d.Id);
        builder.Property(d => d.Id).HasMaxLength(64);
        builder.Property(d => d.Name).HasMaxLength(64);
        builder.HasIndex(d => d.Name).IsUnique();
        // keystone-manage bootstrap's domain, present in every database.
        builder.HasData(new Domain { Id = Domains.DefaultId, Name = Domains.DefaultName, Description = "The default domain" });
    }
}

internal sealed class GroupConfiguration : IEntityTypeConfiguration<Group>
{
    public void Configure(EntityTypeBuilder<Group> builder)
    {
        builder.HasKey(g => g.Id);
        builder.Property(g => g.Id).HasMaxLength(64);
        builder.Property(g => g.Name).HasMaxLength(255);
        builder.Property(g => g.DomainId).HasMaxLength(64);
        builder.HasIndex(g => new { g.DomainId, g.Name }).IsUnique();
    }
}

internal sealed class GroupMemberConfiguration : IEntityTypeConfiguration<GroupMember>
{
    public void Configure(EntityTypeBuilder<GroupMember> builder)
    {
        builder.HasKey(m => new { m.GroupId, m.UserId });
        builder.HasIndex(m => m.UserId);
        builder.HasOne<Group>().WithMany().HasForeignKey(m => m.GroupId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<User>().WithMany().HasForeignKey(m => m.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class GroupRoleAssignmentConfiguration : IEntityTypeConfiguration<GroupRoleAssignment>
{
    public void Configure(EntityTypeBuilder<GroupRoleAssignment> builder)
    {
        builder.HasKey(a => new { a.ProjectId, a.GroupId, a.RoleId });
        builder.HasIndex(a => a.GroupId);
        builder.HasOne<Project>().WithMany().HasForeignKey(a => a.ProjectId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Group>().WithMany().HasForeignKey(a => a.GroupId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Role>().WithMany().HasForeignKey(a => a.RoleId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class DomainRoleAssignmentConfiguration : IEntityTypeConfiguration<DomainRoleAssignment>
{
    public void Configure(EntityTypeBuilder<DomainRoleAssignment> builder)
    {
        // The actor is a user or a group, so no foreign key to either: their deletes remove these rows themselves.
        builder.HasKey(a => new { a.DomainId, a.ActorId, a.RoleId });
        builder.HasIndex(a => a.ActorId);
        builder.HasOne<Domain>().WithMany().HasForeignKey(a => a.DomainId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Role>().WithMany().HasForeignKey(a => a.RoleId).OnDelete(DeleteBehavior.Cascade);
    }
}
