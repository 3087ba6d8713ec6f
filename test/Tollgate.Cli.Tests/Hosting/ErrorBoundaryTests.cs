using Tollgate.Cli.Hosting;

namespace Tollgate.Cli.Tests.Hosting;

/// <summary>
/// A file system exception that reaches the command line's error boundary is one line in our words, naming the path
/// and the cause (exit 3), never the runtime's text: English in tests, resource keys in the built binary.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class ErrorBoundaryTests : IDisposable
{
    /// <summary>Runs the built tollgate without root's right to read any file, so a mode of 000 denies it as it would anyone.</summary>
    private const string AsAnyone = "if [ \"$(id -u)\" = 0 ]; then NOCAP='setpriv --bounding-set=-dac_override,-dac_read_search'; fi; $NOCAP $TOLLGATE";

    private readonly string _directory = Directory.CreateTempSubdirectory("tollgate-boundary-").FullName;

    public void Dispose()
    {
        foreach (var directory in Directory.EnumerateDirectories(_directory))
        {
            File.SetUnixFileMode(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        Directory.Delete(_directory, recursive: true);
    }

    public static TheoryData<string, Exception, string> Failures => new()
    {
        { "English, quoted", new UnauthorizedAccessException("Access to the path '/srv/plans/plan.json' is denied."), "cannot access /srv/plans/plan.json: permission denied" },
        { "resource key", new UnauthorizedAccessException("UnauthorizedAccess_IODenied_Path, /srv/plans/plan.json"), "cannot access /srv/plans/plan.json: permission denied" },
        { "errno with path", new IOException("Input/output error : '/srv/plans/plan.json'", 5), "cannot access /srv/plans/plan.json: an input/output error on the device" },
        { "file name", new FileNotFoundException("IO_FileNotFound_FileName, /srv/plans/plan.json", "/srv/plans/plan.json"), "cannot access /srv/plans/plan.json: it does not exist" },
        { "no path", new IOException("IO_SomeKey", 28), "an input/output operation failed: no space left on the device (run with --verbose for details)" },
    };

    [Theory]
    [MemberData(nameof(Failures))]
    public async Task Run_FileSystemExceptionNoReaderWorded_OneLineNamingPathAndCause(string form, Exception failure, string message)
    {
        var run = await CliRun.RunAsync(_directory, () => throw failure, "plan", "-");

        run.ExitCode.ShouldBe(3, form);
        run.Error.ShouldBe($"tollgate: error: {message}\n", form);
    }

    public static TheoryData<string, Exception, string> Faults => new()
    {
        { "runtime resource key", new ArgumentException("Argument_EmptyString Arg_ParamName_Name, path"), "ArgumentException" },
        { "bare resource key", new NullReferenceException("Arg_NullReferenceException"), "NullReferenceException" },
        { "System.Text.Json's key, no underscore", new InvalidOperationException("CannotSkipOverTokenType"), "InvalidOperationException" },
        { "System.Text.Json's key and its argument", new InvalidOperationException("InvalidCast, Number"), "InvalidOperationException" },
        { "our words", new InvalidOperationException("fan-out reads threshold 'x' it does not declare"), "fan-out reads threshold 'x' it does not declare" },
        { "one failure of a parallel loop", new AggregateException(new InvalidOperationException("the critical path lost node 3")), "the critical path lost node 3" },
    };

    [Theory]
    [MemberData(nameof(Faults))]
    public async Task Run_InternalFault_ItsWordsOrItsTypeNeverAResourceKey(string form, Exception failure, string words)
    {
        var run = await CliRun.RunAsync(_directory, () => throw failure, "plan", "-");

        run.ExitCode.ShouldBe(3, form);
        run.Error.ShouldBe($"tollgate: internal error: {words} (run with --verbose for details)\n", form);
    }

    public static TheoryData<string, Exception, string> IllFormed => new()
    {
        { "incomplete", new InvalidOperationException("CannotReadIncompleteUTF16"), "not Unicode text: a string holds half of a UTF-16 surrogate pair alone (an escape such as \\ud800 without its other half)" },
        { "invalid", new InvalidOperationException("CannotReadInvalidUTF16, 0xDC00"), "not Unicode text: a string holds half of a UTF-16 surrogate pair alone (an escape such as \\ud800 without its other half)" },
        { "not UTF-8", new InvalidOperationException("CannotTranscodeInvalidUtf8", new System.Text.DecoderFallbackException()), "not UTF-8: an invalid byte sequence" },
    };

    [Theory]
    [MemberData(nameof(IllFormed))]
    public async Task Run_JsonStringNoReaderWorded_BadInputNotAnInternalError(string form, Exception failure, string words)
    {
        // Every reader words these itself (file, line, column); one it does not reach is still exit 3 and no resource key.
        var run = await CliRun.RunAsync(_directory, () => throw failure, "plan", "-");

        run.ExitCode.ShouldBe(3, form);
        run.Error.ShouldBe($"tollgate: error: an input is {words} (run with --verbose for details)\n", form);
    }

    [Fact]
    public void PathOf_ApostropheInThePath_KeepsItWhole()
    {
        FileSystemFailure.PathOf(new UnauthorizedAccessException("Access to the path '/srv/bob's plans/plan.json' is denied.")).ShouldBe("/srv/bob's plans/plan.json");
    }

    [Theory]
    [InlineData("graph")]
    [InlineData("plan")]
    public async Task Configuration_DirectoryThatCannotBeListed_SaysSoInOurWords(string command)
    {
        var secret = Directory.CreateDirectory(Path.Combine(_directory, "secret")).FullName;
        await File.WriteAllTextAsync(Path.Combine(secret, "main.tf"), "resource \"terraform_data\" \"a\" {}\n");
        File.SetUnixFileMode(secret, UnixFileMode.None);

        var (code, error) = await BuiltTollgate.ShellAsync(_directory, $"{AsAnyone} {command} secret; echo \"exit $?\" >&2");

        code.ShouldBe(0);
        error.ShouldBe($"tollgate: error: cannot list the configuration directory {secret}: permission denied\nexit 3\n");
    }

    [Theory]
    [InlineData("graph")]
    [InlineData("state-split")]
    public async Task Configuration_ModuleDirectoryThatCannotBeReached_ErrorNotAModuleLeftOut(string command)
    {
        // Before, a module behind a directory that cannot be searched was skipped as if not installed: a smaller graph
        // and blast radius that passed.
        var modules = Directory.CreateDirectory(Path.Combine(_directory, "modules")).FullName;
        Directory.CreateDirectory(Path.Combine(modules, "net"));
        await File.WriteAllTextAsync(Path.Combine(modules, "net", "main.tf"), "resource \"terraform_data\" \"vpc\" {}\n");
        await File.WriteAllTextAsync(Path.Combine(_directory, "main.tf"), "module \"net\" {\n  source = \"./modules/net\"\n}\n");
        File.SetUnixFileMode(modules, UnixFileMode.None);

        var (code, error) = await BuiltTollgate.ShellAsync(_directory, $"{AsAnyone} {command} .; echo \"exit $?\" >&2");

        code.ShouldBe(0);
        error.ShouldBe($"tollgate: error: cannot read {modules}/net (the directory of module.net): permission denied\nexit 3\n");
    }

    [Theory]
    [InlineData("graph", "SUBJECT is empty (an unset variable?): give a Terraform directory, a DOT file or a plan")]
    [InlineData("plan", "PLAN is empty (an unset variable?): give a plan file or a Terraform directory")]
    [InlineData("state-split", "DIRECTORY is empty (an unset variable?): give a Terraform directory, a plan or a DOT file")]
    [InlineData("k8s lint", "MANIFESTS is empty (an unset variable?): give manifest files or directories, or - for standard input")]
    [InlineData("policy check", "FILE is empty (an unset variable?): give the policy file, or leave it out for tollgate.yaml in the working directory")]
    public async Task Run_EmptyPath_OneLineNotTheRuntimesWords(string command, string refusal)
    {
        // An unset variable in a script ("$PLAN_DIR"): was an internal error of resource keys (Argument_EmptyString).
        var (code, error) = await BuiltTollgate.ShellAsync(_directory, $"$TOLLGATE {command} \"\"; echo \"exit $?\" >&2");

        code.ShouldBe(0);
        error.ShouldBe($"tollgate: error: {refusal} (see tollgate --help)\nexit 3\n");
    }

    [Fact]
    public async Task Run_EmptyOptionValue_NamesTheOptionBeforeAnythingIsRead()
    {
        var (code, error) = await BuiltTollgate.ShellAsync(_directory, "$TOLLGATE canary --spec \"\"; echo \"exit $?\" >&2");

        code.ShouldBe(0);
        error.ShouldBe("tollgate: error: --spec is empty (an unset variable?): give the canary spec file (see tollgate --help)\nexit 3\n");
    }
}
