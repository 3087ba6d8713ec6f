using System.Xml.Linq;
using Tollgate.Domain.Findings;
using Tollgate.Domain.Gates;
using Tollgate.Domain.Policies;
using Tollgate.Domain.Reports;
using Tollgate.Reports;

namespace Tollgate.Cli.Tests.Reports;

/// <summary>
/// A JUnit case fails exactly when its finding blocks the verdict, and the suite's counts are those of its cases: a
/// CI test tab is red when the gate blocks and only then.
/// </summary>
public sealed class JunitReportTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 10, 0, 0, TimeSpan.Zero);

    private static XDocument Judged(Policy policy, IReadOnlyList<Approval> approvals, params Finding[] findings)
    {
        var evidence = new Evidence("terraform-plan", "plan.json", "sha256:x", findings);
        var report = GatePipeline.Judge(evidence, policy, approvals, new Microsoft.Extensions.Time.Testing.FakeTimeProvider(Now));
        return XDocument.Parse(JunitReport.Render(report));
    }

    private static XElement Case(XDocument junit, string name) => junit.Descendants("testcase").Single(c => (string?)c.Attribute("name") == name);

    private static void CountsMatchCases(XDocument junit)
    {
        var cases = junit.Descendants("testcase").ToList();
        foreach (var suite in new[] { junit.Root!, junit.Root!.Element("testsuite")! })
        {
            ((int)suite.Attribute("tests")!).ShouldBe(cases.Count);
            ((int)suite.Attribute("failures")!).ShouldBe(cases.Count(c => c.Element("failure") is not null));
            ((int)suite.Attribute("errors")!).ShouldBe(0);
        }

        ((int)junit.Root!.Element("testsuite")!.Attribute("skipped")!).ShouldBe(cases.Count(c => c.Element("skipped") is not null));
        junit.Root!.Attribute("skipped").ShouldBeNull(); // the strict JUnit schema (Jenkins' xunit plugin) has none on testsuites
        cases.Select(c => ((string?)c.Attribute("classname"), (string?)c.Attribute("name"))).ShouldBeUnique(); // GitLab keeps one case per pair
    }

    [Fact]
    public void Render_InfoFindingBesideAFailingOne_PassesWithItsDetailInSystemOut()
    {
        var junit = Judged(
            Policy.Default,
            [],
            new Finding("blast-radius", Severity.Info, "terraform_data.hub", "terraform_data.hub reaches 3 resources") { Suggestion = "split it" },
            new Finding("check-failed", Severity.High, "check.health", "check.health failed"));

        var info = Case(junit, "terraform_data.hub");
        info.Element("failure").ShouldBeNull();
        info.Element("system-out")!.Value.ShouldBe("info: terraform_data.hub reaches 3 resources\nsplit it");
        Case(junit, "check.health").Element("failure")!.Attribute("type")!.Value.ShouldBe("high");
        junit.Descendants("testcase").Count().ShouldBe(2);
        CountsMatchCases(junit);
    }

    [Theory]
    [InlineData(Severity.High, false)]
    [InlineData(Severity.Medium, true)]
    public void Render_MediumFinding_FailsOnlyWhenFailOnMakesItBlock(Severity failOn, bool fails)
    {
        var junit = Judged(Policy.Default with { FailOn = failOn }, [], new Finding("policy/tags", Severity.Medium, "terraform_data.a", "terraform_data.a has no owner tag"));

        var finding = Case(junit, "terraform_data.a");
        (finding.Element("failure") is not null).ShouldBe(fails);
        (finding.Element("system-out") is not null).ShouldBe(!fails);
        junit.Descendants("testcase").Count().ShouldBe(1);
        CountsMatchCases(junit);
    }

    [Fact]
    public void Render_ReviewFinding_FailsUntilApprovedThenPasses()
    {
        var destroy = new Finding("destroy", Severity.High, "terraform_data.old", "terraform_data.old is destroyed");

        var waiting = Judged(Policy.Default, [], destroy);
        var approved = Judged(Policy.Default, [new Approval("sha256:x", "alice", "decommissioned", Now, "plan.json")], destroy);

        Case(waiting, "terraform_data.old").Element("failure").ShouldNotBeNull();
        Case(approved, "terraform_data.old").Element("failure").ShouldBeNull();
        Case(approved, "terraform_data.old").Element("system-out")!.Value.ShouldStartWith("high: ");
        CountsMatchCases(waiting);
        CountsMatchCases(approved);
    }

    [Fact]
    public void Render_EveryFindingExcepted_CountsTheSkippedCasesAndNoExtraCase()
    {
        var policy = Policy.Default with { Exceptions = [new PolicyException("check-failed", "check.*", "known flake", "sre", new DateOnly(2027, 1, 1))] };

        var junit = Judged(policy, [], new Finding("check-failed", Severity.High, "check.health", "check.health failed"));

        junit.Descendants("testcase").Count().ShouldBe(1);
        Case(junit, "check.health").Element("skipped").ShouldNotBeNull();
        CountsMatchCases(junit);
    }

    [Fact]
    public void Render_HoldWithNothingBlocking_SkipsACaseForTheSubjectWithTheReason()
    {
        var evidence = new Evidence("canary", "canary.yaml", "sha256:x", [new Finding("min-samples", Severity.Low, "checkout", "12 of 50 samples")]) { Pending = "too few samples" };
        var report = GatePipeline.Judge(evidence, Policy.Default, [], new Microsoft.Extensions.Time.Testing.FakeTimeProvider(Now));

        var junit = XDocument.Parse(JunitReport.Render(report));

        report.Verdict.ShouldBe(Domain.Verdicts.Verdict.Hold);
        Case(junit, "canary.yaml").Element("skipped")!.Attribute("message")!.Value.ShouldBe("hold: too few samples");
        Case(junit, "checkout").Element("system-out").ShouldNotBeNull();
        CountsMatchCases(junit);
    }

    [Fact]
    public void Render_ExpiredException_NoteInTheSuitesPropertiesAndSystemOut()
    {
        var policy = Policy.Default with { Exceptions = [new PolicyException("destroy", "terraform_data.legacy_*", "decommissioning <OPS-12> & co", "platform-team", new DateOnly(2020, 1, 1))] };
        var evidence = new Evidence("terraform-plan", "plan.json", "sha256:x", [new Finding("destroy", Severity.High, "terraform_data.legacy_queue", "terraform_data.legacy_queue is destroyed")]);
        var report = GatePipeline.Judge(evidence, policy, [], new Microsoft.Extensions.Time.Testing.FakeTimeProvider(Now));

        var junit = XDocument.Parse(JunitReport.Render(report));

        var note = report.Notes.ShouldHaveSingleItem();
        note.ShouldContain("expired on 2020-01-01");
        var suite = junit.Root!.Element("testsuite")!;
        suite.Element("properties")!.Elements("property").Where(p => (string?)p.Attribute("name") == "note").Select(p => (string?)p.Attribute("value")).ShouldBe([note]);
        suite.Element("system-out")!.Value.ShouldBe("note: " + note);
        suite.Elements().Last().Name.LocalName.ShouldBe("system-out");
        Case(junit, "terraform_data.legacy_queue").Element("failure").ShouldNotBeNull();
        CountsMatchCases(junit);
    }

    [Fact]
    public void Render_ControlCharactersFromAScannerOrALabel_AreShownAndTheXmlParses()
    {
        var junit = Judged(
            Policy.Default,
            [],
            new Finding("scanner/checkov/CKV_\u0007X", Severity.High, "aws_s3_bucket.a\u0001", "bucket \u0001public\u001b[31m") { Suggestion = "fix \uFFFF it" },
            new Finding("blast-radius", Severity.Info, "terraform_data.hub", "reaches 3 \ud800 resources"));

        var failing = Case(junit, "aws_s3_bucket.a\\u0001");
        failing.Attribute("classname")!.Value.ShouldBe("tollgate.scanner/checkov/CKV_\\u0007X");
        failing.Element("failure")!.Attribute("message")!.Value.ShouldBe("bucket \\u0001public\\u001b[31m");
        failing.Element("failure")!.Value.ShouldBe("bucket \\u0001public\\u001b[31m\nfix \\uffff it");
        Case(junit, "terraform_data.hub").Element("system-out")!.Value.ShouldBe("info: reaches 3 \\ud800 resources");
        CountsMatchCases(junit);
    }

    [Fact]
    public void Render_OneRuleTwiceOnOneAddress_CasesToldApartBySliceContainerOrNumber()
    {
        var slice = new Dictionary<string, object?> { ["slice"] = "region=eu" };
        var labels = new Dictionary<string, object?> { ["slice"] = new Dictionary<string, object?> { ["tenant"] = "acme", ["endpoint"] = "/pay" } };
        var junit = Judged(
            Policy.Default,
            [],
            new Finding("drift", Severity.High, "income", "income drifted") { Evidence = new Dictionary<string, object?> { ["slice"] = "(all)" } },
            new Finding("drift", Severity.High, "income", "income drifted in eu") { Evidence = slice },
            new Finding("relative", Severity.High, "error-rate", "worse") { Evidence = labels },
            new Finding("relative", Severity.High, "error-rate", "worse again") { Evidence = labels },
            new Finding("k8s/readiness-probe", Severity.Medium, "Deployment/shop/checkout", "no probe") { Evidence = new Dictionary<string, object?> { ["container"] = "envoy" } },
            new Finding("k8s/readiness-probe", Severity.Medium, "Deployment/shop/checkout", "no probe") { Evidence = new Dictionary<string, object?> { ["container"] = "app" } },
            new Finding("destroy", Severity.High, "terraform_data.a", "destroyed"),
            new Finding("destroy", Severity.High, "terraform_data.a", "destroyed"),
            new Finding("destroy", Severity.High, "terraform_data.b", "destroyed"));

        junit.Descendants("testcase").Select(c => (string?)c.Attribute("name")).ShouldBe(
        [
            "income [(all)]", "income [region=eu]", "error-rate [tenant=acme,endpoint=/pay]", "error-rate [tenant=acme,endpoint=/pay] #2",
            "Deployment/shop/checkout [envoy]", "Deployment/shop/checkout [app]", "terraform_data.a", "terraform_data.a #2", "terraform_data.b",
        ]);
        CountsMatchCases(junit);
    }
}
