using System.Runtime.InteropServices;
using Tollgate.Cli.Reports;
using Tollgate.Cli.Tests.Hosting;
using Tollgate.Domain;
using Tollgate.Terraform.Graph.Pictures;
using Tollgate.Testing;

namespace Tollgate.Cli.Tests.Graph;

/// <summary>
/// <c>graph --dot|--svg|--html</c> replace their file whole or not at all, as <c>--output</c> does: a full disk, a
/// graphviz that fails or SIGTERM leaves the previous picture and no hidden file, and a hard link to an input keeps
/// its contents.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class GraphPictureFileTests : IDisposable
{
    private const string Previous = "previous picture\n";
    private const string Chain = "resource \"terraform_data\" \"a\" {\n  input = 1\n}\n\nresource \"terraform_data\" \"b\" {\n  input = terraform_data.a.id\n}\n";
    private readonly TerraformWorkspace _ws = new TerraformWorkspace("cli-pictures").Write("main.tf", Chain);
    private readonly string _out = Directory.CreateTempSubdirectory("tollgate-pictures-").FullName;
    private readonly string _inputs = Directory.CreateTempSubdirectory("tollgate-picture-inputs-").FullName;

    [Theory]
    [InlineData("--dot", "the DOT graph")]
    [InlineData("--svg", "the SVG picture")]
    [InlineData("--html", "the HTML page")]
    public async Task Graph_PictureUnderAFile_RefusedBeforeTheConfigurationIsReadNothingRecorded(string option, string what)
    {
        // The configuration is broken: had it been read first, the error would name it.
        await File.WriteAllTextAsync(Out("file"), "a file, not a directory\n");
        _ws.Write("main.tf", "resource \"terraform_data\" \"a\" {\n  input = [1,\n}\n");
        var ledger = Path.Combine(_out, "ledger.db");

        var run = await CliRun.RunAsync(_ws.Directory, "graph", _ws.Directory, option, Out("file/picture"), "--ledger", ledger);

        run.ExitCode.ShouldBe(3, run.Out);
        run.Error.Trim().ShouldBe($"tollgate: error: cannot write {what} to {Out("file/picture")}: {Out("file")} is a file, not a directory");
        File.Exists(ledger).ShouldBeFalse();
    }

    [Fact]
    public async Task Graph_PicturesAreHardLinksToInputs_TheInputsKeepTheirContents()
    {
        var changed = Path.Combine(_inputs, "changed.txt");
        var owners = Path.Combine(_inputs, "owners.yaml");
        await File.WriteAllTextAsync(changed, "terraform_data.a\n");
        await File.WriteAllTextAsync(owners, "module.net: network\n");
        Link(_ws.PathOf("main.tf"), Out("g.dot")).ShouldBe(0);
        Link(changed, Out("g.svg")).ShouldBe(0);
        Link(owners, Out("g.html")).ShouldBe(0);

        var run = await CliRun.RunAsync(_ws.Directory, "graph", _ws.Directory, "--changed", changed, "--owners", owners, "--dot", Out("g.dot"), "--svg", Out("g.svg"), "--html", Out("g.html"));

        run.ExitCode.ShouldBe(0, run.Error);
        (await File.ReadAllTextAsync(_ws.PathOf("main.tf"))).ShouldBe(Chain);
        (await File.ReadAllTextAsync(changed)).ShouldBe("terraform_data.a\n");
        (await File.ReadAllTextAsync(owners)).ShouldBe("module.net: network\n");
        (await File.ReadAllTextAsync(Out("g.dot"))).ShouldContain("\"terraform_data.b\" -> \"terraform_data.a\"");
        (await File.ReadAllTextAsync(Out("g.svg"))).ShouldContain("<svg");
        (await File.ReadAllTextAsync(Out("g.html"))).ShouldContain("\"names\":[\"terraform_data.a\",\"terraform_data.b\"]");
    }

    [Fact]
    public async Task Graph_PicturesOverExistingFiles_ReplacesEachWholeKeepingItsModeAndLeavesNothingElse()
    {
        var mode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead;
        foreach (var name in new[] { "g.dot", "g.svg", "g.html" })
        {
            await File.WriteAllTextAsync(Out(name), Previous);
            File.SetUnixFileMode(Out(name), mode);
        }

        var run = await CliRun.RunAsync(_ws.Directory, "graph", _ws.Directory, "--dot", Out("g.dot"), "--svg", Out("g.svg"), "--html", Out("g.html"));

        run.ExitCode.ShouldBe(0, run.Error);
        run.Error.ShouldBe($"wrote {Out("g.dot")}\nwrote {Out("g.svg")}\nwrote {Out("g.html")}\n");
        (await File.ReadAllTextAsync(Out("g.svg"))).ShouldEndWith("</svg>\n");
        (await File.ReadAllTextAsync(Out("g.html"))).ShouldEndWith("</html>\n");
        Names().ShouldBe(["g.dot", "g.html", "g.svg"]);
        Names().ShouldAllBe(name => File.GetUnixFileMode(Out(name)) == mode);
    }

    [Fact]
    public async Task Graph_GraphvizFailsAfterPrintingHalfAPicture_LeavesThePreviousSvgAndNoHiddenFile()
    {
        await File.WriteAllTextAsync(Out("g.svg"), Previous);
        var dot = Script("half-dot", "cat >/dev/null\nprintf '<svg><g>half'\necho 'Error: out of memory' >&2\nexit 1\n");
        using var tollgate = BuiltTollgate.Start(_ws.Directory, new Dictionary<string, string> { ["TOLLGATE_DOT"] = dot }, "graph", ".", "--svg", Out("g.svg"));

        var exit = await tollgate.ExitAsync(TimeSpan.FromMinutes(1));

        exit.Code.ShouldBe(3, exit.Error);
        exit.Error.ShouldBe("tollgate: error: graphviz dot failed (1): Error: out of memory\n");
        (await File.ReadAllTextAsync(Out("g.svg"))).ShouldBe(Previous);
        Names().ShouldBe(["g.svg"]);
    }

    [Fact]
    public async Task Graph_SigtermWhileGraphvizRenders_LeavesThePreviousSvgAndNoHiddenFile()
    {
        await File.WriteAllTextAsync(Out("g.svg"), Previous);
        var dot = Script("slow-dot", "cat >/dev/null\nprintf '<svg><g>half'\nexec sleep 60\n");
        using var tollgate = BuiltTollgate.Start(_ws.Directory, new Dictionary<string, string> { ["TOLLGATE_DOT"] = dot }, "graph", ".", "--svg", Out("g.svg"));
        var rendering = await ProcessProbe.AppearsAsync(() => Names().Length > 1, TimeSpan.FromMinutes(1));

        tollgate.Signal("TERM");
        var exit = await tollgate.ExitAsync(TimeSpan.FromSeconds(20));

        rendering.ShouldBeTrue("the SVG was never being written");
        exit.Code.ShouldBe(143, exit.Error);
        (await File.ReadAllTextAsync(Out("g.svg"))).ShouldBe(Previous);
        Names().ShouldBe(["g.svg"]);
    }

    [Fact]
    public async Task WriteAsync_RealGraphvizFailsAfterPrintingOneGraph_LeavesThePreviousSvgAndNoHiddenFile()
    {
        await File.WriteAllTextAsync(Out("g.svg"), Previous);

        var failure = await Should.ThrowAsync<InvalidInputException>(OutputFile.WriteAsync(Out("g.svg"), (file, token) =>
            SvgRenderer.RenderAsync("digraph a { x -> y }\ndigraph b {\n", file, token), "the SVG picture", CancellationToken.None));

        failure.Message.ShouldBe("graphviz dot failed (1): Error: <stdin>: syntax error in line 3");
        (await File.ReadAllTextAsync(Out("g.svg"))).ShouldBe(Previous);
        Names().ShouldBe(["g.svg"]);
    }

    /// <summary>
    /// A full disk, made for the run: a 16 KiB tmpfs in a mount namespace of its own (<c>unshare -rm</c>, util-linux),
    /// which the ~18 KiB page does not fit in. What is there afterwards is read inside the namespace.
    /// </summary>
    [Fact]
    public async Task Graph_HtmlOnAFullDisk_LeavesThePreviousPageAndNoHiddenFile()
    {
        var script = $"""
            unshare -rm sh -c 'mount -t tmpfs -o size=16k tmpfs "$0" && printf "{Previous.TrimEnd()}" > "$0/g.html" || exit 99
            $TOLLGATE graph "$1" --html "$0/g.html"; echo "exit $?" >&2; cat "$0/g.html" >&2; echo >&2; ls -A "$0" >&2' '{_out}' '{_ws.Directory}'
            """;

        var (code, error) = await BuiltTollgate.ShellAsync(_ws.Directory, script);

        code.ShouldBe(0, error);
        error.ShouldBe($"tollgate: error: cannot write the HTML page to {Out("g.html")}: no space left on the device\nexit 3\n{Previous}g.html\n");
    }

    private string Out(string name) => Path.Combine(_out, name);

    private string[] Names() => [.. Directory.GetFileSystemEntries(_out).Select(Path.GetFileName).Order(StringComparer.Ordinal).Cast<string>()];

    /// <summary>A stand-in for graphviz (<c>TOLLGATE_DOT</c>): the real one does not fail or stall on the DOT tollgate gives it.</summary>
    private string Script(string name, string body)
    {
        var path = Path.Combine(_inputs, name);
        File.WriteAllText(path, "#!/bin/sh\n" + body);
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return path;
    }


    [DllImport("libc", EntryPoint = "link", SetLastError = true, CharSet = CharSet.Ansi)]
    private static extern int Link(string existing, string created);

    public void Dispose()
    {
        _ws.Dispose();
        Directory.Delete(_out, recursive: true);
        Directory.Delete(_inputs, recursive: true);
    }
}
