namespace Tollgate.Canary.Spec;

/// <summary>
/// One vector selector of a query: the metric name it selects (null when it has none to give, e.g.
/// <c>{__name__=~"http_.*"}</c>) and its label matchers other than the name's (empty when they could not be read).
/// </summary>
public sealed record MetricSelector(string? Name, IReadOnlyList<LabelMatcher> Matchers);
