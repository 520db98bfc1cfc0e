using Dashboard.Core.Networking;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Dashboard.Core.Persistence.Configurations;

internal sealed class SubnetConfiguration : IEntityTypeConfiguration<Subnet>
{
    public void Configure(EntityTypeBuilder<Subnet> builder)
    {
        StandardAttributes.Configure(builder);
        builder.Property(s => s.Name).HasMaxLength(255);
        builder.Property(s => s.Cidr).HasMaxLength(64);
        builder.Property(s => s.GatewayIp).HasMaxLength(64);
        builder.Property(s => s.Ipv6RaMode).HasMaxLength(32);
        builder.Property(s => s.Ipv6AddressMode).HasMaxLength(32);
        builder.Property(s => s.AllocationPools).HasJsonConversion();
        builder.Property(s => s.DnsNameservers).HasJsonConversion();
        builder.Property(s => s.HostRoutes).HasJsonConversion();
        builder.Ignore(s => s.Prefix);
        builder.Property(s => s.SubnetPoolId).HasMaxLength(36);
        builder.HasIndex(s => s.SubnetPoolId);
        builder.HasOne<Dashboard.Core.Ipam.SubnetPool>().WithMany().HasForeignKey(s => s.SubnetPoolId).OnDelete(DeleteBehavior.Restrict);
    }
}
