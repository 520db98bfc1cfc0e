using Dashboard.Core.Hosts;
using Dashboard.Core.Networking;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Dashboard.Core.Persistence.Configurations;

internal sealed class LocalVlanConfiguration : IEntityTypeConfiguration<LocalVlan>
{
    public void Configure(EntityTypeBuilder<LocalVlan> builder)
    {
        builder.HasKey(v => new { v.HostName, v.NetworkId });
        builder.Property(v => v.HostName).HasMaxLength(255);
        builder.HasIndex(v => new { v.HostName, v.Vlan }).IsUnique();
        builder.HasOne<Network>().WithMany().HasForeignKey(v => v.NetworkId).OnDelete(DeleteBehavior.Cascade);
    }
}
