using Tollgate.Domain.Policies;
using Tollgate.Policies.Custom;
using Tollgate.Terraform.PolicyRules;

namespace Tollgate.Policies.Tests.Custom;

/// <summary>
/// A <c>when</c> that is not CEL is refused at load with its position in words: a character CEL has no token for is
/// never skipped (the parser alone read <c>===</c> as <c>==</c>), and the parser's grammar-token messages are said plainly.
/// </summary>
public sealed class CelSyntaxTests
{
    [Theory]
    [InlineData("change.type === \"a\"", "line 1, column 15: '=' is not part of CEL's syntax")]
    [InlineData("change.type == \"a\" # 1", "line 1, column 20: '#' is not part of CEL's syntax")]
    [InlineData("change.type == \"a\" &\n  \"delete\" in change.actions", "line 1, column 20: '&' is not part of CEL's syntax")]
    [InlineData("change.type == ", "line 1, column 16: the expression ends where more is needed")]
    [InlineData("(change.type == \"a\"", "line 1, column 20: the expression ends before its ')'")]
    [InlineData("change.type == \"a\")", "line 1, column 19: ')' follows a complete expression")]
    public void Check_NotCel_RefusedWithItsPositionInWords(string when, string problem)
    {
        CelExpression.Check(when, ChangeValues.Sample(CustomRuleScope.Change)).ShouldBe("when does not parse: " + problem);
    }

    [Fact]
    public void Check_OperatorsAndLiteralsOfCel_Parse()
    {
        CelExpression.Check("change.type == \"a\" || (change.name != 'b' && !(size(change.actions) >= 2) && 1.5 < 2.0 && -1 % 2 == -1 && b\"x\" != b\"y\")", ChangeValues.Sample(CustomRuleScope.Change))
            .ShouldBeNull();
    }
}
