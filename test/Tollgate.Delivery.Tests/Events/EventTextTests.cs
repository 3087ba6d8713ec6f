using System.Text;
using Tollgate.Delivery.Events;
using Tollgate.Domain;

namespace Tollgate.Delivery.Tests.Events;

/// <summary>
/// An event whose string is no Unicode text (bytes that are not UTF-8, half a surrogate pair escaped alone) is refused
/// naming its line and column, in the HTTP route's words ("not UTF-8: an invalid byte sequence at …"), wherever the
/// string is and whether or not a reader decodes it; before, an internal error (<c>CannotTranscodeInvalidUtf8</c>,
/// <c>CannotReadIncompleteUTF16</c>). The first bad line of the file is the one named, as for any other problem.
/// </summary>
public sealed class EventTextTests
{
    private const string Deployed =
        """{"context":{"specversion":"0.5.1","id":"d6","source":"/deployctl","type":"dev.cdevents.service.deployed.0.3.0","timestamp":"2024-03-12T16:00:00Z"},"subject":{"id":"service/checkout","content":{"environment":{"id":"production"},"artifactId":"pkg:oci/checkout@sha256%3A9c1e?tag=v6"}},"customData":{"intent":"hotfix","changes":["c9"]}}""";

    private const string LoneSurrogate = "not Unicode text: a string holds half of a UTF-16 surrogate pair alone at column {0} (an escape such as \\ud800 without its other half)";

    public static TheoryData<string, string, string> Surrogates => new()
    {
        // what is replaced in the second line, by what, the escape named
        { "\"d6\"", "\"d\\ud800\"", "\\ud800" },
        { "\"service/checkout\"", "\"service/\\udc00\"", "\\udc00" },
        { "\"c9\"", "\"\\ud83d\\u0041\"", "\\ud83d" },
        { "\"intent\"", "\"\\udfff\"", "\\udfff" },
        { "\"customData\"", "\"unread\":\"\\ud800\",\"customData\"", "\\ud800" },
    };

    [Theory]
    [MemberData(nameof(Surrogates))]
    public void Parse_LoneSurrogate_RefusedNamingLineAndColumn(string field, string written, string escape)
    {
        var first = Deployed.Replace("\"d6\"", "\"d5\"", StringComparison.Ordinal);
        var second = Deployed.Replace(field, written, StringComparison.Ordinal);

        var error = Should.Throw<InvalidInputException>(() => Parse(Encoding.UTF8.GetBytes(first + "\n" + second + "\n")));

        error.Message.ShouldBe("events.ndjson:2: " + string.Format(null, LoneSurrogate, second.IndexOf(escape, StringComparison.Ordinal) + 1));
    }

    [Fact]
    public void Parse_ByteNotUtf8_RefusedInTheHttpRoutesWords()
    {
        var bytes = Encoding.UTF8.GetBytes(Deployed.Replace("\"d6\"", "\"D1\"", StringComparison.Ordinal));
        var at = bytes.AsSpan().IndexOf("D1"u8) + 1;
        bytes[at] = 0xFF;

        var error = Should.Throw<InvalidInputException>(() => Parse(bytes));

        error.Message.ShouldBe($"events.ndjson:1: not UTF-8: an invalid byte sequence at column {at + 1}");
    }

    [Fact]
    public void Parse_EarlierLineBadOtherwise_ThatLineIsNamed()
    {
        var error = Should.Throw<InvalidInputException>(() => Parse(Encoding.UTF8.GetBytes("{\"context\": broken\n" + Deployed.Replace("d6", "d\\ud800", StringComparison.Ordinal) + "\n")));

        error.Message.ShouldStartWith("events.ndjson:1: not JSON");
    }

    [Fact]
    public void Parse_ManyPieces_TheLineOfTheFileIsNamed()
    {
        // Over a megabyte: the lines are parsed in pieces on several threads; the line named is still the file's.
        var lines = Enumerable.Range(0, 6_000).Select(i => Deployed.Replace("\"d6\"", $"\"d{i}\"", StringComparison.Ordinal)).ToArray();
        lines[5_000] = lines[5_000].Replace("service/checkout", "service/\\udc00", StringComparison.Ordinal);

        var error = Should.Throw<InvalidInputException>(() => Parse(Encoding.UTF8.GetBytes(string.Join("\n", lines) + "\n")));

        error.Message.ShouldBe("events.ndjson:5001: " + string.Format(null, LoneSurrogate, lines[5_000].IndexOf("\\udc00", StringComparison.Ordinal) + 1));
    }

    [Fact]
    public void Parse_ArrayWithALoneSurrogate_NamesTheEventAndItsLineAndColumn()
    {
        var second = Deployed.Replace("\"d6\"", "\"d\\ud800\"", StringComparison.Ordinal);
        var text = "[\n" + Deployed + ",\n" + second + "\n]";

        var error = Should.Throw<InvalidInputException>(() => Parse(Encoding.UTF8.GetBytes(text)));

        error.Message.ShouldBe("events.ndjson[1]: " + LoneSurrogate.Replace("column {0}", $"line 3, column {second.IndexOf("\\ud800", StringComparison.Ordinal) + 1}", StringComparison.Ordinal));
    }

    [Fact]
    public void Parse_SurrogatePairEscaped_IsText()
    {
        var parsed = Parse(Encoding.UTF8.GetBytes(Deployed.Replace("\"c9\"", "\"c\\ud83d\\ude00\"", StringComparison.Ordinal)));

        parsed.Events.ShouldHaveSingleItem();
    }

    private static ParsedEvents Parse(byte[] bytes) => EventFile.Parse(bytes, "events.ndjson", TimeProvider.System);
}
