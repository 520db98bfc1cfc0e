using Dashboard.Core.Common;
using Dashboard.Core.Errors;
using Microsoft.EntityFrameworkCore;

namespace Dashboard.Core.Persistence;

/// <summary>Neutron's marker paging, cut in the database: the page after (or, reversed, before) the marker, in id order.</summary>
internal static class KeysetPaging
{
    /// <summary>
    /// <paramref name="items"/> (already filtered) after <paramref name="marker"/> in id order, at most <paramref name="limit"/>;
    /// before it, nearest first, when <paramref name="reverse"/>. A marker that is not a stored id is Neutron's 404 MarkerNotFound.
    /// </summary>
    public static async Task<IQueryable<T>> PageAsync<T>(this IQueryable<T> items, IQueryable<T> all, string? marker, bool reverse, int limit, CancellationToken ct)
        where T : StandardResource
    {
        if (marker is not null)
        {
            if (!await all.AnyAsync(x => x.Id == marker, ct))
            {
                throw new NotFoundException("MarkerNotFound", $"Marker {marker} could not be found.");
            }
            items = reverse ? items.Where(x => string.Compare(x.Id, marker) < 0) : items.Where(x => string.Compare(x.Id, marker) > 0);
        }
        return (reverse ? items.OrderByDescending(x => x.Id) : items.OrderBy(x => x.Id)).Take(limit);
    }
}
