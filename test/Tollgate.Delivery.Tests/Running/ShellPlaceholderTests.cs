using CsCheck;
using Tollgate.Delivery.Running;

namespace Tollgate.Delivery.Tests.Running;

/// <summary>
/// A value put into a user's shell command (a model version from an MLflow server) reaches the command as it is and
/// never runs, wherever the placeholder stands: bare, in double quotes, in single quotes, inside <c>$(…)</c>.
/// </summary>
public sealed class ShellPlaceholderTests
{
    private const string Variable = "TOLLGATE_TEST_VALUE";

    /// <summary>Each template and what it prints for a value V, with VALUE where the value goes.</summary>
    public static readonly TheoryData<string, string> Templates = new()
    {
        { "printf '%s\\n' {v}", "VALUE" },
        { "printf '%s\\n' \"{v}\"", "VALUE" },
        { "printf '%s\\n' '{v}'", "VALUE" },
        { "printf '%s\\n' 'serving {v} now'", "serving VALUE now" },
        { "printf '%s\\n' \"serving {v} now\"", "serving VALUE now" },
        { "printf '%s\\n' model=reg/fraud:{v}", "model=reg/fraud:VALUE" },
        { "printf '%s\\n' \"$(printf '%s' '{v}')\"", "VALUE" },
        { "printf '%s\\n' \"$(printf '%s' \"{v}\")\"", "VALUE" },
        { "printf '%s\\n' \"`printf '%s' {v}`\"", "VALUE" },
        { "printf '%s|%s\\n' '{v}' \"{v}\" # '{v}' is the version", "VALUE|VALUE" },
        { "printf '%s\\n' \"it's\" '{v}'", "it's\nVALUE" },
        { "printf '%s\\n' \\{v} '\\'{v}", "{v}\n\\VALUE" },
    };

    public static readonly TheoryData<string> Hostile =
    [
        "$(touch PWNED)",
        "`touch PWNED`",
        "'; touch PWNED; '",
        "\"; touch PWNED; \"",
        "'\"$(touch PWNED)\"'",
        "${HOME}$((1+1))*?[a]\\n\\",
        "vé€𝄞",
    ];

    private static async Task<(string Output, bool Ran)> RunAsync(string template, string value)
    {
        var directory = Directory.CreateTempSubdirectory("tollgate-placeholder-").FullName;
        var script = new ShellScript(ShellPlaceholder.Substitute(template, "{v}", Variable)) { Variables = new Dictionary<string, string> { [Variable] = value } };
        var result = await ShellCommand.RunAsync(script, TimeSpan.FromSeconds(20), null, directory, CancellationToken.None);
        result.ExitCode.ShouldBe(0, $"{script.Script}: {result.OutputTail}");
        var ran = File.Exists(Path.Combine(directory, "PWNED"));
        Directory.Delete(directory, recursive: true);
        return (result.OutputTail, ran);
    }

    [Theory]
    [MemberData(nameof(Templates))]
    public async Task Substitute_HostileValues_ReachTheCommandAsTheyAre_NothingRuns(string template, string printed)
    {
        foreach (var value in Hostile)
        {
            var (output, ran) = await RunAsync(template, value);

            ran.ShouldBeFalse($"{template} with {value} ran the value");
            output.ShouldBe(printed.Replace("VALUE", value, StringComparison.Ordinal), $"{template} with {value}");
        }
    }

    [Fact]
    public void Substitute_ScriptNamesTheVariable_NeverHoldsTheValue()
    {
        ShellPlaceholder.Substitute("./serve.sh {v}", "{v}", "V").ShouldBe("./serve.sh \"${V}\"");
        ShellPlaceholder.Substitute("echo \"at {v}\"", "{v}", "V").ShouldBe("echo \"at ${V}\"");
        ShellPlaceholder.Substitute("echo 'at {v}'", "{v}", "V").ShouldBe("echo 'at '\"${V}\"''");
    }

    [Fact]
    public async Task Substitute_AnyPrintableValue_IsPrintedExactly()
    {
        // Every printable ASCII character (quotes, $, `, \, …) and non-ASCII; no white space, which the output tail trims.
        var characters = Gen.OneOf(Gen.Char['!', '~'], Gen.Char['\u00a1', '\u024f'], Gen.Const('€'));
        var value = characters.Array[1, 24].Select(c => new string(c));
        var rows = Templates.Select(r => (Template: (string)r[0], Printed: (string)r[1])).ToList();

        await Gen.Select(Gen.Int[0, rows.Count - 1], value).SampleAsync(async (index, text) =>
        {
            var (output, ran) = await RunAsync(rows[index].Template, text);

            ran.ShouldBeFalse();
            output.ShouldBe(rows[index].Printed.Replace("VALUE", text, StringComparison.Ordinal), $"{rows[index].Template} with {text}");
        }, iter: 60, threads: 1);
    }
}
