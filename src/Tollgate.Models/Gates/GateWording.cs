using Tollgate.Domain.Findings;
using Tollgate.Domain.Gates;
using Tollgate.Domain.Reports;
using Tollgate.Domain.Verdicts;

namespace Tollgate.Models.Gates;

/// <summary>
/// A model gate's decision in words: the gate's own reason whenever the policy left its verdict standing (a severity
/// override or an exception can turn a <c>fail</c> into a <c>pass</c>); otherwise the pipeline's words for what the
/// policy changed.
/// </summary>
/// <param name="cleared">What happened when the policy cleared the gate's findings, where the gate's own reason says
/// what it does without them (a registration that is made, not refused); null to quote the gate's reason.</param>
public sealed class GateWording(Verdict own, string reason, string? cleared = null) : IVerdictWording
{
    public string Reason(Decision decision) =>
        decision.Verdict == own ? reason
        : decision.Cause == DecisionCause.Clear && decision.Total > 0
            ? $"{new DefaultWording().Reason(decision)}: {Counted.Of(decision.Total, "finding")} below failOn {decision.FailOn.WireName()} or excepted ({cleared ?? $"the gate alone: {reason}"})"
            : new DefaultWording().Reason(decision);
}
