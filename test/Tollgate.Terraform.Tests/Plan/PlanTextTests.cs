using System.Text;
using Tollgate.Domain;
using Tollgate.Terraform.Plan;

namespace Tollgate.Terraform.Tests.Plan;

/// <summary>
/// A plan whose string is no Unicode text (half a surrogate pair escaped alone, bytes that are not UTF-8) is refused
/// in one line naming the file, the line and column where the string is and the plan path, never its value, in the words
/// every reader uses; wherever the string is decoded: on the reading thread (a member name, the header, prior state) or
/// on the one that parses the changes; from a file (read again to place it) or a pipe (its lines counted on the way).
/// Before, each was an internal error (<c>CannotReadIncompleteUTF16</c>, <c>CannotReadInvalidUTF16, 0xDC00</c>), then
/// named by its byte offset alone.
/// </summary>
public sealed class PlanTextTests
{
    private const string Change = """{"address":"a.b","type":"a","name":"b","change":{"actions":["update"],"before":{"x":"s3cret"},"after":{}}}""";

    /// <summary>Each way a plan comes: a file or a pipe, read through a buffer that a string crosses or one that holds it all.</summary>
    private static readonly (bool Seekable, int BufferSize)[] Ways = [(true, 16), (true, 1 << 20), (false, 16), (false, 1 << 20)];

    public static TheoryData<string, string, string> LoneSurrogates => new()
    {
        // the plan, the escape whose line and column the message names, the plan path it names
        { Plan(Change.Replace("s3cret", "s3cret\\ud800", StringComparison.Ordinal)), "\\ud800", "resource_changes[0]" },
        { Plan(Change.Replace("s3cret", "\\udc00s3cret", StringComparison.Ordinal)), "\\udc00", "resource_changes[0]" },
        { Plan(Change + ",\n" + Change.Replace("\"x\"", "\"\\ud83d\\u0041\"", StringComparison.Ordinal)), "\\ud83d", "resource_changes[1]" },
        { Plan(Change.Replace("\"x\"", "\"\\ud800\"", StringComparison.Ordinal)), "\\ud800", "resource_changes[0]" },
        { Plan(Change.Replace("\"x\"", "\"y\":1,\"\\ud800\"", StringComparison.Ordinal)), "\\ud800", "resource_changes[0]" }, // names sorted for the digest
        { Plan(Change.Replace("{\"address\"", "{\"\\udc00\":1,\"address\"", StringComparison.Ordinal)), "\\udc00", "resource_changes[0]" },
        { Plan(Change, "  \"terraform_version\":\"1.9\\ud800\",\n"), "\\ud800", "terraform_version" },
        { Plan(Change, "  \"output_changes\":{\"pw\":{\"actions\":[\"update\"],\"before\":\"\\ud800\",\"after\":\"b\"}},\n"), "\\ud800", "output_changes" },
        { Plan(Change, "  \"prior_state\":{\"values\":{\"root_module\":{\"resources\":[{\"address\":\"a.b\",\"depends_on\":[\"\\udc00\"]}]}}},\n"), "\\udc00", "prior_state.values.root_module.resources[0].depends_on" },
    };

    [Theory]
    [MemberData(nameof(LoneSurrogates))]
    public void Read_LoneSurrogate_RefusedNamingLineColumnAndPathNotTheValue(string json, string escape, string path)
    {
        foreach (var (seekable, bufferSize) in Ways)
        {
            var error = Should.Throw<InvalidInputException>(() => PlanReader.Read(new PlanStream(Encoding.UTF8.GetBytes(json), seekable), "plan.json", bufferSize));

            error.Message.ShouldBe(
                $"plan.json is not Unicode text: a string holds half of a UTF-16 surrogate pair alone at {Place(json, json.IndexOf(escape, StringComparison.Ordinal))}, in {path} (an escape such as \\ud800 without its other half)",
                $"seekable {seekable}, buffer {bufferSize}");
            error.Message.ShouldNotContain("s3cret");
        }
    }

    [Fact]
    public void Read_LoneSurrogateOnALaterLine_ExactLine()
    {
        var json = Plan(Change + ",\n" + Change.Replace("s3cret", "s3cret\\ud800", StringComparison.Ordinal));

        foreach (var (seekable, bufferSize) in Ways)
        {
            var error = Should.Throw<InvalidInputException>(() => PlanReader.Read(new PlanStream(Encoding.UTF8.GetBytes(json), seekable), "plan.json", bufferSize));

            error.Message.ShouldBe(
                "plan.json is not Unicode text: a string holds half of a UTF-16 surrogate pair alone at line 4, column 92, in resource_changes[1] (an escape such as \\ud800 without its other half)",
                $"seekable {seekable}, buffer {bufferSize}");
        }
    }

    [Fact]
    public void Read_BytesThatAreNotUtf8OnALaterLine_RefusedNamingLineColumnAndPath()
    {
        var json = Encoding.UTF8.GetBytes(Plan(Change + ",\n" + Change));
        var at = json.AsSpan().LastIndexOf("s3cret"u8) + 2;
        json[at] = 0xFF;

        foreach (var (seekable, bufferSize) in Ways)
        {
            var error = Should.Throw<InvalidInputException>(() => PlanReader.Read(new PlanStream(json, seekable), "plan.json", bufferSize));

            error.Message.ShouldBe("plan.json is not UTF-8: an invalid byte sequence at line 4, column 88, in resource_changes[1]", $"seekable {seekable}, buffer {bufferSize}");
        }
    }

    [Fact]
    public void Read_KeyNotUtf8AmongOthers_RefusedNamingLineAndColumn()
    {
        // The digest sorts an object's members by name: a name that is not UTF-8 failed inside the sort (a fuzzed plan).
        var json = Encoding.UTF8.GetBytes(Plan(Change.Replace("\"x\"", "\"y\":1,\"x\"", StringComparison.Ordinal)));
        var at = json.AsSpan().IndexOf("\"x\""u8) + 1;
        json[at] = 0xC9;

        foreach (var (seekable, bufferSize) in Ways)
        {
            var error = Should.Throw<InvalidInputException>(() => PlanReader.Read(new PlanStream(json, seekable), "plan.json", bufferSize));

            error.Message.ShouldBe($"plan.json is not UTF-8: an invalid byte sequence at {Place(Encoding.Latin1.GetString(json), at)}, in resource_changes[0]", $"seekable {seekable}, buffer {bufferSize}");
        }
    }

    [Fact]
    public void Read_ProblemPastManyPieces_PlacedByReadingTheFileAgainOnlyThen()
    {
        // A file is read once when it is text; only a problem makes the reader read it again, up to the problem.
        var padding = string.Concat(Enumerable.Repeat(Change + ",\n", 3_000));
        var good = Encoding.UTF8.GetBytes(Plan(padding + Change));
        var bad = Encoding.UTF8.GetBytes(Plan(padding + Change.Replace("s3cret", "\\ud800", StringComparison.Ordinal)));
        var file = new PlanStream(good, seekable: true);
        var broken = new PlanStream(bad, seekable: true);

        PlanReader.Read(file, "plan.json").Summary.Update.ShouldBe(3_001);
        var error = Should.Throw<InvalidInputException>(() => PlanReader.Read(broken, "plan.json"));

        file.BytesRead.ShouldBe(good.Length);
        file.Rewinds.ShouldBe(0);
        error.Message.ShouldBe("plan.json is not Unicode text: a string holds half of a UTF-16 surrogate pair alone at line 3003, column 86, in resource_changes[3000] (an escape such as \\ud800 without its other half)");
        broken.Rewinds.ShouldBe(1);
    }

    [Fact]
    public void Read_SurrogatePairEscaped_IsText()
    {
        var plan = PlanReader.Read(new MemoryStream(Encoding.UTF8.GetBytes(Plan(Change.Replace("s3cret", "\\ud83d\\ude00", StringComparison.Ordinal)))), "plan.json");

        plan.Summary.Update.ShouldBe(1);
    }

    [Theory]
    [InlineData("1", "'1' (not a version number)")]
    [InlineData(" 1.2", "' 1.2' (not a version number)")]
    [InlineData("1.2.3.4", "'1.2.3.4' (not a version number)")]
    [InlineData("1.2\\u001b[2J\\nPASS", "'1.2\\u001b[2J\\nPASS' (not a version number)")]
    [InlineData("2.0", "2.0")]
    public void Read_FormatVersionNotRead_NamesTheValueOnOneLine(string version, string shown)
    {
        var error = Should.Throw<InvalidInputException>(() => PlanReader.Read(new MemoryStream(Encoding.UTF8.GetBytes(Plan(Change).Replace("\"1.2\"", $"\"{version}\"", StringComparison.Ordinal))), "plan.json"));

        error.Message.ShouldBe($"plan.json has plan format_version {shown}; Tollgate reads formats 0.1, 0.2 and 1.x (Terraform 0.12 and later)");
    }

    [Fact]
    public void Read_FormatVersionOfAnyLength_ShownByItsFirst40Characters()
    {
        var error = Should.Throw<InvalidInputException>(() => PlanReader.Read(new MemoryStream(Encoding.UTF8.GetBytes(Plan(Change).Replace("\"1.2\"", $"\"{new string('9', 100_000)}\"", StringComparison.Ordinal))), "plan.json"));

        error.Message.ShouldContain($"format_version '{new string('9', 40)}…' (not a version number)");
    }

    /// <summary>A plan over several lines: the header on the first, then what <paramref name="extra"/> adds, then one change a line.</summary>
    private static string Plan(string changes, string extra = "") =>
        "{\"format_version\":\"1.2\",\n" + extra + "\"resource_changes\":[\n" + changes + "]}";

    /// <summary>"line 2, column 5" of <paramref name="at"/> in <paramref name="text"/>, one character a byte.</summary>
    private static string Place(string text, int at) =>
        $"line {text[..at].Count(c => c == '\n') + 1}, column {at - text.LastIndexOf('\n', at - 1)}";
}
