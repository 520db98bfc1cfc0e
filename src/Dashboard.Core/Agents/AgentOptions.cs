namespace Dashboard.Core.Agents;

/// <summary><c>Agent</c> section: how often each compute node's agent reports (Neutron's <c>report_interval</c>, 30 s).</summary>
public sealed class AgentOptions
{
    public const string Section = "Agent";

    public double ReportIntervalSeconds { get; set; } = 30;

    /// <summary>How long an agent takes to wire a port it was handed (BUILD to ACTIVE).</summary>
    public int ProcessingDelayMilliseconds { get; set; } = 200;
}
