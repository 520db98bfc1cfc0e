using Dashboard.Core.Common;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Dashboard.Core.Persistence;

internal static class StandardAttributes
{
    public static void Configure<T>(EntityTypeBuilder<T> builder) where T : StandardResource
    {
        builder.HasKey(e => e.Id);
        builder.Property(e => e.Id).HasMaxLength(36);
        builder.Property(e => e.Description).HasMaxLength(255);
        builder.Property(e => e.RevisionNumber).IsConcurrencyToken();
        builder.Property(e => e.Tags).HasJsonConversion();
        builder.Ignore(e => e.ResourceName);
        if (typeof(ProjectResource).IsAssignableFrom(typeof(T)))
        {
            builder.Property(nameof(ProjectResource.ProjectId)).HasMaxLength(64);
            builder.HasIndex(nameof(ProjectResource.ProjectId));
        }
    }
}
