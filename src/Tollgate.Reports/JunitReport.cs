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
        var output = new StringBuilder();
        using (var w = XmlWriter.Create(output, new XmlWriterSettings { Indent = true, OmitXmlDeclaration = false, Encoding = Encoding.UTF8 }))
        {
            w.WriteStartElement("testsuites");
            w.WriteAttributeString("name", "tollgate");
            Counts(w, tests, failures, skipped);
            w.WriteStartElement("testsuite");
            w.WriteAttributeString("name", $"tollgate.{report.Kind}");
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

            foreach (var finding in report.Findings)
            {
                WriteFindingCase(w, finding, report.Blocking.Contains(finding));
            }

            if (report.Notes.Count > 0)
            {
                w.WriteElementString("system-out", string.Join("\n", report.Notes.Select(note => "note: " + note)));
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
        w.WriteAttributeString("classname", $"tollgate.{report.Kind}");
        w.WriteAttributeString("name", report.Subject);
        var word = verdict.ToString().ToLowerInvariant();
        if (verdict is Verdict.Fail or Verdict.Review)
        {
            w.WriteStartElement("failure");
            w.WriteAttributeString("type", word);
            w.WriteAttributeString("message", report.Reason);
            w.WriteString(report.Reason);
            w.WriteEndElement();
        }
        else if (verdict is Verdict.Hold)
        {
            w.WriteStartElement("skipped");
            w.WriteAttributeString("message", $"{word}: {report.Reason}");
            w.WriteEndElement();
        }

        w.WriteEndElement();
    }

    private static void WriteFindingCase(XmlWriter w, Finding finding, bool blocking)
    {
        w.WriteStartElement("testcase");
        w.WriteAttributeString("classname", $"tollgate.{finding.Rule}");
        w.WriteAttributeString("name", finding.Address);
        if (finding.Location is { } at)
        {
            w.WriteAttributeString("file", at.File);
            w.WriteAttributeString("line", at.Line.ToString(CultureInfo.InvariantCulture));
        }

        var detail = finding.Suggestion is null ? finding.Message : finding.Message + "\n" + finding.Suggestion;
        if (finding.Suppression is { } suppression)
        {
            w.WriteStartElement("skipped");
            w.WriteAttributeString("message", "excepted: " + PolicyText.Describe(suppression));
            w.WriteEndElement();
        }
        else if (blocking)
        {
            w.WriteStartElement("failure");
            w.WriteAttributeString("type", finding.Severity.WireName());
            w.WriteAttributeString("message", finding.Message);
            w.WriteString(detail);
            w.WriteEndElement();
        }
        else
        {
            w.WriteElementString("system-out", $"{finding.Severity.WireName()}: {detail}");
        }

        w.WriteEndElement();
    }

    private static void Counts(XmlWriter w, int tests, int failures, int skipped)
    {
        w.WriteAttributeString("tests", tests.ToString(CultureInfo.InvariantCulture));
        w.WriteAttributeString("failures", failures.ToString(CultureInfo.InvariantCulture));
        w.WriteAttributeString("skipped", skipped.ToString(CultureInfo.InvariantCulture));
    }

    private static void Property(XmlWriter w, string name, string value)
    {
        w.WriteStartElement("property");
        w.WriteAttributeString("name", name);
        w.WriteAttributeString("value", value);
        w.WriteEndElement();
    }
}
