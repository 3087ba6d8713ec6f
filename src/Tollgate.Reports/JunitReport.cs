using System.Text;
using System.Xml;
using Tollgate.Domain.Reports;

namespace Tollgate.Reports;

/// <summary>
/// JUnit XML for CI test tabs: one suite per report, one failed case per finding (or one passing case), with the
/// declaring file and line as <c>file</c> and <c>line</c> when the finding knows them.
/// </summary>
public static class JunitReport
{
    public static string Render(Report report)
    {
        var output = new StringBuilder();
        using (var w = XmlWriter.Create(output, new XmlWriterSettings { Indent = true, OmitXmlDeclaration = false, Encoding = Encoding.UTF8 }))
        {
            var failures = report.Findings.Count(f => f.Suppression is null);
            var tests = Math.Max(1, report.Findings.Count);
            w.WriteStartElement("testsuites");
            w.WriteAttributeString("name", "tollgate");
            w.WriteAttributeString("tests", tests.ToString(System.Globalization.CultureInfo.InvariantCulture));
            w.WriteAttributeString("failures", failures.ToString(System.Globalization.CultureInfo.InvariantCulture));
            w.WriteStartElement("testsuite");
            w.WriteAttributeString("name", $"tollgate.{report.Kind}");
            w.WriteAttributeString("tests", tests.ToString(System.Globalization.CultureInfo.InvariantCulture));
            w.WriteAttributeString("failures", failures.ToString(System.Globalization.CultureInfo.InvariantCulture));
            w.WriteStartElement("properties");
            Property(w, "verdict", report.Verdict.ToString().ToLowerInvariant());
            Property(w, "digest", report.Digest);
            Property(w, "subject", report.Subject);
            w.WriteEndElement();
            if (failures == 0)
            {
                w.WriteStartElement("testcase");
                w.WriteAttributeString("classname", $"tollgate.{report.Kind}");
                w.WriteAttributeString("name", report.Subject);
                w.WriteEndElement();
            }

            foreach (var finding in report.Findings)
            {
                w.WriteStartElement("testcase");
                w.WriteAttributeString("classname", $"tollgate.{finding.Rule}");
                w.WriteAttributeString("name", finding.Address);
                if (finding.Location is { } at)
                {
                    w.WriteAttributeString("file", at.File);
                    w.WriteAttributeString("line", at.Line.ToString(System.Globalization.CultureInfo.InvariantCulture));
                }

                if (finding.Suppression is { } suppression)
                {
                    w.WriteStartElement("skipped");
                    w.WriteAttributeString("message", "excepted: " + PolicyText.Describe(suppression));
                    w.WriteEndElement();
                    w.WriteEndElement();
                    continue;
                }

                w.WriteStartElement("failure");
                w.WriteAttributeString("type", finding.Severity.ToString().ToLowerInvariant());
                w.WriteAttributeString("message", finding.Message);
                w.WriteString(finding.Suggestion is null ? finding.Message : finding.Message + "\n" + finding.Suggestion);
                w.WriteEndElement();
                w.WriteEndElement();
            }

            w.WriteEndElement();
            w.WriteEndElement();
        }

        return output.ToString().Replace("encoding=\"utf-16\"", "encoding=\"utf-8\"", StringComparison.Ordinal) + "\n";
    }

    private static void Property(XmlWriter w, string name, string value)
    {
        w.WriteStartElement("property");
        w.WriteAttributeString("name", name);
        w.WriteAttributeString("value", value);
        w.WriteEndElement();
    }
}
