namespace Tollgate.Domain.Verdicts;

/// <summary>The wire names and exit codes of verdicts, fixed by docs/report-format.md.</summary>
public static class VerdictExtensions
{
    /// <summary>Exit code for bad input, bad configuration or an internal error.</summary>
    public const int ErrorExitCode = 3;

    public static int ExitCode(this Verdict verdict) => verdict switch
    {
        Verdict.Pass => 0,
        Verdict.Fail => 1,
        Verdict.Review => 2,
        Verdict.Hold => 2,
        _ => ErrorExitCode,
    };

    public static string WireName(this Verdict verdict) => verdict switch
    {
        Verdict.Pass => "pass",
        Verdict.Fail => "fail",
        Verdict.Review => "review",
        Verdict.Hold => "hold",
        _ => throw new ArgumentOutOfRangeException(nameof(verdict), verdict, null),
    };

    public static Verdict ParseVerdict(string name) => name switch
    {
        "pass" => Verdict.Pass,
        "fail" => Verdict.Fail,
        "review" => Verdict.Review,
        "hold" => Verdict.Hold,
        _ => throw new InvalidInputException($"unknown verdict '{name}'"),
    };
}
