using Dashboard.Core.Ipam;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Dashboard.Core.Persistence.Configurations;

internal sealed class AddressScopeConfiguration : IEntityTypeConfiguration<AddressScope>
{
    public void Configure(EntityTypeBuilder<AddressScope> builder)
    {
        StandardAttributes.Configure(builder);
        builder.Property(s => s.Name).HasMaxLength(255);
    }
}
