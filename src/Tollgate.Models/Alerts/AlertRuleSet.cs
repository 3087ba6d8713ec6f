namespace Tollgate.Models.Alerts;

/// <summary>A Prometheus rules file as <see cref="AlertRules"/> writes it: the YAML and the alerts it defines, in order.</summary>
public sealed record AlertRuleSet(string Yaml, IReadOnlyList<string> Alerts);
