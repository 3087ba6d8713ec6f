using System.Globalization;
using System.Text;
using Tollgate.Domain.Registry;
using Tollgate.Domain.Verdicts;
using Tollgate.Models.Promotion;
using Tollgate.Models.Shadow;

namespace Tollgate.Models.Tests.Shadow;

public sealed class ShadowGateTests
{
    /// <summary>Paired scores: live ~ U(0,1); the candidate is live plus noise, and in <paramref name="badRegion"/> inverted.</summary>
    private static string Log(ModelLedger m, int perRegion, double noise, string? badRegion = null, bool labels = false)
    {
        var random = new Random(42);
        var text = new StringBuilder("request_id,model_version,region,prediction" + (labels ? ",label" : "") + "\n");
        var id = 0;
        foreach (var region in new[] { "eu", "us" })
        {
            for (var i = 0; i < perRegion; i++)
            {
                var live = random.NextDouble();
                var label = random.NextDouble() < live ? 1 : 0;
                var candidate = region == badRegion ? 1 - live : Math.Clamp(live + noise * (random.NextDouble() - 0.5), 0, 1);
                var tail = labels ? $",{label}" : "";
                text.Append(CultureInfo.InvariantCulture, $"q{id},1,{region},{live:0.####}{tail}\nq{id},2,{region},{candidate:0.####}{tail}\n");
                id++;
            }
        }

        return m.Write("shadow.csv", text.ToString());
    }

    [Fact]
    public async Task RunAsync_CandidateCloseToLive_PassesAndRecordsTheShadowStage()
    {
        await using var m = await ModelLedger.WithFraudVersionsAsync();
        Log(m, 2000, 0.05, labels: true);

        var report = await new ShadowGate(m.Registry).RunAsync(new ShadowRequest("fraud@2", "fraud@1", "shadow.csv") { SliceBy = ["region"], MaxAccuracyDrop = 0.02 }, m.Context());

        report.Verdict.ShouldBe(Verdict.Pass, report.Reason);
        ProductionLine.StageOf(await m.Registry.StagesAsync("fraud"), "2").ShouldBe(ModelStages.Shadow);
        (await m.Ledger.RecentAsync(ShadowGate.Kind, 10)).ShouldHaveSingleItem().Digest.ShouldBe(report.Digest);
    }

    [Theory]
    [InlineData("verdicts", "NEW.kind = 'model-shadow'")]
    [InlineData("model_stages", "1")]
    public async Task RunAsync_LedgerRefusesTheVerdictOrTheShadowStage_RecordsNeitherAndSaysSoInOneLine(string table, string when)
    {
        await using var m = await ModelLedger.WithFraudVersionsAsync();
        Log(m, 2000, 0.05, labels: true);
        await m.RefuseAsync(table, when);

        var error = await Should.ThrowAsync<Domain.InvalidInputException>(() => new ShadowGate(m.Registry).RunAsync(new ShadowRequest("fraud@2", "fraud@1", "shadow.csv") { SliceBy = ["region"], MaxAccuracyDrop = 0.02 }, m.Context()));

        error.Message.ShouldStartWith($"cannot record a shadow verdict in the ledger at {m.Dir.File("ledger.db")}: ");
        error.Message.ShouldContain($"{table} refused");
        error.Message.ShouldNotContain('\n');
        (await m.Registry.StagesAsync("fraud")).ShouldBeEmpty("no shadow stage without its verdict");
        (await m.Ledger.RecentAsync(ShadowGate.Kind, 10)).ShouldBeEmpty("no verdict without its shadow stage");
    }

    [Fact]
    public async Task RunAsync_InvertedInOneRegion_FindsShadowDisagreementThereOnly()
    {
        await using var m = await ModelLedger.WithFraudVersionsAsync();
        Log(m, 2000, 0.05, badRegion: "eu", labels: true);

        var report = await new ShadowGate(m.Registry).RunAsync(new ShadowRequest("fraud@2", "fraud@1", "shadow.csv") { SliceBy = ["region"] }, m.Context());

        report.Verdict.ShouldBe(Verdict.Fail);
        var slices = report.Findings.Select(f => (string)f.Evidence["slice"]!).ToList();
        slices.ShouldContain("region=eu");
        slices.ShouldNotContain("region=us");
        report.Findings.Single(f => (string)f.Evidence["slice"]! == "region=eu").Message.ShouldContain("accuracy");
        (await m.Registry.StagesAsync("fraud")).ShouldBeEmpty();
    }

    [Fact]
    public async Task RunAsync_ShiftP_PrintedWithThreeSignificantDigits()
    {
        // A small shift of every score: its p printed to two decimals before (PValueTextTests: never rounded across the level).
        await using var m = await ModelLedger.WithFraudVersionsAsync();
        var random = new Random(7);
        var text = new StringBuilder("request_id,model_version,prediction\n");
        for (var i = 0; i < 400; i++)
        {
            var live = Math.Round(random.NextDouble(), 4);
            var candidate = Math.Round(Math.Clamp(live + (0.12 * (random.NextDouble() - 0.45)), 0, 1), 4);
            text.Append(CultureInfo.InvariantCulture, $"q{i},1,{live}\nq{i},2,{candidate}\n");
        }

        m.Write("shadow.csv", text.ToString());

        var report = await new ShadowGate(m.Registry).RunAsync(new ShadowRequest("fraud@2", "fraud@1", "shadow.csv"), m.Context());

        var fact = report.Facts.Single(f => f.Key == "slice (all)").Value;
        fact.ShouldEndWith("score shift 0.03 σ (p 0.174)"); // "p 0.17" before
    }

    [Fact]
    public async Task RunAsync_TooFewPairs_Holds()
    {
        await using var m = await ModelLedger.WithFraudVersionsAsync();
        Log(m, 20, 0.05);
        var report = await new ShadowGate(m.Registry).RunAsync(new ShadowRequest("fraud@2", "fraud@1", "shadow.csv"), m.Context());
        report.Verdict.ShouldBe(Verdict.Hold, report.Reason);
    }

    [Fact]
    public async Task RunAsync_OneScoreIsNotANumber_IsAnInputErrorNamingTheCellAndRecordsNothing()
    {
        // One typo made the prediction column text, and every score was compared as a word: agreement 0%, a false fail.
        await using var m = await ModelLedger.WithFraudVersionsAsync();
        var log = Log(m, 2000, 0.05);
        File.AppendAllText(log, "q9999,2,eu,abc\n");

        var error = await Should.ThrowAsync<Domain.InvalidInputException>(() => new ShadowGate(m.Registry).RunAsync(new ShadowRequest("fraud@2", "fraud@1", "shadow.csv") { SliceBy = ["region"] }, m.Context()));

        error.Message.ShouldStartWith("shadow.csv: prediction 'abc' in row 8001 is not a number, but other predictions are scores ('");
        error.Message.ShouldContain("' in row 1)");
        (await m.Registry.StagesAsync("fraud")).ShouldBeEmpty();
        (await m.Ledger.RecentAsync(ShadowGate.Kind, 10)).ShouldBeEmpty();
    }

    [Fact]
    public async Task RunAsync_RequestAnsweredTwiceDifferentlyByOneVersion_IsAnInputErrorAndRecordsNothing()
    {
        // Was paired with whichever answer came last, silently.
        await using var m = await ModelLedger.WithFraudVersionsAsync();
        var log = Log(m, 200, 0.05);
        File.AppendAllText(log, "q0,2,eu,0.99\n");

        var error = await Should.ThrowAsync<Domain.InvalidInputException>(() => new ShadowGate(m.Registry).RunAsync(new ShadowRequest("fraud@2", "fraud@1", "shadow.csv") { SliceBy = ["region"] }, m.Context()));

        error.Message.ShouldStartWith("shadow.csv: request 'q0' is answered twice by version 2, differently ('");
        error.Message.ShouldEndWith("' in row 2, '0.99' in row 801): which answer to pair is unknown; keep one answer per request and version");
        (await m.Registry.StagesAsync("fraud")).ShouldBeEmpty();
        (await m.Ledger.RecentAsync(ShadowGate.Kind, 10)).ShouldBeEmpty();
    }

    [Fact]
    public async Task RunAsync_RetryThatAnsweredTheSame_CountsOnce()
    {
        await using var m = await ModelLedger.WithFraudVersionsAsync();
        var log = Log(m, 200, 0.05);
        var first = File.ReadLines(log).Skip(2).First();
        File.AppendAllText(log, first + "\n");

        var report = await new ShadowGate(m.Registry).RunAsync(new ShadowRequest("fraud@2", "fraud@1", "shadow.csv") { SliceBy = ["region"], MinPairs = 100 }, m.Context());

        report.Summary.Single(s => s.Key == "pairs").Value.ShouldBe(400);
    }

    [Fact]
    public async Task RunAsync_ClassNames_AreComparedAsClasses()
    {
        await using var m = await ModelLedger.WithFraudVersionsAsync();
        var text = new StringBuilder("request_id,model_version,prediction\n");
        for (var i = 0; i < 400; i++)
        {
            var live = i % 3 == 0 ? "decline" : "approve";
            var candidate = i == 7 ? "decline" : live;
            text.Append(CultureInfo.InvariantCulture, $"q{i},1,{live}\nq{i},2,{candidate}\n");
        }

        m.Write("shadow.csv", text.ToString());

        var report = await new ShadowGate(m.Registry).RunAsync(new ShadowRequest("fraud@2", "fraud@1", "shadow.csv"), m.Context());

        report.Verdict.ShouldBe(Verdict.Pass, report.Reason);
        report.Facts.ShouldContain(new KeyValuePair<string, string>("slice (all)", "400 paired requests, agreement 99.75%"));
    }

    [Fact]
    public async Task RunAsync_NoPairs_SaysAgreementIsNotKnownWithoutAPercentSign()
    {
        await using var m = await ModelLedger.WithFraudVersionsAsync();
        m.Write("shadow.csv", "request_id,model_version,prediction\n");

        var report = await new ShadowGate(m.Registry).RunAsync(new ShadowRequest("fraud@2", "fraud@1", "shadow.csv"), m.Context());

        report.Verdict.ShouldBe(Verdict.Hold);
        report.Facts.ShouldContain(new KeyValuePair<string, string>("slice (all)", "0 paired requests: too few to judge (--min-pairs 100), agreement n/a"));
    }

    [Fact]
    public async Task RunAsync_SliceBelowMinPairs_SaysItWasNotJudgedBesideItsFigure()
    {
        // Before: "slice region=apac: 60 paired requests, agreement 0%" beside judged slices, read as one the gate accepted.
        await using var m = await ModelLedger.WithFraudVersionsAsync();
        var text = new StringBuilder("request_id,model_version,region,prediction\n");
        for (var i = 0; i < 460; i++)
        {
            var (region, live) = (i < 60 ? "apac" : "eu", i % 2 == 0 ? "approve" : "decline");
            var candidate = region == "apac" ? (live == "approve" ? "decline" : "approve") : live;
            text.Append(CultureInfo.InvariantCulture, $"q{i},1,{region},{live}\nq{i},2,{region},{candidate}\n");
        }

        m.Write("shadow.csv", text.ToString());

        var report = await new ShadowGate(m.Registry).RunAsync(new ShadowRequest("fraud@2", "fraud@1", "shadow.csv") { SliceBy = ["region"], MinPairs = 100 }, m.Context());

        report.Facts.ShouldContain(new KeyValuePair<string, string>("slice region=apac", "60 paired requests: too few to judge (--min-pairs 100), agreement 0%"));
        report.Facts.ShouldContain(new KeyValuePair<string, string>("slice region=eu", "400 paired requests, agreement 100%"));
    }

    [Theory]
    [InlineData("other@8", "other@7", "other@8 is not registered: tollgate model register other --version 8 …")]
    [InlineData("fraud@88", "fraud@1", "fraud@88 is not registered: tollgate model register fraud --version 88 …")]
    [InlineData("fraud@2", "fraud@77", "fraud@77 is not registered: tollgate model register fraud --version 77 …")]
    public async Task RunAsync_UnregisteredVersion_IsAnInputErrorAndRecordsNothing(string candidate, string live, string message)
    {
        await using var m = await ModelLedger.WithFraudVersionsAsync();
        Log(m, 2000, 0.05);

        var error = await Should.ThrowAsync<Domain.InvalidInputException>(() => new ShadowGate(m.Registry).RunAsync(new ShadowRequest(candidate, live, "shadow.csv"), m.Context()));

        error.Message.ShouldBe(message);
        (await m.Registry.StagesAsync("other")).ShouldBeEmpty();
        (await m.Registry.StagesAsync("fraud")).ShouldBeEmpty();
        (await m.Ledger.RecentAsync(ShadowGate.Kind, 10)).ShouldBeEmpty();
    }

    [Fact]
    public async Task RunAsync_LiveIsTheCandidate_IsAnInputError()
    {
        await using var m = await ModelLedger.WithFraudVersionsAsync();
        Log(m, 200, 0.05);

        var error = await Should.ThrowAsync<Domain.InvalidInputException>(() => new ShadowGate(m.Registry).RunAsync(new ShadowRequest("fraud@2", "fraud@2", "shadow.csv"), m.Context()));

        error.Message.ShouldContain("is the candidate itself");
    }

    [Fact]
    public async Task RunAsync_Digest_BindsTheLogTheVersionsAndEveryOption()
    {
        await using var m = await ModelLedger.WithFraudVersionsAsync();
        (await m.Registry.RegisterAsync(new ModelVersion("fraud", "3", "sha256:weights-3", m.Clock.GetUtcNow()) { Datasets = [new DatasetInput("sha256:train", "train.csv")] })).ShouldBeTrue();
        Log(m, 300, 0.05);
        async Task<string> DigestAsync(ShadowRequest request) => (await new ShadowGate(m.Registry).RunAsync(request, m.Context())).Digest;
        var plain = new ShadowRequest("fraud@2", "fraud@1", "shadow.csv");

        var baseline = await DigestAsync(plain);
        var again = await DigestAsync(plain);
        var variants = new[]
        {
            await DigestAsync(plain with { Threshold = 0.7 }),
            await DigestAsync(plain with { SliceBy = ["region"] }),
            await DigestAsync(plain with { MinAgreement = 0.95 }),
            await DigestAsync(plain with { MinPairs = 50 }),
            await DigestAsync(plain with { MaxAccuracyDrop = 0.02 }),
            await DigestAsync(plain with { Alpha = 0.01 }),
            await DigestAsync(new ShadowRequest("fraud@3", "fraud@1", "shadow.csv")),
            await DigestAsync(new ShadowRequest("fraud@2", "fraud@3", "shadow.csv")),
        };
        Log(m, 300, 0.06);
        var otherLog = await DigestAsync(plain);

        Domain.Gates.ApprovalTarget.IsDigest(baseline).ShouldBeTrue(baseline);
        again.ShouldBe(baseline);
        variants.Append(otherLog).Prepend(baseline).Distinct().Count().ShouldBe(variants.Length + 2);
    }

    [Fact]
    public async Task RunAsync_Versions110And11WithAnNaRow_PairsThemAsWritten()
    {
        // Since n/a counts as missing among numbers, model_version read as numbers: 1.10 printed 1.1, and the gate
        // held on "no rows of fraud@1.10" in a log full of them.
        await using var m = await ModelLedger.OpenAsync();
        foreach (var version in (string[])["1.1", "1.10"])
        {
            (await m.Registry.RegisterAsync(new ModelVersion("fraud", version, "sha256:weights-" + version, m.Clock.GetUtcNow()) { Datasets = [new DatasetInput("sha256:train", "train.csv")] })).ShouldBeTrue();
        }

        var random = new Random(7);
        var text = new StringBuilder("request_id,model_version,prediction\nq-none,n/a,0.5\n");
        for (var i = 0; i < 300; i++)
        {
            var score = random.NextDouble();
            text.Append(CultureInfo.InvariantCulture, $"q{i},1.1,{score:0.####}\nq{i},1.10,{score:0.####}\n");
        }

        m.Write("shadow.csv", text.ToString());

        var report = await new ShadowGate(m.Registry).RunAsync(new ShadowRequest("fraud@1.10", "fraud@1.1", "shadow.csv"), m.Context());

        report.Verdict.ShouldBe(Verdict.Pass, report.Reason);
        report.Facts.Single(f => f.Key == "slice (all)").Value.ShouldStartWith("300 paired requests, agreement 100%");
    }
}
