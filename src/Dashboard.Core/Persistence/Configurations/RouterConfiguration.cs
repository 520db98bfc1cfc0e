using Dashboard.Core.Networking;
using Dashboard.Core.Routers;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Dashboard.Core.Persistence.Configurations;

internal sealed class RouterConfiguration : IEntityTypeConfiguration<Router>
{
    public void Configure(EntityTypeBuilder<Router> builder)
    {
        StandardAttributes.Configure(builder);
        builder.Property(r => r.Name).HasMaxLength(255);
        builder.Property(r => r.Status).HasMaxLength(16);
        builder.Property(r => r.Routes).HasJsonConversion();
        builder.Property(r => r.AvailabilityZoneHints).HasJsonConversion().HasDefaultValue(new List<string>());
        builder.HasOne<Network>().WithMany().HasForeignKey(r => r.GatewayNetworkId).OnDelete(DeleteBehavior.Restrict);
    }
}
