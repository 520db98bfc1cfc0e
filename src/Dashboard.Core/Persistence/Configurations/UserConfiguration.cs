using Dashboard.Core.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Dashboard.Core.Persistence.Configurations;

internal sealed class UserConfiguration : IEntityTypeConfiguration<User>
{
    public void Configure(EntityTypeBuilder<User> builder)
    {
        builder.HasKey(u => u.Id);
        builder.Property(u => u.Id).HasMaxLength(64);
        builder.Property(u => u.Name).HasMaxLength(255);
        builder.Property(u => u.DomainId).HasMaxLength(64);
        builder.HasIndex(u => new { u.DomainId, u.Name }).IsUnique();
        builder.Property(u => u.Extra).IsRequired().HasDefaultValue("{}");
        builder.HasOne<Project>().WithMany().HasForeignKey(u => u.DefaultProjectId).OnDelete(DeleteBehavior.SetNull);
    }
}
