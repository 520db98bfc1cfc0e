using Dashboard.Core.SecurityGroups;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Dashboard.Core.Persistence.Configurations;

internal sealed class SecurityGroupConfiguration : IEntityTypeConfiguration<SecurityGroup>
{
    public void Configure(EntityTypeBuilder<SecurityGroup> builder)
    {
        StandardAttributes.Configure(builder);
        builder.Property(g => g.Name).HasMaxLength(255);
        builder.HasIndex(g => new { g.ProjectId, g.Name });
        builder.HasMany(g => g.Rules).WithOne().HasForeignKey(r => r.SecurityGroupId).OnDelete(DeleteBehavior.Cascade);
        builder.Ignore(g => g.IsDefault);
    }
}
