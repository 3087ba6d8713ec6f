namespace Tollgate.Domain.Verdicts;

/// <summary>The one answer Tollgate gives about a change. See docs/report-format.md for the contract.</summary>
public enum Verdict
{
    /// <summary>Safe to promote or apply.</summary>
    Pass,

    /// <summary>Block it, or roll it back.</summary>
    Fail,

    /// <summary>A human must approve first.</summary>
    Review,

    /// <summary>Not decided yet: too little data, source unreachable, window not over.</summary>
    Hold,
}
