namespace Tollgate.Policies.Loading;

/// <summary>
/// The defaults, as a commented <c>tollgate.yaml</c> that <c>tollgate policy init</c> prints. Parsing it gives
/// exactly <see cref="Domain.Policies.Policy.Default"/> (a test holds the two together).
/// </summary>
public static class DefaultPolicyText
{
    public const string Yaml = """
        # tollgate.yaml: the policy of the Tollgate gate (these are the defaults).
        # Verdict order: fail (a finding at or above failOn that is not excepted and not a review finding)
        #   > review (reviewOn findings without enough allowed approvals of this exact plan) > pass.

        failOn: high                      # critical | high | medium | low
        reviewOn: [destroy, replace, forget]
        requireApprovals: 1

        # Who may approve what (last matching entry wins; without a match anyone's approval counts):
        # approvers:
        #   - module: "module.database*"
        #     allowed: [alice, bob]
        #     requireApprovals: 2

        # Per rule id: enabled, severity override, thresholds.
        rules:
          destroy: { severity: high }
          sensitive-change: { severity: low }
        #  fan-out: { threshold: 100, severity: medium }
        #  blast-radius: { maxDependents: 500 }
        #  "scanner/checkov/*": { enabled: false }

        # Accepted findings: rule and address are globs; an exception stops applying after its expiry date.
        exceptions: []
        #  - rule: destroy
        #    address: "terraform_data.legacy_*"
        #    reason: "decommissioning, ticket OPS-12"
        #    owner: platform-team
        #    expires: 2027-01-31

        # Custom rules in CEL (https://github.com/google/cel-spec), reported as policy/<name>.
        custom: []
        #  - name: no-db-delete
        #    severity: critical
        #    message: "databases are never deleted by a plan"
        #    when: 'change.type.endsWith("_db_instance") && "delete" in change.actions'

        """;
}
