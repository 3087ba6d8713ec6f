using CsCheck;
using Tollgate.Delivery.Running;
using Tollgate.Processes;

namespace Tollgate.Delivery.Tests.Running;

/// <summary>
/// A value put into a user's shell command (a model version from an MLflow server) reaches the command as it is and
/// never runs, wherever the placeholder stands: bare, in double quotes, in single quotes, inside <c>$(…)</c> or
/// <c>${…}</c> or a <c>case</c> inside <c>$(…)</c>, in a here-document's body; under <c>/bin/sh</c> (dash here) and
/// under bash, the two a hook meets. Where bash evaluates it as arithmetic (<c>let</c>, <c>[[ … -eq … ]]</c>, an array
/// index, an integer variable), where even the quoted reference runs a value <c>a[$(cmd)]</c>, it is left for the caller to refuse.
/// </summary>
public sealed class ShellPlaceholderTests
{
    internal const string Variable = "TOLLGATE_TEST_VALUE";

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
        { "cat <<EOF\nserving {v} now\nEOF", "serving VALUE now" },
        { "cat <<EOF\nit's \"{v}\"\nEOF", "it's \"VALUE\"" },
        { "cat <<-\"EOF\"; cat <<-EOF\n\t'{v}' $HOME\n\tEOF\n\t\"{v}\" \\$HOME\n\tEOF", "'{v}' $HOME\n\"VALUE\" $HOME" },
        { "cat <<EOF\nit's\nEOF\nprintf '%s\\n' {v}", "it's\nVALUE" },
        { "cat <<E\\OF; printf '%s\\n' \"$(cat <<EOF\n{v}\nEOF\n)\"\nit's\nEOF", "it's\nVALUE" },
        { "cat <<EOF\na\\\nEOF\n{v}\nEOF", "aEOF\nVALUE" },
        { "printf '%s\\n' ${TOLLGATE_UNSET_X:-a #b} {v}", "a\n#b\nVALUE" },
        { "printf '%s\\n' \"${TOLLGATE_UNSET_X:-{v}}\" ${TOLLGATE_UNSET_X:-'{v}'}", "VALUE\nVALUE" },
        { "printf '%s\\n' $((1<<2)) {v}", "4\nVALUE" },
        { "printf '%s\\n' `printf '%s' a #b` {v} $(printf b #c) {v}\n)", "a\nVALUE\nb" },
        { "printf '%s\\n' \"$(case a in a) printf '%s' '{v}';; esac)\"", "VALUE" },
        { "printf '%s\\n' \"$(case a in (b|a) printf '%s' \"{v}\";; (*) echo no;; esac)\" '{v}'", "VALUE\nVALUE" },
        { "printf '%s\\n' \"$(case a in a) case b in b) echo esac; printf '%s' '{v}';; esac;; esac)\" {v}", "esac\nVALUE\nVALUE" },
        { "printf '%s\\n' \"$(case a in\na)\nprintf '%s' '{v}'\n;;\nesac\n)\"", "VALUE" },
        { "[ {v} -eq 3 ] 2>/dev/null || test {v} -eq 3 2>/dev/null || printf '%s\\n' {v}", "VALUE" },
        { "case {v} in 3) ;; *) printf '%s\\n' {v};; esac", "VALUE" },
        { "x={v}; printf '%s\\n' let \"$x\" a[1] '[[' {v} -eq", "let\nVALUE\na[1]\n[[\nVALUE\n-eq" },
        { "printf '%s\\n' \"fraud[{v}]\" x[{v}] 'y[{v}]'", "fraud[VALUE]\nx[VALUE]\ny[VALUE]" },
        { "bash -c 'printf \"%s\\n\" \"$1\"' _ {v}; sh -ec 'printf \"%s\\n\" \"$0\"' {v}", "VALUE\nVALUE" },
    };

    /// <summary>Templates whose <c>$'…'</c> is read as bash reads it (dash has no <c>$'…'</c>), run under bash.</summary>
    public static readonly TheoryData<string, string> BashTemplates = new()
    {
        { "printf '%s\\n' $'it\\'s' {v}", "it's\nVALUE" },
        { "printf '%s\\n' $'it\\'s #' {v} $'\\\\' '{v}'", "it's #\nVALUE\n\\\nVALUE" },
        { "[[ {v} == {v} && {v} != 3 ]] && printf '%s\\n' {v}", "VALUE" },
        { "declare -A m; m[k]={v}; declare -i n=1; x={v}; printf '%s\\n' \"${m[k]}\" \"$x\" \"${x:-{v}}\"", "VALUE\nVALUE\nVALUE" },
        { "declare x={v} \"y={v}\"; export z={v}; printf -v w %s {v}; read -r r <<< {v}; printf '%s\\n' \"$x\" \"$y\" \"$z\" \"$w\" \"$r\"", "VALUE\nVALUE\nVALUE\nVALUE\nVALUE" },
        { "[[ -v TOLLGATE_UNSET_X || {v} == x[{v}] ]] || test -v TOLLGATE_UNSET_X || printf '%s\\n' {v}", "VALUE" },
    };

    /// <summary>
    /// Where bash evaluates a word as arithmetic, each with <c>{v}</c> bare, and the site the reading names: there a
    /// value <c>a[$(cmd)]</c> runs <c>cmd</c> even as the quoted reference, so the placeholder is left for the caller to refuse.
    /// </summary>
    public static readonly TheoryData<string, PlaceholderSite> BashArithmetic = new()
    {
        { "[[ {v} -eq 3 ]] || true", PlaceholderSite.Comparison },
        { "[[ -n x && 3 -lt {v} ]] || true", PlaceholderSite.Comparison },
        { "if [[ ! {v} -ge 3 ]]; then :; fi", PlaceholderSite.Comparison },
        { "let n={v} || true", PlaceholderSite.Arithmetic },
        { "command let n={v}+1 || true", PlaceholderSite.Arithmetic },
        { "echo $[{v}]", PlaceholderSite.Arithmetic },
        { "x=abc; echo ${x:{v}} ${x:0:1}", PlaceholderSite.Arithmetic },
        { "x=abc; echo ${x:0:{v}}", PlaceholderSite.Arithmetic },
        { "echo ${a[{v}]}", PlaceholderSite.Subscript },
        { "a[{v}]=1", PlaceholderSite.Subscript },
        { "a=(1 2); unset 'a[{v}]'", PlaceholderSite.Subscript },
        { "a=(1 2); unset -v \"a[{v}]\"", PlaceholderSite.Subscript },
        { "a=(1 2); [ -v a[{v}] ] || true", PlaceholderSite.Subscript },
        { "a=([{v}]=1)", PlaceholderSite.Subscript },
        { "declare -i n={v}", PlaceholderSite.IntegerVariable },
        { "typeset -i n; n={v}", PlaceholderSite.IntegerVariable },
        { "f() { n={v}; }; declare -i n; f", PlaceholderSite.IntegerVariable },
        { "declare -i n; for n in {v}; do :; done", PlaceholderSite.IntegerVariable },
        { "printf '%s\\n' \"$(let n={v}; echo $n)\"", PlaceholderSite.Arithmetic },
        { "printf '%s\\n' \"$(case x in x) let n={v};; esac)\"", PlaceholderSite.Arithmetic },
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

    /// <summary>Runs the substituted template under /bin/sh as a hook runs (<see cref="ShellCommand"/>), or under <paramref name="shell"/>.</summary>
    internal static async Task<(string Output, bool Ran)> RunAsync(string template, string value, string shell = "/bin/sh")
    {
        var directory = Directory.CreateTempSubdirectory("tollgate-placeholder-").FullName;
        var script = new ShellScript(ShellPlaceholder.Substitute(template, "{v}", Variable)) { Variables = new Dictionary<string, string> { [Variable] = value } };
        string output;
        if (shell == "/bin/sh")
        {
            var result = await ShellCommand.RunAsync(script, TimeSpan.FromSeconds(20), null, directory, CancellationToken.None);
            result.ExitCode.ShouldBe(0, $"{script.Script}: {result.OutputTail}");
            output = result.OutputTail;
        }
        else
        {
            var result = await ChildProcess.RunAsync(new ChildCommand(shell, ["-c", script.Script])
            {
                Environment = new Dictionary<string, string?> { [Variable] = value },
                WorkingDirectory = directory,
                Timeout = TimeSpan.FromSeconds(20),
            });
            result.ExitCode.ShouldBe(0, $"{script.Script}: {result.Errors}");
            output = string.Join('\n', result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        }

        var ran = File.Exists(Path.Combine(directory, "PWNED"));
        Directory.Delete(directory, recursive: true);
        return (output, ran);
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

    [Theory]
    [MemberData(nameof(Templates))]
    [MemberData(nameof(BashTemplates))]
    public async Task Substitute_HostileValuesUnderBash_ReachTheCommandAsTheyAre_NothingRuns(string template, string printed)
    {
        foreach (var value in Hostile)
        {
            var (output, ran) = await RunAsync(template, value, "bash");

            ran.ShouldBeFalse($"{template} with {value} ran the value");
            output.ShouldBe(printed.Replace("VALUE", value, StringComparison.Ordinal), $"{template} with {value}");
        }
    }

    /// <summary>Whether <paramref name="script"/> run under <paramref name="shell"/> with the value ran it (made PWNED), however it exited.</summary>
    internal static async Task<bool> RanAsync(string script, string value, string shell)
    {
        var directory = Directory.CreateTempSubdirectory("tollgate-placeholder-").FullName;
        await ChildProcess.RunAsync(new ChildCommand(shell, ["-c", script])
        {
            Environment = new Dictionary<string, string?> { [Variable] = value },
            WorkingDirectory = directory,
            Timeout = TimeSpan.FromSeconds(20),
        });
        var ran = File.Exists(Path.Combine(directory, "PWNED"));
        Directory.Delete(directory, recursive: true);
        return ran;
    }

    [Theory]
    [MemberData(nameof(BashArithmetic))]
    public async Task Read_PlaceholderWhereBashEvaluatesArithmetic_LeftAsWrittenForTheCallerToRefuse(string template, PlaceholderSite site)
    {
        // The proof: the reference the reading used to write there, quoted as data, still runs the value's $(…) under bash.
        const string Hostile = "a[$(id>PWNED)]";
        (await RanAsync(template.Replace("{v}", "\"${" + Variable + "}\"", StringComparison.Ordinal), Hostile, "bash")).ShouldBeTrue("bash evaluates the value there");

        var read = ShellPlaceholder.Read(template, "{v}", Variable);

        read.Sites.ShouldBe([site], template);
        read.Script.ShouldBe(template);
        (await RanAsync(read.Script, Hostile, "bash")).ShouldBeFalse(template);
    }

    [Theory]
    [InlineData("/bin/sh")]
    [InlineData("bash")]
    public async Task Substitute_VersionTestedWithSingleBrackets_IsACommandsArgument_NothingRuns(string shell)
    {
        // test's -eq (dash's, bash's builtin and /usr/bin/test alike) refuses a value that is no integer; it never evaluates it.
        var script = ShellPlaceholder.Substitute("[ {v} -eq 3 ] || test {v} -ne 3 || /usr/bin/test {v} -gt 3 || true", "{v}", Variable);

        script.ShouldNotContain("{v}");
        (await RanAsync(script, "a[$(id>PWNED)]", shell)).ShouldBeFalse();
    }

    [Fact]
    public void Substitute_ScriptNamesTheVariable_NeverHoldsTheValue()
    {
        ShellPlaceholder.Substitute("./serve.sh {v}", "{v}", "V").ShouldBe("./serve.sh \"${V}\"");
        ShellPlaceholder.Substitute("echo \"at {v}\"", "{v}", "V").ShouldBe("echo \"at ${V}\"");
        ShellPlaceholder.Substitute("echo 'at {v}'", "{v}", "V").ShouldBe("echo 'at '\"${V}\"''");
    }

    [Theory]
    [InlineData("./serve.sh {v} # {v}", "./serve.sh \"${V}\" # {v}", "Word Comment")]
    [InlineData("cat <<EOF\n{v} it's \"{v}\"\nEOF", "cat <<EOF\n${V} it's \"${V}\"\nEOF", "HereDocument HereDocument")]
    [InlineData("cat <<'EOF' >f\n{v}\nEOF\n./serve.sh {v}", "cat <<'EOF' >f\n{v}\nEOF\n./serve.sh \"${V}\"", "QuotedHereDocument Word")]
    [InlineData("printf $'a\\'{v}' {v}", "printf $'a\\'{v}' \"${V}\"", "AnsiCQuotes Word")]
    [InlineData("echo $((1+{v})) $(( $(echo {v}) )); ((x={v}))", "echo $((1+{v})) $(( $(echo {v}) )); ((x={v}))", "Arithmetic Arithmetic Arithmetic")]
    [InlineData("echo ${X:-/srv/ #{v}} \"${X:-{v}}\"", "echo ${X:-/srv/ #\"${V}\"} \"${X:-${V}}\"", "Word Word")]
    [InlineData("[[ {v} == 3 && {v} -eq 3 ]] || ./serve.sh {v}", "[[ \"${V}\" == 3 && {v} -eq 3 ]] || ./serve.sh \"${V}\"", "Word Comparison Word")]
    [InlineData("[ {v} -eq 3 ]; echo let {v} x[1] -eq {v}", "[ \"${V}\" -eq 3 ]; echo let \"${V}\" x[1] -eq \"${V}\"", "Word Word Word")]
    [InlineData("a[0]={v} ${a[0]:-{v}} \"${a[{v}]}\" ${#a[{v}]}; unset \"a[{v}]\"", "a[0]=\"${V}\" ${a[0]:-\"${V}\"} \"${a[{v}]}\" ${#a[{v}]}; unset \"a[{v}]\"", "Word Word Subscript Subscript Subscript")]
    [InlineData("echo \"fraud[{v}]\" x[{v}] a[{v}] >y[{v}]; echo unset a[{v}]", "echo \"fraud[${V}]\" x[\"${V}\"] a[\"${V}\"] >y[\"${V}\"]; echo unset a[\"${V}\"]", "Word Word Word Word Word")]
    [InlineData("x={v} declare -i y; y+=$(echo {v}); export z={v}", "x=\"${V}\" declare -i y; y+=$(echo {v}); export z=\"${V}\"", "Word IntegerVariable Word")]
    [InlineData("echo \"$[{v}]\" ${x: -{v}} ${x:-{v}} ${x:={v}}", "echo \"$[{v}]\" ${x: -{v}} ${x:-\"${V}\"} ${x:=\"${V}\"}", "Arithmetic Arithmetic Word Word")]
    [InlineData("printf x\r#{v} {v}", "printf x\r#\"${V}\" \"${V}\"", "Word Word")]
    [InlineData("echo \"$(case {v} in ({v}) echo '{v}';; esac)\" {v}", "echo \"$(case \"${V}\" in (\"${V}\") echo ''\"${V}\"'';; esac)\" \"${V}\"", "Word Word Word Word")]
    public void Read_EachPlaceholder_ReplacedForWhereTheShellReadsIt(string template, string script, string sites)
    {
        var read = ShellPlaceholder.Read(template, "{v}", "V");

        read.Script.ShouldBe(script);
        string.Join(' ', read.Sites).ShouldBe(sites);
        read.OpenHereDocument.ShouldBeNull();
    }

    [Theory]
    [InlineData("cat <<EOF\nx\nEOF {v}", "<<EOF")]
    [InlineData("cat <<-'EOF'\nx\n\tEOF\n\ny <<  \"E F\"\tz {v}", "<<  \"E F\"")]
    [InlineData("cat <<EOF {v}", "<<EOF")]
    [InlineData("cat <<EOF\nx\nEOF\n./serve.sh {v}", null)]
    [InlineData("echo \"$(cat <<EOF\nx\nEOF\n)\" {v}", null)]
    [InlineData("echo $((1<<2)) {v}", null)]
    [InlineData("cat <<<x {v}", null)]
    public void Read_TextEndingInAHereDocument_NamesItsOperator(string template, string? open)
    {
        ShellPlaceholder.Read(template, "{v}", "V").OpenHereDocument.ShouldBe(open);
    }

    [Fact]
    public void Read_AnyText_ChangesNothingButThePlaceholders()
    {
        // Shell text of any shape, broken included: the reading never fails, copies everything that is no placeholder,
        // and counts a site for each placeholder it replaces or leaves, one reference to the variable for each replaced.
        string[] tokens = ["'", "\"", "\\", "$", "(", ")", "((", "))", "{", "}", "`", "#", "<<", "<<-", "<<<", "EOF", "'EOF'", "\n", "\t", " ", "a", ";", "$'", "${", "$((", "{v}",
            "[", "]", "$[", "[[", "]]", "-eq", "let", "case", "in", "esac", ";;", "|", "declare -i", "n=", ":", "\r",
            "unset", "-v", "printf", "read", "-a", "eval", "sh -c", "-ec", "declare -n", "local -a", "test", "--", "a["];
        var text = Gen.OneOf<string>(tokens).Array[0, 40].Select(string.Concat);

        text.Sample(template =>
        {
            var read = ShellPlaceholder.Read(template, "{v}", "V");

            if (!template.Contains("{v}", StringComparison.Ordinal))
            {
                read.Script.ShouldBe(template);
                read.Sites.ShouldBeEmpty();
            }

            read.Sites.Count.ShouldBeLessThanOrEqualTo(template.Split("{v}").Length - 1);
            (read.Script.Split("${V}").Length - 1).ShouldBe(read.Sites.Count(s => s is PlaceholderSite.Word or PlaceholderSite.HereDocument));
            (read.Script.Split("{v}").Length - 1).ShouldBeLessThanOrEqualTo(template.Split("{v}").Length - 1);
        }, iter: 20_000);
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
