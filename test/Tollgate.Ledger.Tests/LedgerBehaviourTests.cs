using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using Tollgate.Domain.Delivery;
using Tollgate.Domain.Findings;
using Tollgate.Domain.Gates;
using Tollgate.Domain.Ledger;
using Tollgate.Domain.Policies;
using Tollgate.Domain.Reports;
using Tollgate.Domain.Verdicts;
using Tollgate.Ledger.Delivery;
using Tollgate.Ledger.Migrations;
using Tollgate.Ledger.Verdicts;

namespace Tollgate.Ledger.Tests;

/// <summary>
/// What every ledger dialect must do, written once. Each subclass says how to reach one fresh store of its dialect;
/// xUnit runs every test here once per subclass (SQLite file, real PostgreSQL database).
/// </summary>
public abstract partial class LedgerBehaviourTests
{
    protected FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 11, 26, 12, 0, 0, TimeSpan.Zero));

    /// <summary>The migrations folder of the dialect under test.</summary>
    protected abstract string Dialect { get; }

    /// <summary>The <c>--ledger</c> value of this test's store (the same store on every call).</summary>
    protected abstract Task<string> ConnectionAsync();

    /// <summary>Rows in the store's <c>schema_migrations</c>, read with the dialect's own driver.</summary>
    protected abstract Task<long> MigrationRowsAsync();

    /// <summary>Runs <paramref name="sql"/> on the store with the dialect's own driver.</summary>
    protected abstract Task ExecuteAsync(string sql);

    /// <summary>The store's tables, columns (with types) and indexes, one per line in name order, from the dialect's catalogue.</summary>
    protected abstract Task<string> SchemaAsync();

    protected async Task<ILedger> OpenAsync() => await LedgerLocation.OpenAsync(await ConnectionAsync(), Path.GetTempPath(), Clock);

    [Fact]
    public async Task VerdictLog_FiltersPagesAndFinds_AsTollgateVerdictsAndTheServerList()
    {
        await using var ledger = await OpenAsync();
        var ids = new List<long>();
        foreach (var (kind, subject, verdict) in new[] { ("terraform-plan", "a.json", Verdict.Review), ("canary", "spec.yaml", Verdict.Pass), ("terraform-plan", "b.json", Verdict.Fail), ("terraform-plan", "a.json", Verdict.Pass) })
        {
            ids.Add(await ledger.RecordAsync(new Report(kind, subject, "sha256:" + ids.Count, verdict, [new("n", ids.Count)], [new Finding("destroy", Severity.High, "x", "x is destroyed")])));
            Clock.Advance(TimeSpan.FromHours(1));
        }

        var log = LedgerViews.Verdicts(ledger);
        var plans = await log.ListAsync(new Tollgate.Ledger.Verdicts.VerdictQuery(10) { Kind = "terraform-plan" });
        var page = await log.ListAsync(new Tollgate.Ledger.Verdicts.VerdictQuery(2) { Kind = "terraform-plan", Before = ids[3] });
        var reviews = await log.ListAsync(new Tollgate.Ledger.Verdicts.VerdictQuery(10) { Subject = "a.json", Verdict = "review" });
        var window = await log.ListAsync(new Tollgate.Ledger.Verdicts.VerdictQuery(10) { From = Clock.GetUtcNow().AddHours(-3), To = Clock.GetUtcNow().AddHours(-1) });
        var one = await log.FindAsync(ids[2]);

        plans.Select(e => e.Id).ShouldBe([ids[3], ids[2], ids[0]]);
        page.Select(e => e.Id).ShouldBe([ids[2], ids[0]]);
        reviews.ShouldHaveSingleItem().Id.ShouldBe(ids[0]);
        window.Select(e => e.Id).ShouldBe([ids[2], ids[1]]);
        one.ShouldNotBeNull().Subject.ShouldBe("b.json");
        JsonDocument.Parse(one.Findings).RootElement.GetArrayLength().ShouldBe(1);
        (await log.FindAsync(ids[3] + 100)).ShouldBeNull();
    }

    [Fact]
    public async Task RecordAsync_Verdict_IsReadBackWithFindingsSummaryAndTime()
    {
        await using var ledger = await OpenAsync();
        var report = new Report("terraform-plan", "plan.json", "sha256:abc", Verdict.Review, [new("delete", 1), new("create", 3)],
            [new Finding("destroy", Severity.High, "terraform_data.a", "terraform_data.a is destroyed")]);

        var id = await ledger.RecordAsync(report);
        var entries = await ledger.RecentAsync("terraform-plan", 10);

        id.ShouldBeGreaterThan(0);
        entries.Count.ShouldBe(1);
        entries[0].Id.ShouldBe(id);
        entries[0].Verdict.ShouldBe("review");
        entries[0].ExitCode.ShouldBe(2);
        entries[0].Subject.ShouldBe("plan.json");
        entries[0].Digest.ShouldBe("sha256:abc");
        entries[0].RecordedAt.ShouldBe(Clock.GetUtcNow());
        var finding = JsonDocument.Parse(entries[0].Findings).RootElement[0];
        finding.GetProperty("rule").GetString().ShouldBe("destroy");
        finding.GetProperty("address").GetString().ShouldBe("terraform_data.a");
        var summary = JsonDocument.Parse(entries[0].Summary).RootElement;
        summary.GetProperty("delete").GetInt32().ShouldBe(1);
        summary.GetProperty("create").GetInt32().ShouldBe(3);
    }

    [Fact]
    public async Task RecentAsync_KindAndLimit_NewestFirstOfThatKindOnly()
    {
        await using var ledger = await OpenAsync();
        foreach (var (kind, subject) in new[] { ("terraform-plan", "a"), ("canary", "c"), ("terraform-plan", "b"), ("terraform-plan", "d") })
        {
            await ledger.RecordAsync(new Report(kind, subject, "sha256:" + subject, Verdict.Pass, [], []));
            Clock.Advance(TimeSpan.FromMinutes(1));
        }

        var plans = await ledger.RecentAsync("terraform-plan", 2);
        var all = await ledger.RecentAsync(null, 10);

        plans.Select(e => e.Subject).ShouldBe(["d", "b"]);
        all.Select(e => e.Subject).ShouldBe(["d", "b", "c", "a"]);
        all[0].RecordedAt.ShouldBe(all[3].RecordedAt.AddMinutes(3));
    }

    [Fact]
    public async Task ApprovalsForAsync_OnlyMatchingDigest_OldestFirst()
    {
        await using var ledger = await OpenAsync();
        var at = new DateTimeOffset(2026, 11, 26, 13, 30, 0, TimeSpan.FromHours(1));
        await ledger.ApproveAsync(new Approval("sha256:one", "alice", "intended", at, "p"));
        await ledger.ApproveAsync(new Approval("sha256:two", "bob", "other", at, "p"));
        await ledger.ApproveAsync(new Approval("sha256:one", "carol", "second look, OPS-12", at.AddHours(1), "plan.json"));

        var approvals = await ledger.ApprovalsForAsync("sha256:one");

        approvals.Select(a => a.By).ShouldBe(["alice", "carol"]);
        approvals[1].Reason.ShouldBe("second look, OPS-12");
        approvals[1].Subject.ShouldBe("plan.json");
        approvals[0].At.ShouldBe(at);
        (await ledger.ApprovalsForAsync("sha256:none")).ShouldBeEmpty();
    }

    [Fact]
    public async Task OpenAsync_Twice_KeepsRecordsAndAppliesMigrationsOnce()
    {
        await using (var first = await OpenAsync())
        {
            await first.ApproveAsync(new Approval("sha256:x", "alice", "ok", Clock.GetUtcNow(), "p"));
        }

        await using var second = await OpenAsync();

        (await second.ApprovalsForAsync("sha256:x")).Count.ShouldBe(1);
        (await MigrationRowsAsync()).ShouldBe(Migration.For(Dialect).Count);
    }

    [Fact]
    public async Task OpenAsync_SeveralAtOnce_MigrateOnceAndAllWork()
    {
        var connection = await ConnectionAsync();

        var ledgers = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ =>
            Task.Run(() => LedgerLocation.OpenAsync(connection, Path.GetTempPath(), Clock))));
        try
        {
            var ids = await Task.WhenAll(ledgers.Select((l, i) => l.RecordAsync(new Report("canary", $"r{i}", "sha256:c", Verdict.Hold, [], []))));
            ids.Distinct().Count().ShouldBe(6);
        }
        finally
        {
            foreach (var ledger in ledgers)
            {
                await ledger.DisposeAsync();
            }
        }

        (await MigrationRowsAsync()).ShouldBe(Migration.For(Dialect).Count);
    }

    [Fact]
    public async Task OpenAsync_SchemaANewerTollgateWrote_RefusedBeforeAnythingIsWritten()
    {
        await using (var ledger = await OpenAsync())
        {
            await ledger.RecordAsync(new Report("canary", "kept", "sha256:k", Verdict.Pass, [], []));
        }

        await ExecuteAsync("INSERT INTO schema_migrations (version, name, applied_at) VALUES (99, 'future', '2030-01-01T00:00:00Z')");

        var error = await Should.ThrowAsync<Tollgate.Domain.InvalidInputException>(OpenAsync);
        var forReading = await Should.ThrowAsync<Tollgate.Domain.InvalidInputException>(async () => await LedgerLocation.OpenForReadingAsync(await ConnectionAsync(), Path.GetTempPath(), Clock));

        error.Message.ShouldEndWith($" was written by a newer Tollgate (schema 99; this one knows up to {Migration.For(Dialect)[^1].Version}): use that version or a new ledger");
        error.Message.ShouldStartWith(Dialect == "Sqlite" ? "the ledger at " : "the PostgreSQL ledger at ");
        forReading.Message.ShouldBe(error.Message);
        (await MigrationRowsAsync()).ShouldBe(Migration.For(Dialect).Count + 1);
    }

    [Fact]
    public async Task RecordAllAsync_Batch_EveryVerdictRecordedOnceIdsInOrder()
    {
        await using var ledger = await OpenAsync();
        var reports = Enumerable.Range(0, 40)
            .Select(i => new Report("canary", $"rollout-{i}", $"sha256:{i:x4}", i % 3 == 0 ? Verdict.Hold : Verdict.Pass, [new("slices", 1)], []) { Reason = $"look {i}" })
            .ToList();

        var ids = await RecordAllAsync(ledger, reports);
        var entries = await ledger.RecentAsync("canary", 100);

        ids.Count.ShouldBe(40);
        ids.ShouldBeUnique();
        ids.ShouldBeInOrder(SortDirection.Ascending);
        entries.Count.ShouldBe(40);
        foreach (var (id, report) in ids.Zip(reports))
        {
            var entry = entries.Single(e => e.Id == id);
            entry.Subject.ShouldBe(report.Subject);
            entry.Digest.ShouldBe(report.Digest);
            entry.Verdict.ShouldBe(report.Verdict.WireName());
            entry.Reason.ShouldBe(report.Reason);
        }
    }

    [Fact]
    public async Task RecordAllAsync_LastVerdictRefused_NoneOfTheBatchRecorded()
    {
        await using var ledger = await OpenAsync();
        var good = new Report("canary", "checkout", "sha256:01", Verdict.Pass, [new("slices", 1)], []);
        var refused = good with { Kind = null! }; // kind is NOT NULL in both dialects

        await Should.ThrowAsync<Tollgate.Domain.InvalidInputException>(() => RecordAllAsync(ledger, [good, good, refused]));

        (await ledger.RecentAsync(null, 10)).ShouldBeEmpty();
    }

    [Fact]
    public async Task RecordAllAsync_BatchRefusedBetweenTwoGoodOnes_EarlierKeptNextRecordedEachOnce()
    {
        await using var ledger = await OpenAsync();
        Report Look(int i) => new("canary", "checkout", $"sha256:{i:x2}", Verdict.Pass, [new("slices", 1)], []) { Reason = $"look {i}" };

        var first = await RecordAllAsync(ledger, [Look(1), Look(2)]);
        await Should.ThrowAsync<Tollgate.Domain.InvalidInputException>(() => RecordAllAsync(ledger, [Look(3), Look(4) with { Kind = null! }]));
        var next = await RecordAllAsync(ledger, [Look(5), Look(6)]);
        await ledger.RecordAsync(Look(7));
        var entries = await ledger.RecentAsync("canary", 100);

        entries.Select(e => e.Reason).Order().ShouldBe(["look 1", "look 2", "look 5", "look 6", "look 7"]);
        entries.Select(e => e.Id).ShouldBeUnique();
        first.Concat(next).ShouldBe(entries.Where(e => e.Reason != "look 7").Select(e => e.Id).Order());
    }

    [Fact]
    public async Task RecordAllAsync_RowsWithStoredFindings_FindingsKeptAsGiven()
    {
        await using var ledger = await OpenAsync();
        var report = new Report("canary", "checkout", "sha256:01", Verdict.Pass, [new("slices", 1), new("pass", 1)],
            [new Finding("relative", Severity.Info, "all traffic", "error rate 1.0x baseline") { Evidence = new Dictionary<string, object?> { ["ratio"] = 1.25 } }]);
        var (_, stored) = ReportJson.ToUtf8WithStoredFindings(report);

        var ids = ledger switch
        {
            SqliteLedger sqlite => await sqlite.RecordAllAsync([new Verdicts.VerdictRow(report, stored)]),
            PostgresLedger postgres => await postgres.RecordAllAsync([new Verdicts.VerdictRow(report, stored)]),
            _ => throw new InvalidOperationException($"no batch write on {ledger.GetType().Name}"),
        };
        var entry = (await ledger.RecentAsync("canary", 10)).ShouldHaveSingleItem();

        entry.Id.ShouldBe(ids.ShouldHaveSingleItem());
        JsonDocument.Parse(entry.Findings).RootElement[0].GetProperty("evidence").GetProperty("ratio").GetDouble().ShouldBe(1.25);
        JsonDocument.Parse(entry.Summary).RootElement.GetProperty("pass").GetInt64().ShouldBe(1);
        FindingsJson.Read(entry.Findings).ShouldHaveSingleItem().Message.ShouldBe("error rate 1.0x baseline");
    }

    [Fact]
    public async Task RecordAsync_FindingsOfManySegments_ReadBackAsTheSameJson()
    {
        await using var ledger = await OpenAsync();
        // ~3,000 findings with non-ASCII text: well over one 64 KiB segment, and characters that straddle segment ends.
        var findings = Enumerable.Range(0, 3000)
            .Select(i => new Finding("destroy", Severity.High, $"terraform_data.r{i}", $"terraform_data.r{i} is destroyed: its resource block was removed (Zürich → 東京)") { Module = i % 2 == 0 ? "module.m" : "" })
            .ToList();
        var report = new Report("terraform-plan", "plan.json", "sha256:many", Verdict.Review, [new("delete", findings.Count)], findings);
        var stored = ReportJson.StoredFindings(findings);
        stored.IsLarge.ShouldBeTrue();

        var id = await ledger.RecordAsync(report);
        await ledger.RecordAsync(report with { Digest = "sha256:next", Findings = findings.Take(1).ToList() });
        var entries = await ledger.RecentAsync("terraform-plan", 10);

        var entry = entries.Single(e => e.Id == id);
        JsonDocument.Parse(entry.Findings).RootElement.GetArrayLength().ShouldBe(3000);
        FindingsJson.Read(entry.Findings).Select(f => (f.Address, f.Message, f.Module))
            .ShouldBe(findings.Select(f => (f.Address, f.Message, f.Module)));
        if (ledger is SqliteLedger)
        {
            entry.Findings.ShouldBe(stored.ToString()); // the same bytes, not only the same findings
        }

        FindingsJson.Read(entries.Single(e => e.Id != id).Findings).ShouldHaveSingleItem().Address.ShouldBe("terraform_data.r0");
    }

    [Fact]
    public async Task FindAsync_Verdict_PrintsTheReportsOwnKeyOrderOnEveryEngine()
    {
        // Keys out of jsonb's order (shortest first, then bytes): the summary's and the evidence's as the gate wrote them.
        var evidence = new Dictionary<string, object?> { ["replaced_by"] = "b", ["at"] = 3, ["zone"] = "eu" };
        var report = new Report("terraform-plan", "plan.json", "sha256:order", Verdict.Review, [new("update", 1), new("delete", 2), new("noop", 40)],
            [new Finding("destroy", Severity.High, "terraform_data.a", "terraform_data.a is destroyed") { Evidence = evidence, Suggestion = "keep it" }]);
        await using var ledger = await OpenAsync();

        var entry = (await LedgerViews.Verdicts(ledger).FindAsync(await ledger.RecordAsync(report))).ShouldNotBeNull();
        var printed = System.Text.Encoding.UTF8.GetString(Tollgate.Ledger.Verdicts.VerdictJson.Entry(entry, [], indented: true));

        entry.Summary.ShouldBe("""{"update":1,"delete":2,"noop":40}""");
        entry.Findings.ShouldBe(ReportJson.SerializeFindings(report.Findings)); // byte for byte, as SQLite's TEXT keeps it
        printed.ShouldContain("\"summary\": {\n    \"update\": 1,\n    \"delete\": 2,\n    \"noop\": 40\n  }");
        printed.ShouldContain("\"evidence\": {\n        \"replaced_by\": \"b\",\n        \"at\": 3,\n        \"zone\": \"eu\"\n      }");
    }

    [Fact]
    public async Task OpenAsync_LedgerFromBeforeWatchesWereRecorded_ItsDeploysReadAsNeverWatchedSoVerified()
    {
        var deploy = new Deploy("d1", "checkout", "production", "v1", DeployIntent.Planned, Clock.GetUtcNow()) { FinishedAt = Clock.GetUtcNow(), Result = DeployResult.Success };
        await using (var ledger = await OpenAsync())
        {
            await DeliveryStore.Of(ledger).RecordAsync([new DeployEvent("d1", "test", deploy)]);
        }

        await ExecuteAsync(LedgerRewind.Before(Dialect, "deploy_watch"));

        await using var upgraded = await OpenAsync();
        var read = (await DeliveryStore.Of(upgraded).DeploysAsync("checkout", "production")).ShouldHaveSingleItem();

        read.Watch.ShouldBe(DeployWatch.None);
        read.Verified.ShouldBeTrue("a success recorded before watches were counts as verified: a rollback may still return to it");
        (await MigrationRowsAsync()).ShouldBe(Migration.For(Dialect).Count);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task RunAsync_GateRecordsWhatItRead_VerdictsIdAndApproveUseItOlderRowsAsBefore(bool olderRows)
    {
        var root = Directory.CreateTempSubdirectory("tollgate-read-").FullName;
        Directory.CreateDirectory(Path.Combine(root, ".git"));
        Directory.CreateDirectory(Path.Combine(root, "envs", "prod"));
        await File.WriteAllTextAsync(Path.Combine(root, "envs", "prod", "plan.json"), "{}");
        await using var ledger = await OpenAsync();
        var context = new GateContext(Clock, ledger, Policy.Default, Path.Combine(root, "envs", "prod"));
        await ledger.ApproveAsync(new Approval("sha256:quiet", "alice", "looked", Clock.GetUtcNow(), "plan.json"));
        await ledger.ApproveAsync(new Approval("sha256:asks", "alice", "looked", Clock.GetUtcNow(), "plan.json"));
        Clock.Advance(TimeSpan.FromMinutes(1));
        await GatePipeline.RunAsync(new Evidence("terraform-plan", "plan.json", "sha256:quiet", [new Finding("check-failed", Severity.Low, "x", "a low check")]), context);
        await GatePipeline.RunAsync(new Evidence("terraform-plan", "plan.json", "sha256:asks", [new Finding("destroy", Severity.High, "aws_db.main", "aws_db.main is destroyed")]), context);
        if (olderRows)
        {
            await ExecuteAsync("UPDATE verdicts SET approvals_read = NULL, approver_path = NULL"); // as recorded before 0014
        }

        var quiet = (await LedgerViews.Verdicts(ledger).FindAsync((await ledger.LatestForAsync("sha256:quiet"))!.Id)).ShouldNotBeNull();
        var asks = (await LedgerViews.Verdicts(ledger).FindAsync((await ledger.LatestForAsync("sha256:asks"))!.Id)).ShouldNotBeNull();
        var target = await ApprovalTarget.RecordedAsync("sha256:asks", ledger, Policy.Default, [], Clock, default, workingDirectory: root);
        Directory.Delete(root, recursive: true);

        VerdictJson.ApprovedBy(quiet, await ledger.ApprovalsForAsync(quiet.Digest)).Count.ShouldBe(olderRows ? 1 : 0, "a gate with no review question read no approvals");
        VerdictJson.ApprovedBy(asks, await ledger.ApprovalsForAsync(asks.Digest)).ShouldHaveSingleItem().By.ShouldBe("alice");
        (quiet.ApprovalsRead, asks.ApprovalsRead).ShouldBe(olderRows ? (null, null) : (false, true));
        // approve --digest from the root matches the path the gate matched from envs/prod; an older row: worked out again.
        target.ApprovalPath.ShouldBe(olderRows ? "plan.json" : "envs/prod/plan.json");
        // tollgate verdicts ID --format json and GET /api/v1/verdicts/ID show what was kept; null when nothing was.
        var (quietJson, asksJson) = (JsonDocument.Parse(VerdictJson.Entry(quiet, [])).RootElement, JsonDocument.Parse(VerdictJson.Entry(asks, [])).RootElement);
        (quietJson.GetProperty("approvalsRead").ValueKind, asksJson.GetProperty("approvalsRead").ValueKind).ShouldBe(olderRows ? (JsonValueKind.Null, JsonValueKind.Null) : (JsonValueKind.False, JsonValueKind.True));
        asksJson.GetProperty("approverPath").ToString().ShouldBe(olderRows ? "" : "envs/prod/plan.json");
        asksJson.GetProperty("approverPath").ValueKind.ShouldBe(olderRows ? JsonValueKind.Null : JsonValueKind.String);
    }

    /// <summary>The batch write both ledgers offer a server's group commit.</summary>
    private static Task<IReadOnlyList<long>> RecordAllAsync(ILedger ledger, IReadOnlyList<Report> reports) => ledger switch
    {
        SqliteLedger sqlite => sqlite.RecordAllAsync(reports),
        PostgresLedger postgres => postgres.RecordAllAsync(reports),
        _ => throw new InvalidOperationException($"no batch write on {ledger.GetType().Name}"),
    };

    [Fact]
    public void MigrationFor_Dialect_HasTheSameNumberedStepsAsSqlite()
    {
        var steps = Migration.For(Dialect);

        steps.ShouldNotBeEmpty();
        steps.Select(m => (m.Version, m.Name)).ShouldBe(Migration.For("Sqlite").Select(m => (m.Version, m.Name)));
        // Numbers are reserved per branch (0002 models, 0003 deploys), so a gap may exist until both have landed.
        steps[0].Version.ShouldBe(1);
        steps.Select(m => m.Version).ShouldBeUnique();
        steps.Select(m => m.Version).ShouldBeInOrder(SortDirection.Ascending);
    }
}
