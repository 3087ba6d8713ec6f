using System.Net;
using CsCheck;
using Tollgate.Canary.Sources;
using Tollgate.Testing;

namespace Tollgate.Canary.Tests.Sources;

/// <summary>
/// Success answers whose shape is not the Prometheus format (issue 14): an unavailable source naming the JSON path,
/// so the canary holds with one clear reason, never an internal error.
/// </summary>
public sealed class PrometheusResponseShapeTests
{
    public static TheoryData<string, string> Cases => new()
    {
        // body, expected words in the reason
        { """[1,2]""", "an array, not a JSON object" },
        { """{"status":7}""", "HTTP 200 unknown" },
        { """{"status":"error","errorType":3,"error":["x"]}""", "HTTP 200 unknown" },
        { """{"status":"success"}""", "success without data" },
        { """{"status":"success","data":[]}""", "success without data" },
        { """{"status":"success","data":{"resultType":"vector"}}""", "data.result is missing" },
        { """{"status":"success","data":{"result":[]}}""", "data.resultType is missing" },
        { """{"status":"success","data":{"resultType":"string","result":[1,"x"]}}""", "data.resultType string is not vector, matrix or scalar" },
        { """{"status":"success","data":{"resultType":"vector","result":{}}}""", "data.result is an object, not an array" },
        { """{"status":"success","data":{"resultType":"vector","result":[3]}}""", "data.result[0] is a number, not an object" },
        { """{"status":"success","data":{"resultType":"vector","result":[{"metric":[],"value":[1,"2"]}]}}""", "data.result[0].metric is an array, not an object" },
        { """{"status":"success","data":{"resultType":"vector","result":[{"metric":{"pod":1},"value":[1,"2"]}]}}""", "data.result[0].metric.pod is a number, not a string" },
        { """{"status":"success","data":{"resultType":"vector","result":[{"value":[1]}]}}""", "data.result[0].value is not a [time, \"value\"] pair" },
        { """{"status":"success","data":{"resultType":"vector","result":[{"value":["t","2"]}]}}""", "data.result[0].value[0] is not a time" },
        { """{"status":"success","data":{"resultType":"vector","result":[{"value":[1e999,"2"]}]}}""", "data.result[0].value[0] is not a time" },
        { """{"status":"success","data":{"resultType":"vector","result":[{"value":[1,2]}]}}""", "data.result[0].value[1] is a number, not a string" },
        { """{"status":"success","data":{"resultType":"vector","result":[{"value":[1,"two"]}]}}""", "data.result[0].value[1] two is not a number" },
        { """{"status":"success","data":{"resultType":"matrix","result":[{"values":{"a":1}}]}}""", "data.result[0].values is an object, not an array" },
        { """{"status":"success","data":{"resultType":"matrix","result":[{"values":[[1,"2"],null]}]}}""", "data.result[0].values[1] is not a [time, \"value\"] pair" },
        { """{"status":"success","data":{"resultType":"scalar","result":"1"}}""", "data.result is not a [time, \"value\"] pair" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Parse_AnswerOfTheWrongShape_UnavailableNamingThePath(string body, string reason)
    {
        var response = PrometheusResponse.Parse(HttpStatusCode.OK, body, "up");

        response.Unavailable.ShouldNotBeNull(body);
        response.Unavailable.ShouldContain(reason, Case.Sensitive, body);
        response.Series.ShouldBeEmpty();
    }

    [Fact]
    public void Parse_WellFormedAnswerWithOddWarnings_SeriesAndWarnings()
    {
        var body = """{"status":"success","data":{"resultType":"matrix","result":[{"metric":{"pod":"p"},"values":[[1,"-Inf"],[2,"3.5"]]}]},"warnings":["slow",4],"infos":"x"}""";

        var response = PrometheusResponse.Parse(HttpStatusCode.OK, body, "up");

        response.Unavailable.ShouldBeNull();
        response.Series.ShouldHaveSingleItem().Points.ShouldBe([new MetricPoint(1, double.NegativeInfinity), new MetricPoint(2, 3.5)]);
        response.Warnings.ShouldBe(["slow", "4"]);
    }

    public static TheoryData<string, string> LoneSurrogates => new()
    {
        // the answer, where the message names its escape
        { """{"status":"success","data":{"resultType":"vector","result":[{"metric":{"pod":"\ud800"},"value":[1,"2"]}]}}""", "line 1, column 79" },
        { """{"status":"success","data":{"resultType":"vector","result":[{"metric":{"\udc00":"p"},"value":[1,"2"]}]}}""", "line 1, column 73" },
        { """{"status":"success","data":{"resultType":"vector","result":[{"value":[1,"\ud83d\u0041"]}]}}""", "line 1, column 74" },
        { """{"status":"error","errorType":"internal","error":"down \ud800"}""", "line 1, column 56" },
        { """{"\ud800":1,"status":"success","data":{"resultType":"vector","result":[]}}""", "line 1, column 3" },
        { """{"status":"success","data":{"resultType":"vector","result":[]},"warnings":["\udfff"]}""", "line 1, column 77" },
        { "{\n  \"status\": \"success\",\n  \"data\": {\"resultType\": \"vector\", \"result\": [\n    {\"metric\": {\"pod\": \"\\ud800\"}, \"value\": [1, \"2\"]}\n  ]}\n}", "line 4, column 25" },
    };

    [Theory]
    [MemberData(nameof(LoneSurrogates))]
    public void Parse_StringOfALoneSurrogate_UnavailableNamingLineAndColumn(string body, string place)
    {
        // Before, an internal error (CannotReadIncompleteUTF16) that ended the canary, the deploy watch or the server's
        // answer; then named by its byte offset, where every other reader names line and column.
        var response = PrometheusResponse.Parse(HttpStatusCode.OK, body, "up");

        response.Unavailable.ShouldBe($"HTTP 200 with a body that is not Unicode text: a string holds half of a UTF-16 surrogate pair alone at {place} (an escape such as \\ud800 without its other half)", body);
        response.Series.ShouldBeEmpty();
    }

    /// <summary>Envelopes built from every JSON kind at every key: the reader answers series or unavailable, never throws.</summary>
    [Fact]
    public void Parse_AnyKindAtAnyKey_SeriesOrUnavailable()
    {
        string[] any = ["null", "1", "1e999", "\"x\"", "\"NaN\"", "true", "[]", "{}", "[1]", "[1,\"2\"]", "[[1,\"2\"]]", "{\"a\":\"b\"}", "{\"a\":[]}"];
        var value = OneOf(any);
        var item = Gen.Select(value, value, value).Select((m, v, vs) => $$"""{"metric":{{m}},"value":{{v}},"values":{{vs}}}""");
        var result = Gen.OneOf(value, item.Array[0, 3].Select(items => "[" + string.Join(',', items) + "]"));
        var envelope = Gen.Select(OneOf("\"success\"", "\"error\"", "1"), OneOf("\"vector\"", "\"matrix\"", "\"scalar\"", "2", "null"), result, value)
            .Select((status, type, r, warnings) => $$"""{"status":{{status}},"data":{"resultType":{{type}},"result":{{r}}},"warnings":{{warnings}},"errorType":{{warnings}}}""");

        envelope.Sample(
            body =>
            {
                var response = PrometheusResponse.Parse(HttpStatusCode.OK, body, "up");
                (response.Unavailable is null || response.Series.Count == 0).ShouldBeTrue(body);
            },
            iter: Fuzz.Iterations(2_000));
    }

    private static Gen<string> OneOf(params string[] choices) => Gen.Int[0, choices.Length - 1].Select(i => choices[i]);
}
