using Dashboard.Core.Networking;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Dashboard.Core.Persistence.Configurations;

internal sealed class RbacPolicyConfiguration : IEntityTypeConfiguration<RbacPolicy>
{
    public void Configure(EntityTypeBuilder<RbacPolicy> builder)
    {
        builder.HasKey(r => r.Id);
        builder.Property(r => r.Id).HasMaxLength(36);
        builder.Property(r => r.ProjectId).HasMaxLength(64);
        builder.Property(r => r.ObjectType).HasMaxLength(32);
        builder.Property(r => r.ObjectId).HasMaxLength(36);
        builder.Property(r => r.Action).HasMaxLength(32);
        builder.Property(r => r.TargetProject).HasMaxLength(255);
        builder.HasIndex(r => new { r.ObjectId, r.Action, r.TargetProject }).IsUnique();
        builder.HasIndex(r => r.TargetProject);
        // On a network, a subnet pool or an address scope: no foreign key to one of them; their deletes remove these rows.
    }
}
