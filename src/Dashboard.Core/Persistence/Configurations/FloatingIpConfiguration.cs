using Dashboard.Core.Networking;
using Dashboard.Core.Routers;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Dashboard.Core.Persistence.Configurations;

internal sealed class FloatingIpConfiguration : IEntityTypeConfiguration<FloatingIp>
{
    public void Configure(EntityTypeBuilder<FloatingIp> builder)
    {
        StandardAttributes.Configure(builder);
        builder.Property(f => f.FloatingIpAddress).HasMaxLength(64);
        builder.Property(f => f.FixedIpAddress).HasMaxLength(64);
        builder.Property(f => f.Status).HasMaxLength(16);
        builder.HasIndex(f => f.FloatingPortId).IsUnique();
        builder.HasIndex(f => f.PortId);
        builder.HasIndex(f => f.RouterId);
        builder.HasOne<Network>().WithMany().HasForeignKey(f => f.FloatingNetworkId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Port>().WithMany().HasForeignKey(f => f.FloatingPortId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Port>().WithMany().HasForeignKey(f => f.PortId).OnDelete(DeleteBehavior.SetNull);
        builder.HasOne<Router>().WithMany().HasForeignKey(f => f.RouterId).OnDelete(DeleteBehavior.Restrict);
        builder.Ignore(f => f.IsAssociated);
    }
}
