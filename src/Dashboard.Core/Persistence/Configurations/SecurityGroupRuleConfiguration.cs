using Dashboard.Core.SecurityGroups;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Dashboard.Core.Persistence.Configurations;

internal sealed class SecurityGroupRuleConfiguration : IEntityTypeConfiguration<SecurityGroupRule>
{
    public void Configure(EntityTypeBuilder<SecurityGroupRule> builder)
    {
        StandardAttributes.Configure(builder);
        builder.Property(r => r.Direction).HasMaxLength(8);
        builder.Property(r => r.EtherType).HasMaxLength(4);
        builder.Property(r => r.Protocol).HasMaxLength(16);
        builder.Property(r => r.RemoteIpPrefix).HasMaxLength(64);
        builder.HasOne<SecurityGroup>().WithMany().HasForeignKey(r => r.RemoteGroupId).OnDelete(DeleteBehavior.Cascade);
    }
}
