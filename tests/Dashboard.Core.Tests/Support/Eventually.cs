using System.Diagnostics;

namespace Dashboard.Core.Tests.Support;

/// <summary>Waits, with a generous limit, for a value to become what is expected: for what background agents do.</summary>
public static class Eventually
{
    public static async Task EqualAsync<T>(T expected, Func<Task<T>> read, int seconds = 60)
    {
        var watch = Stopwatch.StartNew();
        var actual = await read();
        while (!EqualityComparer<T>.Default.Equals(expected, actual) && watch.Elapsed < TimeSpan.FromSeconds(seconds))
        {
            await Task.Delay(50);
            actual = await read();
        }
        Assert.Equal(expected, actual);
    }
}
