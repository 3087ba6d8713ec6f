namespace Tollgate.Canary.Evaluation;

/// <summary>
/// The words for what a source attached to an answer it gave: its <c>warnings</c> say the answer may be incomplete
/// (a Thanos or Mimir partial response, a PromQL warning), so they hold as an unreadable source does; its <c>infos</c>
/// are notes on the report.
/// </summary>
internal static class SourceWarnings
{
    public static string Held(IReadOnlyList<string> warnings) =>
        $"the source answered with {(warnings.Count == 1 ? "a warning" : $"{warnings.Count} warnings")}, so its answer may be incomplete (a partial response?): {string.Join("; ", warnings.Select(Sources.PrometheusResponse.Excerpt))}";

    public static string Noted(string info) => $"the source noted: {Sources.PrometheusResponse.Excerpt(info)}";
}
