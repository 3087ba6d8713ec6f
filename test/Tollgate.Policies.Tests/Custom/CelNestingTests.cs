using Tollgate.Domain.Policies;
using Tollgate.Policies.Custom;
using Tollgate.Terraform.PolicyRules;

namespace Tollgate.Policies.Tests.Custom;

/// <summary>
/// A <c>when</c> nested deeper than <see cref="CelSyntax.MaxNesting"/> (brackets, calls, <c>?:</c>) is refused at load
/// in one line. Before, 200 parentheses overflowed the stack of a 1 MB thread inside the <c>Cel</c> package's recursive
/// parser and ended the process (the policy fuzz test's runs of <c>(</c> could hit it); the deepest expression allowed
/// of each kind is loaded and evaluated here on a thread of 1 MB.
/// </summary>
public sealed class CelNestingTests
{
    private static readonly IDictionary<string, object?> Sample = ChangeValues.Sample(CustomRuleScope.Change);

    public static TheoryData<string, string> Deepest => new()
    {
        { "parentheses", Nested(64, "(", "true", ")") },
        { "lists", Nested(64, "[", "", "]") + " == []" },
        { "maps", Nested(64, "{'k': ", "1", "}") + " != {}" },
        { "calls", Nested(63, "size(", "[]", ")") + " == 0" },
        { "conditionals", string.Concat(Enumerable.Repeat("change.type == 'a' ? false : ", 64)) + "true" },
        { "mixed", Nested(21, "(change.type == 'a' ? [", "true", "] : [false])[0]") },
    };

    [Theory]
    [MemberData(nameof(Deepest))]
    public void Check_DeepestAllowed_LoadsAndRunsOnASmallStack(string kind, string when)
    {
        string? problem = "not run";
        var thread = new Thread(() => problem = CelExpression.Check(when, Sample), 1 << 20);
        thread.Start();
        thread.Join();

        problem.ShouldBeNull(kind);
    }

    [Theory]
    [InlineData(65, "(", "true", ")", 65)]
    [InlineData(1000, "(", "true", ")", 65)]
    [InlineData(100, "[", "", "]", 65)]
    [InlineData(70, "size(", "[]", ")", 325)]
    public void Check_DeeperThanTheLimit_RefusedInOneLine(int depth, string open, string inside, string close, int column)
    {
        CelExpression.Check(Nested(depth, open, inside, close), Sample)
            .ShouldBe($"when nests brackets, calls and ?: 65 deep by line 1, column {column}; the limit is 64");
    }

    [Fact]
    public void Check_ConditionalsChainedPastTheLimit_Refused()
    {
        var when = string.Concat(Enumerable.Repeat("change.type == 'a' ? false : ", 65)) + "true";

        CelExpression.Check(when, Sample).ShouldStartWith("when nests brackets, calls and ?: 65 deep by line 1, column ");
    }

    [Fact]
    public void Check_BracketsInStringsAndConditionalsSideBySide_DoNotNest()
    {
        var inString = $"change.type != '{new string('(', 200)}'";
        var items = "[" + string.Join(", ", Enumerable.Repeat("change.type == 'a' ? 1 : 2", 100)) + "].size() == 100";

        CelExpression.Check(inString, Sample).ShouldBeNull();
        CelExpression.Check(items, Sample).ShouldBeNull();
    }

    private static string Nested(int depth, string open, string inside, string close) =>
        string.Concat(Enumerable.Repeat(open, depth)) + inside + string.Concat(Enumerable.Repeat(close, depth));
}
