using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Dashboard.Core.Extensions.Credentials;

internal sealed class CredentialConfiguration : IEntityTypeConfiguration<Credential>
{
    public void Configure(EntityTypeBuilder<Credential> builder)
    {
        builder.ToTable("Credentials");
        builder.HasKey(c => c.Id);
        builder.Property(c => c.Id).HasMaxLength(36);
        builder.Property(c => c.ProjectId).HasMaxLength(64);
        builder.Property(c => c.Name).HasMaxLength(255);
        builder.HasIndex(c => c.Name).IsUnique();
        builder.Property(c => c.Type).HasMaxLength(255);
        builder.Property(c => c.UserName).HasMaxLength(255);
    }
}
