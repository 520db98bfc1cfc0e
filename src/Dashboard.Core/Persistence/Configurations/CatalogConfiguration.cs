using Dashboard.Core.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Dashboard.Core.Persistence.Configurations;

internal sealed class RegionConfiguration : IEntityTypeConfiguration<Region>
{
    public void Configure(EntityTypeBuilder<Region> builder)
    {
        builder.HasKey(r => r.Id);
        builder.Property(r => r.Id).HasMaxLength(255);
        builder.HasOne<Region>().WithMany().HasForeignKey(r => r.ParentRegionId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class ServiceConfiguration : IEntityTypeConfiguration<Service>
{
    public void Configure(EntityTypeBuilder<Service> builder)
    {
        builder.HasKey(s => s.Id);
        builder.Property(s => s.Id).HasMaxLength(64);
        builder.Property(s => s.Type).HasMaxLength(255);
    }
}

internal sealed class ServiceEndpointConfiguration : IEntityTypeConfiguration<ServiceEndpoint>
{
    public void Configure(EntityTypeBuilder<ServiceEndpoint> builder)
    {
        builder.HasKey(e => e.Id);
        builder.Property(e => e.Id).HasMaxLength(64);
        builder.Property(e => e.Interface).HasMaxLength(8);
        builder.HasOne<Service>().WithMany().HasForeignKey(e => e.ServiceId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Region>().WithMany().HasForeignKey(e => e.RegionId).OnDelete(DeleteBehavior.Restrict);
    }
}
