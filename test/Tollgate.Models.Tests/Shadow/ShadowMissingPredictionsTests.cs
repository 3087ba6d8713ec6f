using System.Globalization;
using System.Text;
using Tollgate.Domain.Registry;
using Tollgate.Domain.Verdicts;
using Tollgate.Models.Shadow;

namespace Tollgate.Models.Tests.Shadow;

/// <summary>
/// Requests without a prediction (an empty cell, NaN, an infinite score): a log where neither version answered compared
/// nothing and passed as full agreement; a candidate that stops answering where the live model answers disagrees.
/// </summary>
public sealed class ShadowMissingPredictionsTests
{
    private static string Log(ModelLedger m, int requests, Func<int, double, string> candidate, Func<int, double, string>? live = null)
    {
        var random = new Random(5);
        var text = new StringBuilder("request_id,model_version,prediction,region\n");
        for (var i = 0; i < requests; i++)
        {
            var score = random.NextDouble();
            var shown = score.ToString("0.####", CultureInfo.InvariantCulture);
            text.Append(CultureInfo.InvariantCulture, $"r{i},1,{live?.Invoke(i, score) ?? shown},eu\nr{i},2,{candidate(i, score)},eu\n");
        }

        return m.Write("shadow.csv", text.ToString());
    }

    [Theory]
    [InlineData("fraud@3", "fraud@1", "no rows of fraud@3 in shadow.csv (its model_version column holds 1, 2)")]
    [InlineData("fraud@3", "fraud@4", "no rows of fraud@3 or fraud@4 in shadow.csv (its model_version column holds 1, 2)")]
    public async Task RunAsync_LogWithoutAVersion_HoldsNamingItAndWhatTheLogHolds(string candidate, string live, string reason)
    {
        // A wrong log or version: before, "too few paired requests to judge (… 0 in all)", as promote once said too.
        await using var m = await ModelLedger.WithFraudVersionsAsync();
        foreach (var version in (string[])["3", "4"])
        {
            (await m.Registry.RegisterAsync(new ModelVersion("fraud", version, "sha256:weights-" + version, m.Clock.GetUtcNow()) { Datasets = [new DatasetInput("sha256:train", "train.csv")] })).ShouldBeTrue();
        }

        Log(m, 300, (_, score) => score.ToString("0.####", CultureInfo.InvariantCulture));

        var report = await new ShadowGate(m.Registry).RunAsync(new ShadowRequest(candidate, live, "shadow.csv"), m.Context());

        report.Verdict.ShouldBe(Verdict.Hold, report.Reason);
        report.Reason.ShouldBe(reason);
    }

    [Theory]
    [InlineData("NaN")]
    [InlineData("")]
    [InlineData("Infinity")]
    public async Task RunAsync_NeitherVersionAnswered_HoldsOnNoPairs(string missing)
    {
        await using var m = await ModelLedger.WithFraudVersionsAsync();
        Log(m, 300, (_, _) => missing, (_, _) => missing);

        var report = await new ShadowGate(m.Registry).RunAsync(new ShadowRequest("fraud@2", "fraud@1", "shadow.csv"), m.Context());

        report.Verdict.ShouldBe(Verdict.Hold, report.Reason);
        report.Reason.ShouldContain("too few paired requests to judge (at least 100 per slice; 0 in all)");
    }

    [Theory]
    [InlineData("NaN")]
    [InlineData("")]
    [InlineData("-Infinity")]
    public async Task RunAsync_CandidateSilentOnAFifth_FailsOnDisagreement(string missing)
    {
        await using var m = await ModelLedger.WithFraudVersionsAsync();
        Log(m, 1000, (i, score) => i % 5 == 0 ? missing : score.ToString("0.####", CultureInfo.InvariantCulture));

        var report = await new ShadowGate(m.Registry).RunAsync(new ShadowRequest("fraud@2", "fraud@1", "shadow.csv"), m.Context());

        report.Verdict.ShouldBe(Verdict.Fail, report.Reason);
        report.Findings.ShouldHaveSingleItem().Message.ShouldContain("agrees on 80% of 1000 requests");
    }
}
