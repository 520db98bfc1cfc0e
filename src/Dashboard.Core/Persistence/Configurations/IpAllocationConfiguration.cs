using Dashboard.Core.Ipam;
using Dashboard.Core.Networking;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Dashboard.Core.Persistence.Configurations;

internal sealed class IpAllocationConfiguration : IEntityTypeConfiguration<IpAllocation>
{
    public void Configure(EntityTypeBuilder<IpAllocation> builder)
    {
        builder.HasKey(a => a.Id);
        builder.Property(a => a.IpAddress).HasMaxLength(64);
        builder.HasIndex(a => new { a.SubnetId, a.IpAddress }).IsUnique();
        builder.HasIndex(a => a.NetworkId);
        // Who holds an address (fixed_ips=ip_address= filters, the tracer, remote-group membership).
        builder.HasIndex(a => a.IpAddress);
        builder.HasOne<Subnet>().WithMany().HasForeignKey(a => a.SubnetId).OnDelete(DeleteBehavior.Restrict);
    }
}
