using Dashboard.Core.Networking;
using Dashboard.Core.Segmentation;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Dashboard.Core.Persistence.Configurations;

internal sealed class SegmentAllocationConfiguration : IEntityTypeConfiguration<SegmentAllocation>
{
    public void Configure(EntityTypeBuilder<SegmentAllocation> builder)
    {
        builder.HasKey(a => a.Id);
        builder.Property(a => a.NetworkType).HasMaxLength(16);
        builder.Property(a => a.PhysicalNetwork).HasMaxLength(64);
        builder.HasIndex(a => new { a.NetworkType, a.PhysicalNetwork, a.SegmentationId }).IsUnique();
        builder.HasIndex(a => a.NetworkId);
        builder.HasOne<Network>().WithMany().HasForeignKey(a => a.NetworkId).OnDelete(DeleteBehavior.Cascade);
    }
}
