namespace Dashboard.Core.Segmentation;

/// <summary>An inclusive range of segmentation IDs, such as <c>1000:2999</c>.</summary>
public readonly record struct IdRange(long Min, long Max)
{
    public long Count => Max - Min + 1;

    public bool Contains(long id) => id >= Min && id <= Max;

    public override string ToString() => $"{Min}:{Max}";
}
