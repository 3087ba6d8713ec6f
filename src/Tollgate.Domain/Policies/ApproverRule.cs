namespace Tollgate.Domain.Policies;

/// <summary>
/// Who may approve what: a finding needing review whose address, module and plan path match these globs (an absent
/// glob matches anything) counts only approvals by <see cref="Allowed"/> people. As in CODEOWNERS, the last
/// matching entry wins. <see cref="RequireApprovals"/> overrides the policy-wide count for what it covers.
/// </summary>
public sealed record ApproverRule(IReadOnlyList<string> Allowed)
{
    public string? Address { get; init; }

    public string? Module { get; init; }

    public string? Path { get; init; }

    public int? RequireApprovals { get; init; }

    public int Line { get; init; }

    public bool Covers(string address, string module, string subject) =>
        (Address is null || Glob.Matches(Address, address))
        && (Module is null || Glob.Matches(Module, module))
        && (Path is null || Glob.Matches(Path, subject.Replace('\\', '/')));

    public string Describe() =>
        string.Join(", ", new[] { Address is null ? null : "address " + Address, Module is null ? null : "module " + Module, Path is null ? null : "path " + Path }
            .Where(s => s is not null)) is { Length: > 0 } scope ? scope : "everything";
}
