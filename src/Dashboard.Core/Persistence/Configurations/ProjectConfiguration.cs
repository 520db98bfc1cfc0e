using Dashboard.Core.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Dashboard.Core.Persistence.Configurations;

internal sealed class ProjectConfiguration : IEntityTypeConfiguration<Project>
{
    public void Configure(EntityTypeBuilder<Project> builder)
    {
        builder.HasKey(p => p.Id);
        builder.Property(p => p.Id).HasMaxLength(64);
        builder.Property(p => p.Name).HasMaxLength(64);
        builder.Property(p => p.DomainId).HasMaxLength(64);
        builder.HasIndex(p => new { p.DomainId, p.Name }).IsUnique();
        builder.Property(p => p.Tags).HasJsonConversion().HasDefaultValue(new List<string>());
    }
}
