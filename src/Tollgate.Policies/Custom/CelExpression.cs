using System.Diagnostics;
using System.Text.RegularExpressions;
using Cel;

namespace Tollgate.Policies.Custom;

/// <summary>
/// One compiled CEL expression (https://github.com/google/cel-spec), evaluated with the <c>Cel</c> package.
/// CEL has no I/O, no loops beyond bounded macros over the input, and no side effects; on top of that this
/// sandbox caps the expression's length, estimates its cost at load (<see cref="CelCost"/>), meters every
/// comprehension step at evaluation against <see cref="CelLimits"/> and a <see cref="CancellationToken"/>, and
/// replaces <c>matches</c> with a linear-time regex engine and a time limit (the RE2 semantics CEL specifies,
/// without catastrophic backtracking). The one exception: a pattern with a word boundary (<c>\b</c>, <c>\B</c>) matched
/// against text outside ASCII, where RE2's ASCII boundary needs lookarounds, runs on the backtracking engine within
/// the same time limit.
/// </summary>
public sealed class CelExpression
{
    public const int MaxLength = 4096;

    private readonly CelProgramDelegate _program;
    private readonly CelLimits _limits;

    private CelExpression(string text, CelProgramDelegate program, CelLimits limits)
    {
        Text = text;
        _program = program;
        _limits = limits;
    }

    public string Text { get; }

    /// <summary>Compiles <paramref name="text"/>; a problem is bad configuration (exit 3) with a clear message.</summary>
    public static CelExpression Compile(string text, IDictionary<string, object?> sample, CelLimits? limits = null)
    {
        limits ??= CelLimits.Default;
        if (Check(text, sample, limits) is { } problem)
        {
            throw new Domain.InvalidInputException(problem);
        }

        return Build(text, limits);
    }

    /// <summary>
    /// Null when the expression compiles, its estimated cost is within the budget, and it runs on
    /// <paramref name="sample"/> (the variables of its scope, as the kind that evaluates it binds them); else what is
    /// wrong. The names are checked on the parse tree (<see cref="CelNames"/>: unknown variables, functions and fields of
    /// <c>change</c> and <c>plan</c>, wherever they sit); the dry run catches results that are not booleans.
    /// </summary>
    public static string? Check(string text, IDictionary<string, object?> sample, CelLimits? limits = null)
    {
        limits ??= CelLimits.Default;
        if (text.Length > MaxLength)
        {
            return $"the expression is {text.Length} characters long; the limit is {MaxLength}";
        }

        if (text.Contains(CelMeter.FunctionName, StringComparison.Ordinal))
        {
            return $"when may not call {CelMeter.FunctionName}";
        }

        if (CelSyntax.Problem(text) is { } lexed)
        {
            return lexed;
        }

        CelExpression expression;
        try
        {
            var tree = CreateEnvironment().Parse(text);
            if (PatternProblem(tree) is { } pattern)
            {
                return "when " + pattern;
            }

            if (CelNames.Problem(tree, sample, CreateEnvironment) is { } name)
            {
                return name;
            }

            var (steps, depth) = CelCost.Estimate(tree);
            if (steps > limits.MaxEstimatedSteps)
            {
                return $"when nests {depth} comprehensions (all, exists, exists_one, map, filter): about {steps:0.#e0} steps "
                    + $"on lists of {CelCost.AssumedListSize} items, over the budget of {limits.MaxEstimatedSteps:0.#e0}";
            }

            expression = Build(text, limits);
        }
        catch (Exception e) when (e.GetType().Namespace?.StartsWith("Cel", StringComparison.Ordinal) == true)
        {
            return "when does not parse: " + (e is CelExpressionParserException && e.Message.StartsWith("Line ", StringComparison.Ordinal) ? CelSyntax.Describe(e.Message) : e.Message.ReplaceLineEndings(" "));
        }

        var outcome = expression.Evaluate(sample);
        return outcome.Limit is { } limit ? "when " + limit
            : outcome.Error is { } error && IsBindingError(error) ? "when " + error
            : null;
    }

    /// <summary>Evaluates to true or false, or says why it could not (never throws for a bad expression).</summary>
    public CelOutcome Evaluate(IDictionary<string, object?> variables, CancellationToken cancellationToken = default) =>
        Evaluate(variables, _limits.PerEvaluation, cancellationToken);

    /// <summary>
    /// Evaluates within <paramref name="time"/> (and the step budget); a limit hit is <see cref="CelOutcome.Limit"/>.
    /// Cancellation throws <see cref="OperationCanceledException"/>.
    /// </summary>
    public CelOutcome Evaluate(IDictionary<string, object?> variables, TimeSpan time, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var previous = CelMeter.Current;
        var meter = new CelMeter(_limits.MaxSteps, Stopwatch.GetTimestamp() + (long)(time.TotalSeconds * Stopwatch.Frequency), cancellationToken);
        CelMeter.Current = meter;
        try
        {
            var value = Stopped(meter, () => _program.Invoke(variables), cancellationToken);
            return meter.Stopped is { } limit ? new CelOutcome(null, limit) { Limit = limit } : value switch
            {
                bool b => new CelOutcome(b, null),
                null => new CelOutcome(null, "evaluates to null, not true or false"),
                var other when other.GetType().Name == "CelNoSuchField" => new CelOutcome(null, "reads a field that is not there (guard it with has(...))"),
                var other => new CelOutcome(null, $"evaluates to {CelTypeName(other)}, not true or false"),
            };
        }
        catch (Exception e) when (meter.Stopped is { } limit && e is not OperationCanceledException)
        {
            return new CelOutcome(null, limit) { Limit = limit };
        }
        catch (Exception e) when (Innermost(e) is RegexMatchTimeoutException)
        {
            return new CelOutcome(null, $"matches() ran longer than {Re2Matcher.Budget.TotalMilliseconds} ms");
        }
        catch (Exception e) when (Overflow(e))
        {
            // .NET's own text for it is a resource key under UseSystemResourceKeys ("Arg_OverflowException"); cel-go's
            // words for the same error are "integer overflow".
            return new CelOutcome(null, "integer overflow: a result outside the 64-bit range of CEL's int and uint");
        }
        catch (Exception e) when (e.GetType().Namespace?.StartsWith("Cel", StringComparison.Ordinal) == true || e is InvalidCastException or ArgumentException or FormatException)
        {
            return new CelOutcome(null, e.Message.ReplaceLineEndings(" "));
        }
        finally
        {
            CelMeter.Current = previous;
        }
    }

    /// <summary>Runs the program; a stop by cancellation surfaces as <see cref="OperationCanceledException"/>.</summary>
    private static object? Stopped(CelMeter meter, Func<object?> run, CancellationToken cancellationToken)
    {
        object? value;
        try
        {
            value = run();
        }
        catch when (meter.Stopped == "was cancelled")
        {
            value = null;
        }

        if (meter.Stopped == "was cancelled")
        {
            throw new OperationCanceledException("custom rule evaluation was cancelled", cancellationToken);
        }

        return value;
    }

    private static bool Overflow(Exception e)
    {
        for (Exception? current = e; current is not null; current = current.InnerException)
        {
            // The Cel package's checked arithmetic throws its CelOverflowException with .NET's OverflowException text.
            if (current is OverflowException || current.GetType().Name == "CelOverflowException")
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>CEL's name of a value's type (<c>int</c>, <c>string</c>, <c>list</c>), as <c>type()</c> gives it, not .NET's.</summary>
    private static string CelTypeName(object value) => value switch
    {
        long => "int",
        ulong => "uint",
        double => "double",
        string => "string",
        byte[] => "bytes",
        System.Collections.IDictionary => "map",
        System.Collections.IEnumerable => "list",
        DateTimeOffset or DateTime => "google.protobuf.Timestamp",
        TimeSpan => "google.protobuf.Duration",
        _ => value.GetType().Name,
    };

    private static Exception Innermost(Exception e)
    {
        for (var current = e; ; current = current.InnerException!)
        {
            if (current is RegexMatchTimeoutException || current.InnerException is null)
            {
                return current;
            }
        }
    }

    private static CelExpression Build(string text, CelLimits limits)
    {
        var environment = CreateEnvironment();
        var instrumented = CelCost.Instrument(text, environment.Parse(text), CelMeter.FunctionName);
        return new CelExpression(text, environment.Compile(instrumented), limits);
    }

    /// <summary>
    /// Why a pattern written as a constant (<c>x.matches("^db-[[:digit:]]+$")</c>) is not one <c>matches</c> takes, or
    /// null: found at load, whether or not the sample's values reach the call, as cel-go refuses it when it compiles; the
    /// first such pattern as written.
    /// </summary>
    private static string? PatternProblem(Antlr4.Runtime.Tree.IParseTree tree)
    {
        foreach (var node in CelNames.Nodes(tree))
        {
            var argument = node switch
            {
                Cel.Internal.CelParser.MemberCallContext call when call.IDENTIFIER()?.GetText() == "matches" && call.exprList()?.expr() is [var one] => one,
                Cel.Internal.CelParser.IdentOrGlobalCallContext call when call.IDENTIFIER()?.GetText() == "matches" && call.exprList()?.expr() is [_, var two] => two,
                _ => null,
            };
            if (argument is null || !Constant(argument.GetText(), out var value))
            {
                continue;
            }

            if (value is not string re2)
            {
                // cel-go refuses matches(string, int) when it checks the expression; evaluated, it would be a type error
                // on every change, which the gate reads as a match.
                return $"matches() takes a string pattern, not {argument.GetText()}";
            }

            if (Re2Matcher.For(re2).Problem is { } problem)
            {
                return problem;
            }
        }

        return null;
    }

    /// <summary>Whether <paramref name="text"/> evaluates with no variables bound (a constant), and to what.</summary>
    private static bool Constant(string text, out object? value)
    {
        try
        {
            value = new CelEnvironment(null, null).Compile(text).Invoke(new Dictionary<string, object?>());
            return true;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            value = null;
            return false;
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
        environment.RegisterFunction(CelMeter.FunctionName, [], CelMeter.Step);
        return environment;
    }

    private static object? Matches(object?[] arguments)
    {
        var text = arguments[0] as string ?? throw new ArgumentException("matches() needs a string");
        var pattern = arguments[1] as string ?? throw new ArgumentException("matches() needs a string pattern");
        return Re2Matcher.For(pattern).IsMatch(text);
    }
}
