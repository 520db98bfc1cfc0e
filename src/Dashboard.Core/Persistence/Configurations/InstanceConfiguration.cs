using Dashboard.Core.Hosts;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Dashboard.Core.Persistence.Configurations;

internal sealed class InstanceConfiguration : IEntityTypeConfiguration<Instance>
{
    public void Configure(EntityTypeBuilder<Instance> builder)
    {
        builder.HasKey(i => i.Id);
        builder.Property(i => i.Id).HasMaxLength(36);
        builder.Property(i => i.Name).HasMaxLength(255);
        builder.Property(i => i.ProjectId).HasMaxLength(64);
        builder.Property(i => i.HostName).HasMaxLength(255);
        builder.Property(i => i.Status).HasMaxLength(16);
        builder.HasIndex(i => i.ProjectId);
        builder.HasIndex(i => i.HostName);
    }
}
