using Dashboard.Core.Ipam;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Dashboard.Core.Persistence.Configurations;

internal sealed class SubnetPoolConfiguration : IEntityTypeConfiguration<SubnetPool>
{
    public void Configure(EntityTypeBuilder<SubnetPool> builder)
    {
        StandardAttributes.Configure(builder);
        builder.Property(p => p.Name).HasMaxLength(255);
        builder.Property(p => p.Prefixes).HasJsonConversion();
        builder.Property(p => p.AddressScopeId).HasMaxLength(36);
        builder.HasIndex(p => p.AddressScopeId);
        builder.HasOne<AddressScope>().WithMany().HasForeignKey(p => p.AddressScopeId).OnDelete(DeleteBehavior.Restrict);
    }
}
