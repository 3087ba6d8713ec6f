using System.Text.Json;
using Tollgate.Domain.Inputs;

namespace Tollgate.Domain.Tests.Inputs;

public sealed class JsonProblemTests
{
    [Theory]
    [InlineData("{\"a\": \"open", "line 1, column 12: a string is not closed (cut short?)")]
    [InlineData("{\"a\": 1} {}", "line 1, column 10: more text follows the JSON value")]
    [InlineData("{\"a\": [1,", "line 1, column 9: the text ends before the JSON value is complete (cut short?)")]
    [InlineData("{\n  \"a\": [1, 2", "line 2, column 13: a number is not well-formed")]
    [InlineData("{\"a\": tru}", "line 1, column 10: a bare word that is not true, false or null")]
    [InlineData("{\"a\": \"x\" \"b\"}", "line 1, column 11: not well-formed JSON")]
    public void Describe_MalformedText_SaysWhereAndWhatInWords(string text, string expected)
    {
        var e = Should.Throw<JsonException>(() => JsonDocument.Parse(text).Dispose());

        JsonProblem.Describe(e).ShouldEndWith(expected);
    }

    [Fact]
    public void Describe_KeyTwice_SaysSoWhereAReaderWouldKeepOneSilently()
    {
        var e = Should.Throw<JsonException>(() => JsonDocument.Parse("{\"spec\": \"checkout\",\n \"spec\": \"payments\"}", new JsonDocumentOptions { AllowDuplicateProperties = false }).Dispose());

        JsonProblem.Describe(e).ShouldBe("the key 'spec' appears twice in one object: give each field once");
    }

    [Fact]
    public void Describe_InvalidValue_NeverQuotesTheInput()
    {
        var e = Should.Throw<JsonException>(() => JsonDocument.Parse("{\"password\": hunter2}").Dispose());

        var described = JsonProblem.Describe(e);

        described.ShouldNotContain("hunter2");
        described.ShouldNotContain("'h'");
        described.ShouldBe("line 1, column 14: not well-formed JSON");
    }
}
