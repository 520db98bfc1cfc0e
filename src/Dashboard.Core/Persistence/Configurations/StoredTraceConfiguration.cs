using Dashboard.Core.Extensions.PacketTrace;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Dashboard.Core.Persistence.Configurations;

internal sealed class StoredTraceConfiguration : IEntityTypeConfiguration<StoredTrace>
{
    public void Configure(EntityTypeBuilder<StoredTrace> builder)
    {
        builder.ToTable("Traces");
        builder.HasKey(t => t.Id);
        builder.Property(t => t.Id).HasMaxLength(36);
        builder.Property(t => t.ProjectId).HasMaxLength(64);
        builder.HasIndex(t => t.At);
    }
}
