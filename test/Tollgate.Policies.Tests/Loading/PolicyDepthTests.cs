using System.Diagnostics;
using Tollgate.Domain;
using Tollgate.Policies.Loading;

namespace Tollgate.Policies.Tests.Loading;

/// <summary>A policy nested 100,000 deep is refused quickly with its line, on a small stack, never a stack overflow.</summary>
public sealed class PolicyDepthTests
{
    public static TheoryData<string, string> Deep => new()
    {
        { "flow sequences", "rules: " + new string('[', 100_000) + new string(']', 100_000) + "\n" },
        { "flow mappings", "rules: " + string.Concat(Enumerable.Repeat("{a: ", 100_000)) + "1" + new string('}', 100_000) + "\n" },
        { "block sequences", "rules:\n" + string.Concat(Enumerable.Range(0, 2_000).Select(i => new string(' ', i) + "-\n")) },
    };

    [Theory]
    [MemberData(nameof(Deep))]
    public void Parse_NestedFarTooDeep_RefusedWithItsLine(string shape, string yaml)
    {
        InvalidInputException? error = null;
        var clock = Stopwatch.StartNew();
        var thread = new Thread(() => error = Record.Exception(() => PolicyReader.Parse(yaml, "tollgate.yaml", Tollgate.Cli.Hosting.Pillars.Vocabulary)) as InvalidInputException, 1024 * 1024);
        thread.Start();
        thread.Join();

        error.ShouldNotBeNull(shape);
        error.Message.ShouldMatch(@"^tollgate\.yaml:\d+:\d+: nested deeper than 64 levels$");
        clock.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(10));
    }
}
