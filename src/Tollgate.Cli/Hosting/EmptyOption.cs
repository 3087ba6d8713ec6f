using System.CommandLine;
using System.CommandLine.Parsing;
using System.Runtime.CompilerServices;
using Tollgate.Domain.Inputs;

namespace Tollgate.Cli.Hosting;

/// <summary>
/// Every option that takes a value refuses one given as "" or blanks (<c>--output "$OUT"</c> with the variable unset)
/// at parse time, naming the option and what to give: <c>--output is empty (an unset variable?): give a path</c>.
/// Without it each option said it its own way: "--output : expected a path", "--terraform-timeout  is not a duration",
/// "--at  is neither RFC 3339", or read the empty value as one (a slice column named "", a service named "").
/// Applied to the whole command tree when it is built (<see cref="TollgateCli.Build"/>), so an option added later is
/// checked without asking. An option whose command refuses an empty value itself, in words that say more (<c>--ledger
/// is empty (an unset variable?): give a SQLite path or a postgres:// URL, or leave --ledger out …</c>), is marked with
/// <see cref="RefusedByItsCommand{T}"/> and left to it, and so is a list for which empty is the empty list
/// (<see cref="EmptyMeansNone{T}"/>). A command's arguments are checked the same way, named as usage shows them in
/// capitals: <c>PLAN is empty (an unset variable?): give a plan file or a Terraform directory</c>, before any ledger or
/// file is opened.
/// </summary>
public static class EmptyOption
{
    // An option's or argument's own fix ("give a file or directory"), or "" for an option its command refuses empty itself.
    private static readonly ConditionalWeakTable<Symbol, string> Fixes = [];

    // What a text option of this name takes, the same on every command that has it (one whose name means something
    // else on one command says so there with WhenEmpty: model promote --to, model trend --prometheus).
    private static readonly Dictionary<string, string> Takes = new(StringComparer.Ordinal)
    {
        ["--at"] = "a time (RFC 3339 or Unix seconds)",
        ["--from"] = "a time (RFC 3339 or Unix seconds)",
        ["--to"] = "a time (RFC 3339 or Unix seconds)",
        ["--timeout"] = "a duration like 90s, 10m or 1h",
        ["--max-wait"] = "a duration like 90s, 10m or 1h",
        ["--window"] = "a duration like 90s, 10m or 1h",
        ["--duration"] = "a duration like 90s, 10m or 1h",
        ["--drain-delay"] = "a duration like 5s or 15s",
        ["--existence-ttl"] = "a duration like 10m or 1h",
        ["--answer-budget"] = "a duration like 8s",
        ["--link-window"] = "a duration like 24h",
        ["--range"] = "a Prometheus duration like 60d",
        ["--step"] = "a Prometheus duration like 1d",
        ["--prometheus"] = "Prometheus' URL",
        ["--prometheus-url"] = "Prometheus' URL",
        ["--prometheus-token-file"] = "a file holding the bearer token",
        ["--urls"] = "where to listen, e.g. http://127.0.0.1:8080",
        ["--max-body-size"] = "a size like 16MiB",
        ["--var"] = "NAME=VALUE",
        ["--var-file"] = "a variables file",
        ["--scan"] = "a scanner's result (SARIF, or Checkov, tfsec or Trivy JSON)",
        ["--rego"] = "a directory of Rego policies",
        ["--policy"] = "a policy file",
        ["--digest"] = "the digest of a recorded report (sha256:…)",
        ["--changed"] = "a file of addresses, one per line",
        ["--owners"] = "a CODEOWNERS or owners.yaml file",
        ["--dot"] = "the file to write",
        ["--svg"] = "the file to write",
        ["--html"] = "the file to write",
        ["--openlineage"] = "the file to write",
        ["--params"] = "a JSON object file",
        ["--metrics"] = "a JSON object file",
        ["--intent"] = "planned, hotfix or rollback",
        ["--env"] = "an environment, or all",
        ["--definitions"] = "recommended, devlake or fourkeys",
        ["--median"] = "interpolated, lower or mean",
        ["--recovery"] = "remediation, resolved or incident",
        ["--cfr-denominator"] = "all or planned",
        ["--username"] = "the registry user's name",
        ["--dataset-kind"] = "dvc-lock, dvc-file or file",
        ["--code-commit"] = "the commit's SHA",
        ["--format"] = "text or json",
        ["--verdict"] = "pass, fail, review or hold",
        ["--features"] = "columns, comma-separated",
        ["--ks"] = "auto, exact or asymptotic",
        ["--model"] = "the model's name",
        ["--direction"] = "decrease or increase",
        ["--name"] = "what the series is, e.g. conversion",
    };

    /// <summary>
    /// Marks <paramref name="option"/> as one its command refuses empty itself, with a more specific fix (the server, the
    /// canary gate and the ledger refuse the same values for callers other than the command line, in the same words).
    /// </summary>
    public static T RefusedByItsCommand<T>(this T option) where T : Option => option.WhenEmpty("");

    /// <summary>
    /// Marks a list-valued <paramref name="option"/> for which an empty value is the empty list, as a script builds it:
    /// <c>--changes "$(git log --format=%H v5..v6)"</c> for a redeploy that ships no commit, <c>--slice-by "$SLICES"</c>
    /// with no slices.
    /// </summary>
    public static T EmptyMeansNone<T>(this T option) where T : Option => option.WhenEmpty("");

    /// <summary>
    /// Says what to give <paramref name="symbol"/> (an option or an argument) when it is empty, where its type alone says
    /// "a value"; "" leaves an option unchecked (<see cref="RefusedByItsCommand{T}"/>, <see cref="EmptyMeansNone{T}"/>).
    /// </summary>
    public static T WhenEmpty<T>(this T symbol, string fix) where T : Symbol
    {
        Fixes.AddOrUpdate(symbol, fix);
        return symbol;
    }

    /// <summary>What <paramref name="symbol"/> was told to ask for when empty (<see cref="WhenEmpty{T}"/>); null when nothing.</summary>
    internal static string? OwnFix(Symbol symbol) => Fixes.TryGetValue(symbol, out var fix) ? fix : null;

    /// <summary>True for an option marked <see cref="RefusedByItsCommand{T}"/> or <see cref="EmptyMeansNone{T}"/>.</summary>
    internal static bool IsLeftToItsCommand(Option option) => Fixes.TryGetValue(option, out var fix) && fix.Length == 0;

    /// <summary>
    /// Every option of <paramref name="command"/> and its subcommands that takes a value, and every argument, checked
    /// before its own validators.
    /// </summary>
    public static void CheckAll(Command command) => CheckAll(command, new HashSet<Symbol>(ReferenceEqualityComparer.Instance));

    private static void CheckAll(Command command, HashSet<Symbol> seen)
    {
        foreach (var option in command.Options.Where(o => o.Arity.MaximumNumberOfValues > 0 && o.ValueType != typeof(bool) && seen.Add(o)))
        {
            if (!Fixes.TryGetValue(option, out var fix) || fix.Length > 0)
            {
                Checked(option);
            }
        }

        foreach (var argument in command.Arguments.Where(seen.Add))
        {
            argument.Validators.Insert(0, RefuseBlank<ArgumentResult>(() => Refusal(argument)));
        }

        foreach (var sub in command.Subcommands)
        {
            CheckAll(sub, seen);
        }
    }

    /// <summary>The refusal of an empty <paramref name="option"/>, its fix worded by the value it takes.</summary>
    public static string Refusal(Option option) => EmptyValue.Error(option.Name, Fix(option)).Message;

    /// <summary>
    /// The refusal of an empty <paramref name="argument"/>, named as usage shows it (<c>&lt;plan&gt;</c> is PLAN) with
    /// its fix, or one worded by the value it takes.
    /// </summary>
    public static string Refusal(Argument argument)
    {
        var fix = Fixes.TryGetValue(argument, out var own) && own.Length > 0 ? own : $"give {What(argument.ValueType)}";
        return EmptyValue.Error(argument.Name.ToUpperInvariant(), fix).Message;
    }

    private static void Checked(Option option) => option.Validators.Insert(0, RefuseBlank<OptionResult>(() => Refusal(option)));

    // A validator refusing a value given as "" or blanks, worded by the symbol it checks.
    private static Action<T> RefuseBlank<T>(Func<string> refusal) where T : SymbolResult => result =>
    {
        if (result.Tokens.Any(t => t.Value.Trim().Length == 0))
        {
            result.AddError(refusal());
        }
    };

    private static string Fix(Option option)
    {
        if (Fixes.TryGetValue(option, out var fix) && fix.Length > 0)
        {
            return fix;
        }

        var what = What(option.ValueType) is var byType && byType == "a value" && Takes.TryGetValue(option.Name, out var named) ? named : byType;
        return option.Required ? $"give {what}" : $"give {what}, or leave {option.Name} out";
    }

    private static string What(Type type)
    {
        var element = type.IsArray ? type.GetElementType()! : Nullable.GetUnderlyingType(type) ?? type;
        return element == typeof(string) ? "a value" : ParseProblem.Kind(element);
    }
}
