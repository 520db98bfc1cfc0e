using Dashboard.Core.Networking;
using Dashboard.Core.SecurityGroups;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Dashboard.Core.Persistence.Configurations;

internal sealed class PortSecurityGroupConfiguration : IEntityTypeConfiguration<PortSecurityGroup>
{
    public void Configure(EntityTypeBuilder<PortSecurityGroup> builder)
    {
        builder.HasKey(b => new { b.PortId, b.SecurityGroupId });
        builder.HasIndex(b => b.SecurityGroupId);
        builder.HasOne<SecurityGroup>().WithMany().HasForeignKey(b => b.SecurityGroupId).OnDelete(DeleteBehavior.Restrict);
    }
}
