using Dashboard.Core.Quotas;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Dashboard.Core.Persistence.Configurations;

internal sealed class QuotaConfiguration : IEntityTypeConfiguration<Quota>
{
    public void Configure(EntityTypeBuilder<Quota> builder)
    {
        builder.HasKey(q => new { q.ProjectId, q.Resource });
        builder.Property(q => q.ProjectId).HasMaxLength(64);
        builder.Property(q => q.Resource).HasMaxLength(64);
    }
}
