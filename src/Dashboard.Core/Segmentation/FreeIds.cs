using Microsoft.EntityFrameworkCore;

namespace Dashboard.Core.Segmentation;

/// <summary>Finds the lowest free integer of a range, given the taken ones as a query.</summary>
public static class FreeIds
{
    /// <summary>
    /// The range's minimum if free, else the first taken ID whose successor is free. Runs in the
    /// database over the index: its cost grows with the IDs taken inside the range, never with the
    /// range's size, so a 1:16777215 range costs what a 1:10 one does.
    /// </summary>
    public static async Task<long?> LowestAsync(IQueryable<long> taken, IdRange range, CancellationToken ct)
    {
        if (!await taken.AnyAsync(id => id == range.Min, ct))
        {
            return range.Min;
        }
        // The usual case: the range is taken without a gap from its minimum up. Then the lowest free ID
        // is the highest taken + 1, found with MAX and COUNT over the index, without a probe per ID.
        var inRange = taken.Where(id => id >= range.Min && id <= range.Max);
        var highest = await inRange.MaxAsync(ct);
        if (await inRange.LongCountAsync(ct) == highest - range.Min + 1)
        {
            return highest < range.Max ? highest + 1 : null;
        }
        return await taken
            .Where(id => id >= range.Min && id < range.Max && !taken.Contains(id + 1))
            .OrderBy(id => id)
            .Select(id => (long?)(id + 1))
            .FirstOrDefaultAsync(ct);
    }
}
