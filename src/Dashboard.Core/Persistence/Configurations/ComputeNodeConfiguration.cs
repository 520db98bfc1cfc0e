using Dashboard.Core.Hosts;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Dashboard.Core.Persistence.Configurations;

internal sealed class ComputeNodeConfiguration : IEntityTypeConfiguration<ComputeNode>
{
    public void Configure(EntityTypeBuilder<ComputeNode> builder)
    {
        builder.HasKey(n => n.Id);
        builder.Property(n => n.Id).HasMaxLength(36);
        builder.Property(n => n.Name).HasMaxLength(255);
        builder.HasIndex(n => n.Name).IsUnique();
        builder.Property(n => n.TunnelIp).HasMaxLength(64);
        builder.Property(n => n.BridgeMappings).HasJsonConversion();
        builder.Property(n => n.AvailabilityZone).HasMaxLength(255).HasDefaultValue(Agents.AvailabilityZones.Default);
        builder.Property(n => n.AgentDescription).HasMaxLength(255);
    }
}
