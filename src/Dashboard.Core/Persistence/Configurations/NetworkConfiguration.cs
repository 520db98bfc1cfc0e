using Dashboard.Core.Networking;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Dashboard.Core.Persistence.Configurations;

internal sealed class NetworkConfiguration : IEntityTypeConfiguration<Network>
{
    public void Configure(EntityTypeBuilder<Network> builder)
    {
        StandardAttributes.Configure(builder);
        builder.Property(n => n.Name).HasMaxLength(255);
        builder.Property(n => n.Status).HasMaxLength(16);
        builder.Property(n => n.NetworkType).HasMaxLength(16);
        builder.Property(n => n.PhysicalNetwork).HasMaxLength(64);
        builder.HasIndex(n => n.Name);
        builder.Property(n => n.AvailabilityZoneHints).HasJsonConversion().HasDefaultValue(new List<string>());
        builder.HasMany(n => n.Subnets).WithOne().HasForeignKey(s => s.NetworkId).OnDelete(DeleteBehavior.Restrict);
    }
}
