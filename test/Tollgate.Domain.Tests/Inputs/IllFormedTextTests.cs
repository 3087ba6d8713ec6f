using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Tollgate.Domain.Inputs;

namespace Tollgate.Domain.Tests.Inputs;

/// <summary>
/// JSON strings that are no Unicode text (a lone surrogate escaped, bytes that are not UTF-8): told from other
/// failures as the runtime throws them (resource keys in tests, as in the binary), and found where they are.
/// </summary>
public sealed class IllFormedTextTests
{
    public static TheoryData<string, string> Decodes => new()
    {
        { "a lone high surrogate", """{"x":"\ud800"}""" },
        { "a lone low surrogate", """{"x":"\udc00"}""" },
        { "a high surrogate before another escape", """{"x":"\ud800\u0041"}""" },
        { "in a key", """{"\ud800":1}""" },
    };

    [Theory]
    [MemberData(nameof(Decodes))]
    public void Of_LoneSurrogateDecoded_IsALoneSurrogate(string name, string json)
    {
        var failure = Should.Throw<InvalidOperationException>(() => ReadAll(Encoding.UTF8.GetBytes(json)), name);

        IllFormedText.Of(failure).ShouldBe(IllFormedText.LoneSurrogate, name);
    }

    [Fact]
    public void Of_InvalidUtf8Decoded_IsInvalidUtf8()
    {
        var failure = Should.Throw<InvalidOperationException>(() => ReadAll([.. "{\"x\":\"D"u8, 0xFF, .. "\"}"u8]));

        IllFormedText.Of(failure).ShouldBe(IllFormedText.InvalidUtf8);
    }

    [Fact]
    public void Of_KeyOfAJsonNodeOrTheSerializer_IsALoneSurrogate()
    {
        var node = Should.Throw<InvalidOperationException>(() => JsonNode.Parse("""{"\ud800":1}""")!.AsObject().Count);
        var serializer = Should.Throw<JsonException>(() => JsonSerializer.Deserialize<Dictionary<string, int>>("""{"\ud800":1}"""));

        IllFormedText.Of(node).ShouldBe(IllFormedText.LoneSurrogate);
        IllFormedText.Of(serializer).ShouldBe(IllFormedText.LoneSurrogate);
    }

    [Fact]
    public void Of_ComparerOfASortReadingAName_IsWhatItWraps()
    {
        // CanonicalJson sorts an object's members by name: the name a comparer decodes fails inside Array.Sort, wrapped.
        using var document = JsonDocument.Parse("""{"\ud800":1,"b":2}""");
        var members = document.RootElement.EnumerateObject().ToArray();

        var failure = Should.Throw<InvalidOperationException>(() => members.AsSpan().Sort((x, y) => string.CompareOrdinal(x.Name, y.Name)));

        failure.InnerException.ShouldBeOfType<InvalidOperationException>();
        IllFormedText.Of(failure).ShouldBe(IllFormedText.LoneSurrogate);
    }

    [Fact]
    public void Of_OtherFailures_IsNull()
    {
        var wrongType = Should.Throw<InvalidOperationException>(() => JsonDocument.Parse("1").RootElement.GetString());

        IllFormedText.Of(wrongType).ShouldBeNull();
        IllFormedText.Of(new InvalidOperationException("Sequence contains no elements")).ShouldBeNull();
        IllFormedText.Of(new InvalidOperationException("InvalidOperation_IComparerFailed", new ArgumentException("Argument_BadComparer"))).ShouldBeNull();
        IllFormedText.Of(new InvalidInputException("x.json: not UTF-8", new InvalidOperationException("CannotTranscodeInvalidUtf8", new DecoderFallbackException()))).ShouldBeNull();
    }

    [Theory]
    [InlineData("""{"a":"ok","x":"\ud800"}""", 15)]
    [InlineData("""{"x":"\uDC00"}""", 6)]
    [InlineData("""{"x":"\ud83d\ude00","y":"\ud83d"}""", 25)]
    [InlineData("""{"x":"\ud83d\u0041"}""", 6)]
    [InlineData("""{"x":"\ud83d"}""", 6)]
    [InlineData("""{"x":"\\ud800 is written so"}""", -1)]
    [InlineData("""{"x":"\"\\\ud800"}""", 10)]
    [InlineData("""{"x":"\ud83d\ude00 é \u00e9"}""", -1)]
    public void Find_Escapes_TheFirstLoneSurrogateOnly(string json, int offset)
    {
        var found = IllFormedText.Find(Encoding.UTF8.GetBytes(json));

        if (offset < 0)
        {
            found.ShouldBeNull();
            return;
        }

        found.ShouldNotBeNull();
        found.Value.Offset.ShouldBe(offset);
        found.Value.Problem.ShouldBe(IllFormedText.LoneSurrogate);
    }

    [Fact]
    public void Find_InvalidByteBeforeASurrogate_TheFirstOfTheTwo()
    {
        byte[] invalidFirst = [.. "{\"a\":\"x"u8, 0xC3, .. "\",\"b\":\"\\ud800\"}"u8];
        byte[] surrogateFirst = [.. "{\"b\":\"\\ud800\",\"a\":\"x"u8, 0xC3, .. "\"}"u8];

        IllFormedText.Find(invalidFirst)!.Value.ShouldBe((7, IllFormedText.InvalidUtf8));
        IllFormedText.Find(surrogateFirst)!.Value.ShouldBe((6, IllFormedText.LoneSurrogate));
    }

    [Fact]
    public void Describe_WithAndWithoutAPlace_OneLineNamingTheProblem()
    {
        IllFormedText.InvalidUtf8.Describe("column 41").ShouldBe("not UTF-8: an invalid byte sequence at column 41");
        IllFormedText.LoneSurrogate.Describe("line 2, column 95").ShouldBe(
            "not Unicode text: a string holds half of a UTF-16 surrogate pair alone at line 2, column 95 (an escape such as \\ud800 without its other half)");
        IllFormedText.LoneSurrogate.Describe(null).ShouldBe(
            "not Unicode text: a string holds half of a UTF-16 surrogate pair alone (an escape such as \\ud800 without its other half)");
    }

    [Fact]
    public void LineAndColumn_Offset_OneBasedBytes()
    {
        var text = "{\n  \"é\": \"\\ud800\"\n}"u8;

        IllFormedText.LineAndColumn(text, text.IndexOf("\\ud800"u8)).ShouldBe("line 2, column 10");
        IllFormedText.LineAndColumn(text, 0).ShouldBe("line 1, column 1");
    }

    private static void ReadAll(byte[] json)
    {
        using var document = JsonDocument.Parse(json);
        foreach (var property in document.RootElement.EnumerateObject())
        {
            _ = property.Name;
            _ = property.Value.ValueKind == JsonValueKind.String ? property.Value.GetString() : null;
        }
    }
}
