using System.Net;
using CsCheck;
using Tollgate.Canary.Sources;
using Tollgate.Domain;
using Tollgate.Testing;

namespace Tollgate.Canary.Tests.Sources;

/// <summary>Mutated Prometheus answers: series, an unavailable source (hold) or an input error, never another exception.</summary>
public sealed class PrometheusResponseFuzzTests
{
    private const string Vector = """{"status":"success","data":{"resultType":"vector","result":[{"metric":{"tenant":"acme","endpoint":"/pay"},"value":[1767225600,"0.93"]},{"metric":{"tenant":"b"},"value":[1767225600,"NaN"]}]},"warnings":["w"]}""";

    private const string Matrix = """{"status":"success","data":{"resultType":"matrix","result":[{"metric":{"tenant":"acme"},"values":[[1767225600,"12"],[1767225660,"+Inf"]]}]}}""";

    private const string Error = """{"status":"error","errorType":"bad_data","error":"parse error at char 3"}""";

    [Theory]
    [InlineData(Vector)]
    [InlineData(Matrix)]
    [InlineData(Error)]
    public void Parse_MutatedAnswer_SeriesUnavailableOrInputError(string seed) =>
        Fuzz.Mutations(seed).Sample(
            body =>
            {
                try
                {
                    PrometheusResponse.Parse(HttpStatusCode.OK, body, "sum(rate(x[1m]))");
                }
                catch (InvalidInputException)
                {
                }
            },
            iter: Fuzz.Iterations(2_000));
}
