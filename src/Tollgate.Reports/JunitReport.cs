using System.Globalization;
using System.Text;
using System.Xml;
using Tollgate.Domain.Findings;
using Tollgate.Domain.Reports;
using Tollgate.Domain.Verdicts;

namespace Tollgate.Reports;

/// <summary>
/// JUnit XML for CI test tabs: one suite per report, one case per finding, with the declaring file and line as
/// <c>file</c> and <c>line</c> when the finding knows them. A case fails only for a finding that blocks the verdict
/// (<see cref="Report.Blocking"/>); an excepted finding is <c>skipped</c>; any other (<c>info</c>, below
/// <c>failOn</c>, an approved review) passes with its detail in <c>system-out</c>, so a test tab is red exactly when
/// the gate blocks. One more case, named after the subject, stands for the verdict when there is no finding, or when
/// the verdict is not <c>pass</c> and no finding blocks it (a failed drill, a hold): it fails on <c>fail</c> and
/// <c>review</c> and is skipped on <c>hold</c>. The suite's counts are those of its cases. The report's notes (an
/// expired policy exception) are the suite's <c>note</c> properties and, one <c>note:</c> line each, its
/// <c>system-out</c>, after the cases as the JUnit schema orders them.
/// A case's <c>classname</c> and <c>name</c> are unique in its suite: GitLab keys a case by both and keeps only the last
/// of two that share them, so findings of one rule about one address (a feature drifting in two slices, two containers
/// of a Deployment) are told apart by their slice or container, else by <c>#2</c>, <c>#3</c>. Text XML cannot carry (a
/// control character from a scanner or a Prometheus label) is shown as <c>\u0001</c> (<see cref="XmlText"/>).
/// Suites carry <c>errors</c> (always 0: a gate's cases fail or are skipped) and <c>time</c> (0: findings are not
/// timed), which strict readers require.
/// </summary>
/// <remarks>
/// GitLab reads a case's status from its <c>failure</c>, <c>error</c> or <c>skipped</c> element alone, and shows the
/// text of that element; a passing case shows no text
/// (https://github.com/gitlabhq/gitlabhq/blob/master/lib/gitlab/ci/parsers/test/junit.rb). Jenkins' JUnit plugin
/// keeps a case's own <c>system-out</c> as its standard output, passing or not
/// (https://github.com/jenkinsci/junit-plugin/blob/master/src/main/java/hudson/tasks/junit/CaseResult.java).
/// </remarks>
public static class JunitReport
{
    public static string Render(Report report)
    {
        var verdictCase = VerdictCase(report);
        var failures = report.Findings.Count(report.Blocking.Contains) + (verdictCase is Verdict.Fail or Verdict.Review ? 1 : 0);
        var skipped = report.Findings.Count(f => f.Suppression is not null) + (verdictCase is Verdict.Hold ? 1 : 0);
        var tests = report.Findings.Count + (verdictCase is null ? 0 : 1);
        var names = CaseNames(report);
        var output = new StringBuilder();
        using (var w = XmlWriter.Create(output, new XmlWriterSettings { Indent = true, OmitXmlDeclaration = false, Encoding = Encoding.UTF8 }))
        {
            w.WriteStartElement("testsuites");
            w.WriteAttributeString("name", "tollgate");
            Counts(w, tests, failures, skipped: null);
            w.WriteStartElement("testsuite");
            Attribute(w, "name", $"tollgate.{report.Kind}");
            Counts(w, tests, failures, skipped);
            w.WriteStartElement("properties");
            Property(w, "verdict", report.Verdict.ToString().ToLowerInvariant());
            Property(w, "digest", report.Digest);
            Property(w, "subject", report.Subject);
            foreach (var note in report.Notes)
            {
                Property(w, "note", note);
            }

            w.WriteEndElement();
            if (verdictCase is { } verdict)
            {
                WriteVerdictCase(w, report, verdict);
            }

            for (var i = 0; i < report.Findings.Count; i++)
            {
                WriteFindingCase(w, report.Findings[i], names[i], report.Blocking.Contains(report.Findings[i]));
            }

            if (report.Notes.Count > 0)
            {
                w.WriteElementString("system-out", XmlText.Clean(string.Join("\n", report.Notes.Select(note => "note: " + note))));
            }

            w.WriteEndElement();
            w.WriteEndElement();
        }

        return output.ToString().Replace("encoding=\"utf-16\"", "encoding=\"utf-8\"", StringComparison.Ordinal) + "\n";
    }

    /// <summary>The verdict a case for the subject stands for, or null when the findings' cases already show it.</summary>
    private static Verdict? VerdictCase(Report report) =>
        report.Findings.Count == 0 || (report.Verdict != Verdict.Pass && !report.Findings.Any(report.Blocking.Contains))
            ? report.Verdict
            : null;

    private static void WriteVerdictCase(XmlWriter w, Report report, Verdict verdict)
    {
        w.WriteStartElement("testcase");
        Attribute(w, "classname", $"tollgate.{report.Kind}");
        Attribute(w, "name", report.Subject);
        w.WriteAttributeString("time", "0");
        var word = verdict.ToString().ToLowerInvariant();
        if (verdict is Verdict.Fail or Verdict.Review)
        {
            w.WriteStartElement("failure");
            w.WriteAttributeString("type", word);
            Attribute(w, "message", report.Reason);
            w.WriteString(XmlText.Clean(report.Reason));
            w.WriteEndElement();
        }
        else if (verdict is Verdict.Hold)
        {
            w.WriteStartElement("skipped");
            Attribute(w, "message", $"{word}: {report.Reason}");
            w.WriteEndElement();
        }

        w.WriteEndElement();
    }

    private static void WriteFindingCase(XmlWriter w, Finding finding, string name, bool blocking)
    {
        w.WriteStartElement("testcase");
        Attribute(w, "classname", $"tollgate.{finding.Rule}");
        Attribute(w, "name", name);
        w.WriteAttributeString("time", "0");
        if (finding.Location is { } at)
        {
            Attribute(w, "file", at.File);
            w.WriteAttributeString("line", at.Line.ToString(CultureInfo.InvariantCulture));
        }

        var detail = finding.Suggestion is null ? finding.Message : finding.Message + "\n" + finding.Suggestion;
        if (finding.Suppression is { } suppression)
        {
            w.WriteStartElement("skipped");
            Attribute(w, "message", "excepted: " + PolicyText.Describe(suppression));
            w.WriteEndElement();
        }
        else if (blocking)
        {
            w.WriteStartElement("failure");
            w.WriteAttributeString("type", finding.Severity.WireName());
            Attribute(w, "message", finding.Message);
            w.WriteString(XmlText.Clean(detail));
            w.WriteEndElement();
        }
        else
        {
            w.WriteElementString("system-out", XmlText.Clean($"{finding.Severity.WireName()}: {detail}"));
        }

        w.WriteEndElement();
    }

    /// <summary>
    /// Each finding's case name, unique with its classname: the address, then for a pair that repeats the finding's
    /// slice or container (<c>income [region=eu]</c>), then <c>#2</c>, <c>#3</c>… for what still repeats.
    /// </summary>
    private static List<string> CaseNames(Report report)
    {
        var repeated = report.Findings.CountBy(f => (f.Rule, f.Address)).Where(kv => kv.Value > 1).Select(kv => kv.Key).ToHashSet();
        var seen = new Dictionary<(string, string), int>();
        if (VerdictCase(report) is not null)
        {
            seen[(report.Kind, report.Subject)] = 1;
        }

        var names = new List<string>(report.Findings.Count);
        foreach (var finding in report.Findings)
        {
            var name = repeated.Contains((finding.Rule, finding.Address)) && Qualifier(finding) is { } qualifier ? $"{finding.Address} [{qualifier}]" : finding.Address;
            var count = seen[(finding.Rule, name)] = seen.GetValueOrDefault((finding.Rule, name)) + 1;
            names.Add(count == 1 ? name : $"{name} #{count}");
        }

        return names;
    }

    private static string? Qualifier(Finding finding) =>
        (finding.Evidence.GetValueOrDefault("slice") ?? finding.Evidence.GetValueOrDefault("container")) switch
        {
            string text when text.Length > 0 => text,
            IReadOnlyDictionary<string, object?> labels when labels.Count > 0 => string.Join(",", labels.Select(kv => $"{kv.Key}={kv.Value}")),
            _ => null,
        };

    private static void Counts(XmlWriter w, int tests, int failures, int? skipped)
    {
        w.WriteAttributeString("tests", tests.ToString(CultureInfo.InvariantCulture));
        w.WriteAttributeString("failures", failures.ToString(CultureInfo.InvariantCulture));
        w.WriteAttributeString("errors", "0");
        if (skipped is { } count)
        {
            w.WriteAttributeString("skipped", count.ToString(CultureInfo.InvariantCulture));
        }

        w.WriteAttributeString("time", "0");
    }

    private static void Property(XmlWriter w, string name, string value)
    {
        w.WriteStartElement("property");
        w.WriteAttributeString("name", name);
        Attribute(w, "value", value);
        w.WriteEndElement();
    }

    private static void Attribute(XmlWriter w, string name, string value) => w.WriteAttributeString(name, XmlText.Clean(value));
}
