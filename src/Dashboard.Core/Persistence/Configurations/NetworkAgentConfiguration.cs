using Dashboard.Core.Agents;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Dashboard.Core.Persistence.Configurations;

internal sealed class NetworkAgentConfiguration : IEntityTypeConfiguration<NetworkAgent>
{
    public void Configure(EntityTypeBuilder<NetworkAgent> builder)
    {
        builder.HasKey(a => a.Id);
        builder.Property(a => a.Id).HasMaxLength(36);
        builder.Property(a => a.Host).HasMaxLength(255);
        builder.Property(a => a.AgentType).HasMaxLength(64);
        builder.Property(a => a.Description).HasMaxLength(255);
        builder.HasIndex(a => new { a.Host, a.AgentType }).IsUnique();
    }
}
