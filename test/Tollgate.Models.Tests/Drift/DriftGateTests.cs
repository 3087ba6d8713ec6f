using Tollgate.Domain.Verdicts;
using Tollgate.Models.Drift;

namespace Tollgate.Models.Tests.Drift;

public sealed class DriftGateTests
{
    [Fact]
    public async Task RunAsync_SameDistribution_Passes()
    {
        using var dir = new TempDirectory();
        var reference = FeatureTables.WriteCsv(dir.File("ref.csv"), 5000, 1);
        var current = FeatureTables.WriteCsv(dir.File("cur.csv"), 3000, 2);
        var report = await Judged.DriftAsync(new DriftRequest([reference], current) { SliceBy = ["region"] });
        report.Verdict.ShouldBe(Verdict.Pass, report.Reason);
        report.Findings.ShouldBeEmpty();
        report.Summary.ShouldContain(kv => kv.Key == "judged" && kv.Value == 9);
    }

    [Fact]
    public async Task RunAsync_ShiftInOneSlice_FailsWithFeatureAsAddressAndSliceInEvidence()
    {
        using var dir = new TempDirectory();
        var reference = FeatureTables.WriteCsv(dir.File("ref.csv"), 5000, 1);
        var current = FeatureTables.WriteCsv(dir.File("cur.csv"), 3000, 2, euIncomeShift: 5);
        var report = await Judged.DriftAsync(new DriftRequest([reference], current) { SliceBy = ["region"] });
        report.Verdict.ShouldBe(Verdict.Fail);
        report.Findings.ShouldAllBe(f => f.Rule == "drift" && f.Address == "income");
        report.Findings.Select(f => f.Evidence["slice"]).ShouldContain("region=eu");
        report.Findings.Select(f => f.Evidence["slice"]).ShouldNotContain("region=us");
        // One feature in two windows: the count names features (it said "2 features drifted" of income alone).
        report.Findings.Count.ShouldBe(2);
        report.Reason.ShouldBe("1 feature drifted in 2 feature windows: income, income [region=eu]");
    }

    [Fact]
    public async Task RunAsync_CategoryShareShiftWithSkew_FindsSkewOnTheCategoricalFeature()
    {
        using var dir = new TempDirectory();
        var reference = FeatureTables.WriteCsv(dir.File("train.csv"), 4000, 3);
        var current = FeatureTables.WriteCsv(dir.File("serve.csv"), 4000, 4, planCShare: 0.7);
        var report = await Judged.DriftAsync(new DriftRequest([reference], current) { Skew = true });
        report.Kind.ShouldBe("model-skew");
        var finding = report.Findings.ShouldHaveSingleItem();
        finding.Rule.ShouldBe("skew");
        finding.Address.ShouldBe("plan");
        finding.Evidence["test"].ShouldBe("chi-square");
    }

    [Fact]
    public async Task RunAsync_FeatureWrittenOtherwiseInTheCurrent_HoldNamesTheColumnItLikelyIs()
    {
        // ' income ' (spaces around it) and 'Plan' read as other columns: the hold once named only the features gone.
        using var dir = new TempDirectory();
        var reference = FeatureTables.WriteCsv(dir.File("ref.csv"), 5000, 1);
        var lines = File.ReadAllLines(FeatureTables.WriteCsv(dir.File("full.csv"), 3000, 2));
        var header = lines[0].Split(',');
        var renamed = string.Join(',', header.Select(h => h switch { "income" => " income ", "plan" => "Plan", _ => h }));
        var current = dir.File("cur.csv");
        File.WriteAllLines(current, [renamed, .. lines.Skip(1)]);

        var report = await Judged.DriftAsync(new DriftRequest([reference], current));

        report.Verdict.ShouldBe(Verdict.Hold, report.Reason);
        report.Reason.ShouldBe("2 reference features missing from the current data: income (the current has ' income '), plan (the current has 'Plan')");
    }

    [Theory]
    [InlineData("csv", new string[0])]
    [InlineData("csv", new[] { "region" })]
    [InlineData("quoted", new string[0])] // the whole-table reader
    [InlineData("profile", new string[0])]
    public async Task RunAsync_CurrentLacksReferenceFeatures_HoldsOnMissingDataAndNamesThem(string shape, string[] sliceBy)
    {
        using var dir = new TempDirectory();
        var reference = FeatureTables.WriteCsv(dir.File("ref.csv"), 5000, 1);
        var full = File.ReadAllLines(FeatureTables.WriteCsv(dir.File("full.csv"), 3000, 2));
        // The current keeps age and region: income and plan are gone. Quoted, it goes to the whole-table reader.
        var current = dir.File("cur.csv");
        File.WriteAllLines(current, full.Select((l, i) => l.Split(',') is var cells && shape == "quoted" && i == 1
            ? $"{cells[0]},\"{cells[2]}\""
            : $"{cells[0]},{cells[2]}"));

        if (shape == "profile")
        {
            var profile = dir.File("ref.json");
            Tollgate.Models.Profiles.ProfileFile.Write(Tollgate.Models.Profiles.DatasetProfile.Build(await Tollgate.Models.Tables.TableFile.ReadAsync(reference), []), profile);
            reference = profile;
        }

        var report = await Judged.DriftAsync(new DriftRequest([reference], current) { SliceBy = sliceBy });

        report.Verdict.ShouldBe(Verdict.Hold, report.Reason);
        report.Reason.ShouldBe("2 reference features missing from the current data: income, plan");
        report.Summary.ShouldContain(kv => kv.Key == "missingFeatures" && kv.Value == 2);
    }

    [Theory]
    [InlineData("csv")]
    [InlineData("quoted")] // the whole-table reader
    [InlineData("profile")]
    public async Task RunAsync_ReferenceSliceWithNoCurrentRows_HoldsNamingIt(string shape)
    {
        // Every us row gone from the current data passed: "2 slices, 4 judged", region=us nowhere.
        using var dir = new TempDirectory();
        var reference = FeatureTables.WriteCsv(dir.File("ref.csv"), 5000, 1);
        var full = File.ReadAllLines(FeatureTables.WriteCsv(dir.File("full.csv"), 3000, 2));
        var region = Array.IndexOf(full[0].Split(','), "region");
        var current = dir.File("cur.csv");
        File.WriteAllLines(current, full.Where((l, i) => i == 0 || l.Split(',')[region] != "us")
            .Select((l, i) => shape == "quoted" && i == 1 ? string.Join(',', l.Split(',').Select(c => $"\"{c}\"")) : l));
        if (shape == "profile")
        {
            var profile = dir.File("ref.json");
            Tollgate.Models.Profiles.ProfileFile.Write(Tollgate.Models.Profiles.DatasetProfile.Build(await Tollgate.Models.Tables.TableFile.ReadAsync(reference), ["region"]), profile);
            reference = profile;
        }

        var report = await Judged.DriftAsync(new DriftRequest([reference], current) { SliceBy = ["region"] });

        report.Verdict.ShouldBe(Verdict.Hold, report.Reason);
        report.Reason.ShouldBe("1 reference slice with no rows in the current data: region=us");
        report.Summary.ShouldContain(kv => kv.Key == "slices" && kv.Value == 3);
    }

    [Theory]
    [InlineData("ref.prof")]
    [InlineData("reference-profile")]
    public async Task RunAsync_ProfileNamedWithoutJsonExtension_IsReadAsAProfile(string name)
    {
        using var dir = new TempDirectory();
        var reference = FeatureTables.WriteCsv(dir.File("ref.csv"), 5000, 1);
        var current = FeatureTables.WriteCsv(dir.File("cur.csv"), 3000, 2, euIncomeShift: 5);
        var profile = Tollgate.Models.Profiles.DatasetProfile.Build(await Tollgate.Models.Tables.TableFile.ReadAsync(reference), ["region"]);
        Tollgate.Models.Profiles.ProfileFile.Write(profile, dir.File("ref.json"));
        File.Copy(dir.File("ref.json"), dir.File(name));

        var named = await Judged.DriftAsync(new DriftRequest([dir.File(name)], current) { SliceBy = ["region"] });
        var json = await Judged.DriftAsync(new DriftRequest([dir.File("ref.json")], current) { SliceBy = ["region"] });

        named.Verdict.ShouldBe(Verdict.Fail, named.Reason);
        named.Findings.Select(f => f.Message).ShouldBe(json.Findings.Select(f => f.Message));
    }

    [Fact]
    public async Task RunAsync_Digest_BindsTheInputsAndEveryOptionThatJudgesThem()
    {
        using var dir = new TempDirectory();
        var reference = FeatureTables.WriteCsv(dir.File("ref.csv"), 2000, 1);
        var current = FeatureTables.WriteCsv(dir.File("cur.csv"), 1500, 2);
        async Task<string> Digest(DriftRequest request) => (await Judged.DriftAsync(request)).Digest;
        var plain = new DriftRequest([reference], current);

        (await Digest(plain)).ShouldBe(await Digest(new DriftRequest([reference], current)));
        var digests = new[]
        {
            await Digest(plain),
            await Digest(plain with { Alpha = 0.01 }),
            await Digest(plain with { MinEffect = 0.2 }),
            await Digest(plain with { MinRows = 10 }),
            await Digest(plain with { Bins = 20 }),
            await Digest(plain with { KsMethod = Domain.Statistics.Drift.KsMethod.Asymptotic }),
            await Digest(plain with { SliceBy = ["region"] }),
            await Digest(plain with { Skew = true }),
        };
        digests.Distinct().Count().ShouldBe(digests.Length, "an approval of one judgement covers no other");
    }

    [Fact]
    public async Task RunAsync_CurrentWindowTooSmall_HoldsInsteadOfAlarming()
    {
        using var dir = new TempDirectory();
        var reference = FeatureTables.WriteCsv(dir.File("ref.csv"), 5000, 1);
        var current = FeatureTables.WriteCsv(dir.File("cur.csv"), 40, 2, euIncomeShift: 3);
        var report = await Judged.DriftAsync(new DriftRequest([reference], current));
        report.Verdict.ShouldBe(Verdict.Hold);
        report.Reason.ShouldContain("too little data");
    }

    [Fact]
    public async Task RunAsync_SmallWindowsOfTheSameDistribution_DoNotFireWherePlainThresholdsWould()
    {
        // mlops.md §1.5: reference 5,000, current 100 from the same N(0,1): W1/σ ≥ 0.1 in 70% of runs and JS ≥ 0.1 in 85%.
        using var dir = new TempDirectory();
        var reference = FeatureTables.WriteCsv(dir.File("ref.csv"), 5000, 1);
        var referenceIncome = Domain.Statistics.Drift.EmpiricalDistribution.FromValues(Tollgate.Models.Tables.CsvTable.Read(reference).Find("income")!.Numbers!);
        var fired = 0;
        var plainWouldFire = 0;
        for (var seed = 100; seed < 120; seed++)
        {
            var current = FeatureTables.WriteCsv(dir.File($"cur{seed}.csv"), 100, seed);
            var report = await Judged.DriftAsync(new DriftRequest([reference], current) { MinRows = 50 });
            fired += report.Verdict == Verdict.Fail ? 1 : 0;
            var income = Tollgate.Models.Tables.CsvTable.Read(current).Find("income")!.Numbers!;
            var w1 = Domain.Statistics.Drift.Wasserstein.Normalised(referenceIncome, Domain.Statistics.Drift.EmpiricalDistribution.FromValues(income));
            plainWouldFire += w1 >= 0.1 ? 1 : 0;
        }

        fired.ShouldBeLessThanOrEqualTo(2);
        plainWouldFire.ShouldBeGreaterThan(10);
    }

    [Fact]
    public async Task RunAsync_MissingFile_IsInvalidInput()
    {
        using var dir = new TempDirectory();
        var missing = await Should.ThrowAsync<Domain.InvalidInputException>(() => DriftGate.EvidenceAsync(new DriftRequest([dir.File("nope.csv")], dir.File("nope2.csv"))));
        missing.Message.ShouldBe($"--reference {dir.File("nope.csv")} does not exist");
    }

    [Theory]
    [InlineData("binary")]
    [InlineData("other")]
    public async Task RunAsync_CurrentIsNoTableOfTheseFeatures_IsInvalidInputNotAHold(string kind)
    {
        // Both held with "4 reference features missing from the current data", recorded as if the features had gone.
        using var dir = new TempDirectory();
        var reference = FeatureTables.WriteCsv(dir.File("ref.csv"), 500, 1);
        var current = dir.File("cur.csv");
        if (kind == "binary")
        {
            File.WriteAllBytes(current, [0x7F, (byte)'E', (byte)'L', (byte)'F', 2, 1, 1, 0, 0, 0, (byte)'\n', 1, 2, 3]);
        }
        else
        {
            File.WriteAllText(current, "a,b\n1,2\n3,4\n");
        }

        var refused = await Should.ThrowAsync<Domain.InvalidInputException>(() => DriftGate.EvidenceAsync(new DriftRequest([reference], current)));

        refused.Message.ShouldBe(kind == "binary"
            ? $"{current} is not a text table: its first line holds a NUL byte (a binary file?); give a CSV file (gzip-compressed too) or Parquet"
            : $"{current} shares no column with the reference (age, income, plan, region; the current has a, b): give a table of the same features");
    }

    [Fact]
    public async Task RunAsync_DirectoryGivenAsATable_SaysItIsADirectory()
    {
        using var dir = new TempDirectory();
        var table = FeatureTables.WriteCsv(dir.File("t.csv"), 50, 1);
        Directory.CreateDirectory(dir.File("shards"));

        var error = await Should.ThrowAsync<Domain.InvalidInputException>(() => DriftGate.EvidenceAsync(new DriftRequest([table], dir.File("shards"))));

        error.Message.ShouldBe($"--current {dir.File("shards")} is a directory, not a regular file");
    }
}
