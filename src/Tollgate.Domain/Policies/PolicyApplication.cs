using Tollgate.Domain.Findings;

namespace Tollgate.Domain.Policies;

/// <summary>
/// Applies a policy to a list of findings before the verdict: drops disabled rules, overrides severities (not of a
/// finding whose severity is an outcome, <see cref="Finding.KeepsSeverity"/>), and marks
/// findings covered by a live exception as suppressed (they stay in the report). An exception past its expiry date
/// stops applying, and a note says so.
/// </summary>
public static class PolicyApplication
{
    public static AppliedPolicy Apply(Policy policy, IEnumerable<Finding> findings, TimeProvider clock)
    {
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var result = new List<Finding>();
        var notes = new List<string>();
        foreach (var original in findings)
        {
            var settings = policy.SettingsFor(original.Rule);
            if (settings is { Enabled: false })
            {
                continue;
            }

            var finding = settings?.Severity is { } severity && severity != original.Severity && !original.KeepsSeverity
                ? original with { Severity = severity }
                : original;
            foreach (var exception in policy.Exceptions)
            {
                if (!exception.Covers(finding.Rule, finding.Address))
                {
                    continue;
                }

                if (exception.IsExpired(today))
                {
                    notes.Add($"exception for {exception.Rule} on {exception.Address} (owner {exception.Owner}: {exception.Reason}) expired on {exception.Expires:yyyy-MM-dd} and no longer applies to {finding.Address}");
                    continue;
                }

                finding = finding.Suppression is null
                    ? finding with
                    {
                        Suppression = new Suppression("external", exception.Reason)
                        {
                            Owner = exception.Owner,
                            Expires = exception.Expires,
                            Pattern = exception.Address,
                        },
                    }
                    : finding;
            }

            result.Add(finding);
        }

        return new AppliedPolicy(result, notes) { Source = policy.Source };
    }
}
