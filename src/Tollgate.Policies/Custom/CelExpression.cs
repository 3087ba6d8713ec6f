using System.Text.RegularExpressions;
using Cel;
using Tollgate.Domain.Policies;

namespace Tollgate.Policies.Custom;

/// <summary>
/// One compiled CEL expression (https://github.com/google/cel-spec), evaluated with the <c>Cel</c> package.
/// CEL has no I/O, no loops beyond bounded macros over the input, and no side effects; on top of that this
/// sandbox caps the expression's length and replaces <c>matches</c> with a linear-time regex engine and a time
/// limit (the RE2 semantics CEL specifies, without catastrophic backtracking).
/// </summary>
public sealed class CelExpression
{
    public const int MaxLength = 4096;

    private static readonly TimeSpan RegexBudget = TimeSpan.FromMilliseconds(200);

    private readonly CelProgramDelegate _program;

    private CelExpression(string text, CelProgramDelegate program)
    {
        Text = text;
        _program = program;
    }

    public string Text { get; }

    /// <summary>Compiles <paramref name="text"/>; a problem is bad configuration (exit 3) with a clear message.</summary>
    public static CelExpression Compile(string text, CustomRuleScope scope)
    {
        if (Check(text, scope) is { } problem)
        {
            throw new Domain.InvalidInputException(problem);
        }

        return new CelExpression(text, CreateEnvironment().Compile(text));
    }

    /// <summary>
    /// Null when the expression compiles and runs on a sample change of the scope; else what is wrong. The dry run
    /// catches unknown functions and variables (CEL binds them late) and results that are not booleans.
    /// </summary>
    public static string? Check(string text, CustomRuleScope scope)
    {
        if (text.Length > MaxLength)
        {
            return $"the expression is {text.Length} characters long; the limit is {MaxLength}";
        }

        CelProgramDelegate program;
        try
        {
            program = CreateEnvironment().Compile(text);
        }
        catch (Exception e) when (e.GetType().Namespace?.StartsWith("Cel", StringComparison.Ordinal) == true)
        {
            return "when does not parse: " + e.Message.ReplaceLineEndings(" ");
        }

        var outcome = new CelExpression(text, program).Evaluate(ChangeValues.Sample(scope));
        return outcome.Error is { } error && IsBindingError(error) ? "when " + error : null;
    }

    /// <summary>Evaluates to true or false, or says why it could not (never throws for a bad expression).</summary>
    public CelOutcome Evaluate(IDictionary<string, object?> variables)
    {
        try
        {
            return _program.Invoke(variables) switch
            {
                bool b => new CelOutcome(b, null),
                null => new CelOutcome(null, "evaluates to null, not true or false"),
                var other when other.GetType().Name == "CelNoSuchField" => new CelOutcome(null, "reads a field that is not there (guard it with has(...))"),
                var other => new CelOutcome(null, $"evaluates to {other.GetType().Name}, not true or false"),
            };
        }
        catch (RegexMatchTimeoutException)
        {
            return new CelOutcome(null, $"matches() ran longer than {RegexBudget.TotalMilliseconds} ms");
        }
        catch (Exception e) when (e.GetType().Namespace?.StartsWith("Cel", StringComparison.Ordinal) == true || e is InvalidCastException or ArgumentException or FormatException)
        {
            return new CelOutcome(null, e.Message.ReplaceLineEndings(" "));
        }
    }

    private static bool IsBindingError(string error) =>
        error.Contains("Unbound", StringComparison.OrdinalIgnoreCase)
        || error.Contains("undeclared", StringComparison.OrdinalIgnoreCase)
        || error.Contains("no function, variable or macro", StringComparison.Ordinal)
        || error.Contains("not true or false", StringComparison.Ordinal);

    private static CelEnvironment CreateEnvironment()
    {
        var environment = new CelEnvironment(null, null);
        environment.RegisterFunction("matches", [typeof(string), typeof(string)], Matches);
        return environment;
    }

    private static object? Matches(object?[] arguments)
    {
        var text = arguments[0] as string ?? throw new ArgumentException("matches() needs a string");
        var pattern = arguments[1] as string ?? throw new ArgumentException("matches() needs a string pattern");
        return Regex.IsMatch(text, pattern, RegexOptions.NonBacktracking | RegexOptions.CultureInvariant, RegexBudget);
    }
}
