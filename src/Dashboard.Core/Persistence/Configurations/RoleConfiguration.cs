using Dashboard.Core.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Dashboard.Core.Persistence.Configurations;

internal sealed class RoleConfiguration : IEntityTypeConfiguration<Role>
{
    public void Configure(EntityTypeBuilder<Role> builder)
    {
        builder.HasKey(r => r.Id);
        builder.Property(r => r.Id).HasMaxLength(64);
        builder.Property(r => r.Name).HasMaxLength(255);
        builder.Property(r => r.DomainId).HasMaxLength(64);
        // A name is unique among the global roles and within a domain (the service checks the global ones, whose
        // null domain a unique index does not compare).
        builder.HasIndex(r => new { r.Name, r.DomainId }).IsUnique();
        builder.HasOne<Domain>().WithMany().HasForeignKey(r => r.DomainId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class RoleInferenceConfiguration : IEntityTypeConfiguration<RoleInference>
{
    public void Configure(EntityTypeBuilder<RoleInference> builder)
    {
        builder.HasKey(i => new { i.PriorRoleId, i.ImpliedRoleId });
        builder.HasIndex(i => i.ImpliedRoleId);
        builder.HasOne<Role>().WithMany().HasForeignKey(i => i.PriorRoleId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Role>().WithMany().HasForeignKey(i => i.ImpliedRoleId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class SystemRoleAssignmentConfiguration : IEntityTypeConfiguration<SystemRoleAssignment>
{
    public void Configure(EntityTypeBuilder<SystemRoleAssignment> builder)
    {
        // The actor is a user or a group, so no foreign key to either: their deletes remove these rows themselves.
        builder.HasKey(a => new { a.ActorId, a.RoleId });
        builder.HasOne<Role>().WithMany().HasForeignKey(a => a.RoleId).OnDelete(DeleteBehavior.Cascade);
    }
}
