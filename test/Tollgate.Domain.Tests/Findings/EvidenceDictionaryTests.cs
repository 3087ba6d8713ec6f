using System.Text;
using Tollgate.Domain.Findings;
using Tollgate.Domain.Reports;
using Tollgate.Domain.Verdicts;

namespace Tollgate.Domain.Tests.Findings;

/// <summary>Evidence with the rule's shared field names: reads and writes as the dictionary it replaces.</summary>
public sealed class EvidenceDictionaryTests
{
    private static readonly string[] Fields = ["actions", "actionReason", "deposed", "type"];

    [Fact]
    public void Lookup_FieldsInOrder_ReadLikeADictionary()
    {
        var evidence = new EvidenceDictionary(Fields, new[] { "delete" }, "delete_because_no_resource_config", null, "aws_s3_bucket");

        evidence.Count.ShouldBe(4);
        evidence.Keys.ShouldBe(Fields);
        evidence["type"].ShouldBe("aws_s3_bucket");
        evidence.ContainsKey("deposed").ShouldBeTrue();
        evidence.TryGetValue("deposed", out var deposed).ShouldBeTrue();
        deposed.ShouldBeNull();
        evidence.TryGetValue("Type", out _).ShouldBeFalse();
        Should.Throw<KeyNotFoundException>(() => evidence["missing"]);
        evidence.Select(kv => kv.Key).ShouldBe(Fields);
    }

    [Fact]
    public void Constructor_ValuesDoNotMatchFields_Throws()
    {
        Should.Throw<ArgumentException>(() => new EvidenceDictionary(Fields, "only one"));
    }

    [Fact]
    public void ReportJson_SameFieldsAsADictionary_SameBytes()
    {
        var values = new object?[] { new[] { "delete", "create" }, null, "0a1b", "aws_s3_bucket" };
        var asDictionary = new Dictionary<string, object?>();
        for (var i = 0; i < Fields.Length; i++)
        {
            asDictionary[Fields[i]] = values[i];
        }

        string Written(IReadOnlyDictionary<string, object?> evidence)
        {
            var finding = new Finding("destroy", Severity.High, "aws_s3_bucket.logs", "aws_s3_bucket.logs is destroyed") { Evidence = evidence };
            var report = new Report("terraform-plan", "plan.json", "sha256:ab", Verdict.Review, [new("delete", 1)], [finding]);
            return Encoding.UTF8.GetString(ReportJson.ToUtf8(report));
        }

        var written = Written(new EvidenceDictionary(Fields, values));

        written.ShouldBe(Written(asDictionary));
        written.ShouldContain("\"deposed\": \"0a1b\"");
    }
}
