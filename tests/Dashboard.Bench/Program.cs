using System.Diagnostics;
using System.Text.Json;
using Dashboard.Bench;

// Usage: dotnet run -c Release --project tests/Dashboard.Bench -- [all|allocator|api|dashboard|tentimes|load|ovs|instances] [--json FILE] [--vs-neutron [URL]] [--client outside|httpclient]
var scenarios = new Dictionary<string, Func<Task<IReadOnlyList<Figure>>>>
{
    ["allocator"] = AllocatorScenario.RunAsync,
    ["api"] = ApiScenario.RunAsync,
    ["dashboard"] = DashboardScenario.RunAsync,
    ["tentimes"] = DashboardScenario.RunTenTimesAsync,
    ["load"] = LoadScenario.RunAsync,
    ["ovs"] = OvsScenario.RunAsync,
    ["instances"] = InstancesScenario.RunAsync,
};
var selected = args.Where(a => scenarios.ContainsKey(a) || a == "all").DefaultIfEmpty("all")
    .SelectMany(a => a == "all" ? scenarios.Keys.ToList() : new List<string> { a }).Distinct().ToList();
var jsonIndex = Array.IndexOf(args, "--json");
var peerIndex = Array.IndexOf(args, "--vs-neutron");
if (peerIndex >= 0)
{
    ApiScenario.NeutronPeer = peerIndex + 1 < args.Length && args[peerIndex + 1].StartsWith("http", StringComparison.Ordinal) ? args[peerIndex + 1] : "http://127.0.0.1:9696";
}
ApiScenario.HttpClientReads = args.SkipWhile(a => a != "--client").Skip(1).FirstOrDefault() == "httpclient";
var jsonPath = jsonIndex >= 0 && jsonIndex + 1 < args.Length ? args[jsonIndex + 1] : "bench-results.json";

var figures = new List<Figure>();
foreach (var name in selected)
{
    figures.AddRange(await scenarios[name]());
}

Console.WriteLine($"{"scenario",-58} {"figure",14} {"target",12}  result");
foreach (var f in figures)
{
    Console.WriteLine($"{f.Scenario,-58} {f.Value,10:0.###} {f.Unit,-3} {f.TargetText,12}  {f.Verdict}");
}
await File.WriteAllTextAsync(jsonPath, JsonSerializer.Serialize(new
{
    machine = $"{Environment.ProcessorCount} cores, {Environment.OSVersion}",
    date = DateTime.UtcNow.ToString("yyyy-MM-dd"),
    figures,
}, new JsonSerializerOptions { WriteIndented = true }));
Console.WriteLine($"written: {jsonPath}");
return figures.Any(f => f.Verdict == "short") ? 1 : 0;

namespace Dashboard.Bench
{
    /// <summary>One measured figure; <see cref="Max"/> or <see cref="Min"/> is the target when there is one.</summary>
    public sealed record Figure(string Scenario, double Value, string Unit, double? Max = null, double? Min = null)
    {
        public string TargetText => Max is not null ? $"< {Max} {Unit}" : Min is not null ? $">= {Min} {Unit}" : "-";

        public string Verdict => (Max is not null && Value >= Max) || (Min is not null && Value < Min) ? "short" : Max is null && Min is null ? "info" : "pass";

        public static double Ms(Stopwatch watch) => watch.Elapsed.TotalMilliseconds;
    }
}
