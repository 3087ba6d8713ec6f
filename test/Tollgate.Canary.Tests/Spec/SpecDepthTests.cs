using System.Diagnostics;
using Tollgate.Canary.Spec;
using Tollgate.Domain;

namespace Tollgate.Canary.Tests.Spec;

/// <summary>A spec nested 100,000 deep is refused quickly with its line and column (as a policy is), on a small stack, never a stack overflow.</summary>
public sealed class SpecDepthTests
{
    public static TheoryData<string, string, int> Deep => new()
    {
        { "flow sequences", "window: 10m\nmetrics: " + new string('[', 100_000) + new string(']', 100_000) + "\n", 2 },
        { "flow mappings", "metrics: " + string.Concat(Enumerable.Repeat("{a: ", 100_000)) + "1" + new string('}', 100_000) + "\n", 1 },
        { "block mappings", "groups:\n" + string.Concat(Enumerable.Range(1, 2_000).Select(i => new string(' ', i) + "a:\n")), 65 },
    };

    [Theory]
    [MemberData(nameof(Deep))]
    public void Parse_NestedFarTooDeep_RefusedWithItsLine(string shape, string yaml, int line)
    {
        InvalidInputException? error = null;
        var clock = Stopwatch.StartNew();
        var thread = new Thread(() => error = Record.Exception(() => SpecLoader.Parse(yaml, "spec.yaml")) as InvalidInputException, 1024 * 1024);
        thread.Start();
        thread.Join();

        error.ShouldNotBeNull(shape);
        error.Message.ShouldMatch($@"^spec\.yaml:{line}:\d+: nested deeper than 64 levels$", shape);
        clock.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public void Parse_SixtyFourLevels_PassesTheDepthCheck()
    {
        // At the limit the spec is read and judged on its fields: the error is about the spec, not its depth.
        var yaml = "groups: " + new string('[', 63) + new string(']', 63) + "\n";

        var error = Should.Throw<InvalidInputException>(() => SpecLoader.Parse(yaml, "spec.yaml"));

        error.Message.ShouldNotContain("nested deeper");
    }
}
