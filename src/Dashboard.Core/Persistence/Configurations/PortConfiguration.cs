using Dashboard.Core.Networking;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Dashboard.Core.Persistence.Configurations;

internal sealed class PortConfiguration : IEntityTypeConfiguration<Port>
{
    public void Configure(EntityTypeBuilder<Port> builder)
    {
        StandardAttributes.Configure(builder);
        builder.Property(p => p.Name).HasMaxLength(255);
        builder.Property(p => p.MacAddress).HasMaxLength(17);
        builder.HasIndex(p => p.MacAddress).IsUnique();
        builder.Property(p => p.Status).HasMaxLength(16);
        builder.Property(p => p.DeviceId).HasMaxLength(255);
        builder.Property(p => p.DeviceOwner).HasMaxLength(255);
        builder.Property(p => p.BindingHostId).HasMaxLength(255);
        builder.Property(p => p.VifType).HasMaxLength(32);
        builder.HasIndex(p => p.NetworkId);
        builder.HasIndex(p => p.DeviceId);
        builder.HasIndex(p => p.BindingHostId);
        builder.HasOne<Network>().WithMany().HasForeignKey(p => p.NetworkId).OnDelete(DeleteBehavior.Restrict);
        builder.HasMany(p => p.FixedIps).WithOne().HasForeignKey(a => a.PortId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(p => p.SecurityGroups).WithOne().HasForeignKey(g => g.PortId).OnDelete(DeleteBehavior.Cascade);
        builder.Property(p => p.AllowedAddressPairs).HasJsonConversion();
        builder.Property(p => p.ExtraDhcpOpts).HasJsonConversion();
        builder.Ignore(p => p.VifDetails);
        builder.Ignore(p => p.DeviceSuffix);
        builder.Ignore(p => p.IsBound);
        builder.Ignore(p => p.StatusReason);
    }
}
