using System.Text.Json.Nodes;
using Tollgate.Domain;
using Tollgate.Kubernetes.Manifests;

namespace Tollgate.Kubernetes.Tests.Manifests;

public sealed class YamlDocumentsTests
{
    private static readonly System.Text.Json.JsonSerializerOptions AsWritten = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static IReadOnlyList<ManifestDocument> Read(string yaml) => YamlDocuments.Read(new ManifestText("m.yaml", yaml));

    [Fact]
    public void Read_MultiDocumentWithEmptyOnes_KeepsEachDocumentsLine()
    {
        var documents = Read("---\n---\n# only a comment\n---\nkind: A\n---\n\nkind: B\nlist:\n  - x: 1\n");

        documents.Count.ShouldBe(2);
        documents[0].Line.ShouldBe(5);
        documents[1].Line.ShouldBe(8);
        var item = documents[1].Root!["list"]![0]!;
        documents[1].LineOf(item).ShouldBe(10);
    }

    [Fact]
    public void Read_Nodes_SpanFromTheirStartToJustAfterTheirLastCharacter()
    {
        var document = Read("a: plain  # note\nb: {p: 1, q: [2, 3]}\nc:\n  - &n 'quoted'\n  - d: *n\n\n# after\n")[0];
        var root = document.Root!;

        (document.SpanOf(root["a"])! with { Column = 0 }).ShouldBe(new NodeSpan(1, 1, 9), "a plain scalar ends before the space and comment");
        (document.SpanOf(root["b"])! with { Column = 0 }).ShouldBe(new NodeSpan(2, 2, 21), "a flow mapping ends after its brace");
        (document.SpanOf(root["b"]!["q"])! with { Column = 0 }).ShouldBe(new NodeSpan(2, 2, 20), "a flow sequence ends after its bracket");
        (document.SpanOf(root["c"]![0])! with { Column = 0 }).ShouldBe(new NodeSpan(4, 4, 16), "a quoted scalar ends after its quote");
        (document.SpanOf(root["c"]![1]!["d"])! with { Column = 0 }).ShouldBe(new NodeSpan(5, 5, 10), "an alias's value spans the alias");
        (document.SpanOf(root["c"])! with { Column = 0 }).ShouldBe(new NodeSpan(4, 5, 10), "a block sequence ends with its last value, not at the comment below");
        (document.SpanOf(root)! with { Column = 0 }).ShouldBe(new NodeSpan(1, 5, 10));
        new[] { root["a"], root["b"], root["b"]!["q"], root }.Select(n => document.SpanOf(n)!.Column).ShouldBe([4, 4, 14, 1], "where each starts");
        document.LineOf(root["c"]![1]).ShouldBe(5);
    }

    [Fact]
    public void Read_NumbersAndBooleans_KeepTheTextAsWritten()
    {
        var document = Read("a: 1.0\nb: yes\nc: 0x1F\nd: \"1.0\"\ne: text\nf: &n 2.50\ng: *n\n")[0];
        var root = document.Root!;

        root["a"]!.ToJsonString().ShouldBe("1");
        document.WrittenAs(root["a"]).ShouldBe("1.0");
        document.WrittenAs(root["b"]).ShouldBe("yes");
        document.WrittenAs(root["c"]).ShouldBe("0x1F");
        document.WrittenAs(root["d"]).ShouldBeNull();
        document.WrittenAs(root["e"]).ShouldBeNull();
        document.WrittenAs(root["f"]).ShouldBe("2.50");
        document.WrittenAs(document.Copy(root["f"]!, [])).ShouldBe("2.50");
    }

    [Fact]
    public void Read_HelmOutput_EachDocumentKeepsItsSourceComment()
    {
        var documents = Read("---\n# Source: app/templates/a.yaml\nkind: A\n---\nkind: NoSource\n---\n# Source: app/templates/b.yaml\nkind: B\n");

        documents.Select(d => d.HelmSource).ShouldBe(["app/templates/a.yaml", null, "app/templates/b.yaml"]);
    }

    [Theory]
    [InlineData("v: 3", "3")]
    [InlineData("v: 0x1F", "31")]
    [InlineData("v: 0o17", "15")]
    [InlineData("v: 1.5", "1.5")]
    [InlineData("v: true", "true")]
    [InlineData("v: \"3\"", "\"3\"")]
    [InlineData("v: '1.5'", "\"1.5\"")]
    [InlineData("v: !!str 3", "\"3\"")]
    [InlineData("v: yes", "true")]
    [InlineData("v: Off", "false")]
    [InlineData("v: n", "false")]
    [InlineData("v: \"yes\"", "\"yes\"")]
    [InlineData("v: yess", "\"yess\"")]
    [InlineData("v: 0644", "420")]
    [InlineData("v: \"0644\"", "\"0644\"")]
    [InlineData("v: !!int \"0644\"", "420")]
    [InlineData("v: 0689", "689")]
    [InlineData("v: 1_000", "1000")]
    [InlineData("v: 0xFFFFFFFFFFFFFFFF", "18446744073709551615")]
    [InlineData("v: '.inf'", "\".inf\"")]
    [InlineData("v: 25%", "\"25%\"")]
    [InlineData("v: ~", "null")]
    [InlineData("v: !!binary aGVsbG8=", "\"hello\"")]
    [InlineData("v: !!binary |\n  aGVs\n  bG8=", "\"hello\"")]
    [InlineData("v: !!binary \"/w==\"", "\"\\uFFFD\"")]
    [InlineData("v: !!timestamp 2001-12-14", "\"2001-12-14\"")]
    [InlineData("v: 2001-12-14t21:59:43.10-05:00", "\"2001-12-14t21:59:43.10-05:00\"")]
    [InlineData("v: !!map abc", "\"abc\"")]
    [InlineData("v: !!seq {a: 1}", "{\"a\":1}")]
    [InlineData("v: !!str [1]", "[1]")]
    [InlineData("v: !custom 0644", "\"0644\"")]
    public void Read_Scalars_TypedAsKubectlTypesThem(string yaml, string json)
    {
        var root = (JsonObject)Read(yaml)[0].Root!;

        (root["v"]?.ToJsonString() ?? "null").ShouldBe(json);
    }

    [Theory]
    [InlineData("v: .inf", "1:4: .inf is YAML 1.1's infinity, which JSON has no number for: kubectl apply stops at this document and applies only those above it in the file (error converting YAML to JSON: json: unsupported value: +Inf); quote it ('.inf') if the text is meant")]
    [InlineData("a: 1\nv: [-.Inf]", "2:5: -.Inf is YAML 1.1's infinity, which JSON has no number for: kubectl apply stops at this document and applies only those above it in the file (error converting YAML to JSON: json: unsupported value: -Inf); quote it ('-.Inf') if the text is meant")]
    [InlineData("v: .NaN", "1:4: .NaN is YAML 1.1's not-a-number, which JSON has no number for: kubectl apply stops at this document and applies only those above it in the file (error converting YAML to JSON: json: unsupported value: NaN); quote it ('.NaN') if the text is meant")]
    [InlineData("v: !!int abc", "1:4: abc is not a !!int: kubectl apply stops at this document and applies only those above it in the file (error converting YAML to JSON: yaml: cannot decode !!str `abc` as a !!int); write a value the !!int tag fits, or drop the tag")]
    [InlineData("v: !!bool 1", "1:4: 1 is not a !!bool: kubectl apply stops at this document and applies only those above it in the file (error converting YAML to JSON: yaml: cannot decode !!int `1` as a !!bool); write a value the !!bool tag fits, or drop the tag")]
    [InlineData("a: 1\nv: !!timestamp 2001-02-29", "2:4: 2001-02-29 is not a !!timestamp: kubectl apply stops at this document and applies only those above it in the file (error converting YAML to JSON: yaml: cannot decode !!str `2001-02-29` as a !!timestamp); write a date (2001-12-14) or a date and time (2001-12-14T21:59:43.10-05:00, 2001-12-14 21:59:43.10), or drop the !!timestamp tag")]
    [InlineData("v:\n  - !!binary super-secret", "2:5: the !!binary value is not base64: kubectl apply stops at this document and applies only those above it in the file (error converting YAML to JSON: yaml: !!binary value contains invalid base64 data); write the bytes as base64, padded with = (line breaks are skipped), or drop the !!binary tag to keep the text")]
    [InlineData("!!binary aGVsbG8: v", "1:1: the !!binary value is not base64: kubectl apply stops at this document and applies only those above it in the file (error converting YAML to JSON: yaml: !!binary value contains invalid base64 data); write the bytes as base64, padded with = (line breaks are skipped), or drop the !!binary tag to keep the text")]
    public void Read_ScalarKubectlCannotSend_OneLineNamingFileLineAndColumn(string yaml, string message)
    {
        var e = Should.Throw<InvalidInputException>(() => Read(yaml));

        e.Message.ShouldBe($"m.yaml:{message}");
    }

    /// <summary>sigs.k8s.io/yaml writes a key go-yaml read as a boolean or a number as text: a float as Go's FormatFloat(key, 'g', -1, 32).</summary>
    [Theory]
    [InlineData("yes: a", "true")]
    [InlineData("Off: a", "false")]
    [InlineData("0644: a", "420")]
    [InlineData("0x1F: a", "31")]
    [InlineData("123456789: a", "123456789")]
    [InlineData("1.50: a", "1.5")]
    [InlineData("1.23456789: a", "1.2345679")]
    [InlineData("100000.0: a", "100000")]
    [InlineData("1e6: a", "1e+06")]
    [InlineData("1234567.0: a", "1.234567e+06")]
    [InlineData("0.0001: a", "0.0001")]
    [InlineData("0.00001: a", "1e-05")]
    [InlineData("-2.5: a", "-2.5")]
    [InlineData(".inf: a", ".inf")]
    [InlineData("1e39: a", ".inf")]
    [InlineData("'yes': a", "yes")]
    [InlineData("\"0644\": a", "0644")]
    [InlineData("!!str 1.0: a", "1.0")]
    [InlineData("text: a", "text")]
    [InlineData("!!binary aGVsbG8=: a", "hello")]
    [InlineData("2001-12-14: a", "2001-12-14")]
    [InlineData("!!timestamp 2001-12-14: a", "2001-12-14")]
    public void Read_Keys_AsTheJsonKeysKubectlSends(string yaml, string key)
    {
        var root = (JsonObject)Read(yaml)[0].Root!;

        root.Select(p => p.Key).ShouldBe([key]);
    }

    [Theory]
    [InlineData("~: a", "1:1: the key ~ is null to kubectl's YAML reader, which no JSON key is made of: kubectl apply stops at this document and applies only those above it in the file (error converting YAML to JSON: unsupported map key of type: <nil>); quote it ('~') if the text is meant")]
    [InlineData("a: 1\nb:\n  18446744073709551615: x", "3:3: the key 18446744073709551615 is a uint64 to kubectl's YAML reader, which no JSON key is made of: kubectl apply stops at this document and applies only those above it in the file (error converting YAML to JSON: unsupported map key of type: uint64); quote it ('18446744073709551615') if the text is meant")]
    [InlineData("1: a\n\"1\": b", "2:1: not valid YAML: key '1' is already defined in this mapping")]
    public void Read_KeyKubectlCannotSend_OneLineNamingFileLineAndColumn(string yaml, string message)
    {
        var e = Should.Throw<InvalidInputException>(() => Read(yaml));

        e.Message.ShouldBe($"m.yaml:{message}");
    }

    [Fact]
    public void Read_AliasAndMergeKey_KeepTheTextAsWrittenAndTheLines()
    {
        var document = Read("base: &base\n  mode: 0644\n  flag: yes\nmerged:\n  <<: *base\ncopy: *base\nversion: &v 1.0\nagain:\n  - *v\n")[0];
        var root = document.Root!;

        foreach (var copy in new[] { root["merged"]!, root["copy"]! })
        {
            copy["mode"]!.ToJsonString().ShouldBe("420");
            document.WrittenAs(copy["mode"]).ShouldBe("0644");
            document.WrittenAs(copy["flag"]).ShouldBe("yes");
            document.LineOf(copy["mode"]).ShouldBe(2);
        }

        document.LineOf(root["copy"]).ShouldBe(6);
        document.WrittenAs(root["again"]![0]).ShouldBe("1.0");
        document.LineOf(root["again"]![0]).ShouldBe(9);
    }

    [Fact]
    public void Read_AnchorsAliasesAndMergeKeys_Resolved()
    {
        var root = Read("base: &base {a: 1, b: 2}\nmerged:\n  <<: *base\n  b: 3\ncopy: *base\n")[0].Root!;

        root["merged"]!.ToJsonString().ShouldBe("""{"a":1,"b":3}""");
        root["copy"]!.ToJsonString().ShouldBe("""{"a":1,"b":2}""");
    }

    /// <summary>go-yaml v2's isMerge: the text &lt;&lt;, plain and untagged, under the non-specific !, or tagged !!merge in any style.</summary>
    [Theory]
    [InlineData("m:\n  !!merge <<: *base\n")]
    [InlineData("m:\n  !!merge \"<<\": *base\n")]
    [InlineData("m:\n  !<tag:yaml.org,2002:merge> '<<': *base\n")]
    [InlineData("m:\n  ! \"<<\": *base\n")]
    [InlineData("m: {!!merge <<: [*base]}\n")]
    public void Read_TaggedMergeKey_MergedAsKubectlMergesIt(string yaml)
    {
        var root = Read("base: &base {a: 1, mode: 0644}\n" + yaml)[0].Root!;

        root["m"]!.ToJsonString().ShouldBe("""{"a":1,"mode":420}""");
    }

    /// <summary>Not the merge key to go-yaml v2: a quoted &lt;&lt;, a &lt;&lt; under another tag, !!merge on other text.</summary>
    [Theory]
    [InlineData("m:\n  \"<<\": *base\n", """{"<<":{"a":1}}""")]
    [InlineData("m:\n  !!str <<: x\n", """{"<<":"x"}""")]
    [InlineData("m:\n  !custom <<: *base\n", """{"<<":{"a":1}}""")]
    [InlineData("m:\n  !!merge base: *base\n", """{"base":{"a":1}}""")]
    [InlineData("m: !!merge <<\n", "\"<<\"")]
    public void Read_NotTheMergeKey_AKeyLikeAnyOther(string yaml, string json)
    {
        var root = Read("base: &base {a: 1}\n" + yaml)[0].Root!;

        root["m"]!.ToJsonString(AsWritten).ShouldBe(json);
    }

    /// <summary>
    /// go-yaml v2 decodes a merged mapping into the map being built, where the merge key is: it replaces the keys set
    /// before it, a key after it replaces the merged one, and in a list the first mapping wins.
    /// </summary>
    [Theory]
    [InlineData("a: 1\n<<: {a: 2, b: 2}\n", """{"a":2,"b":2}""")]
    [InlineData("<<: {a: 2, b: 2}\na: 1\n", """{"a":1,"b":2}""")]
    [InlineData("<<: [{a: 1}, {a: 2, b: 2}]\n", """{"a":1,"b":2}""")]
    [InlineData("a: 1\n<<: {a: 2}\n<<: {a: 3}\n", """{"a":3}""")]
    [InlineData("<<: []\na: 1\n", """{"a":1}""")]
    public void Read_MergeKey_AppliedWhereWrittenAsGoYamlV2Does(string yaml, string json)
    {
        var root = Read(yaml)[0].Root!;

        root.ToJsonString().ShouldBe(json);
    }

    [Theory]
    [InlineData("a: 1\n<<: ~\n", "2:5: the << merge key merges null")]
    [InlineData("n: &n 3\nm:\n  !!merge <<: [{a: 1}, *n]\n", "3:15: the << merge key merges a scalar in its list")]
    [InlineData("m:\n  <<: [[{a: 1}]]\n", "2:7: the << merge key merges a list in its list")]
    public void Read_MergeKeyOfNoMapping_KubectlStopsThere(string yaml, string found)
    {
        var e = Should.Throw<InvalidInputException>(() => Read(yaml));

        e.Message.ShouldBe($"m.yaml:{found}, where it takes a mapping or a list of mappings: kubectl apply stops at this document and applies only those above it in the file (error converting YAML to JSON: yaml: map merge requires map or sequence of maps as the value); merge a mapping (<<: *base), or quote the key ('<<') to keep it as a key");
    }

    [Fact]
    public void Read_KeyWrittenTwiceAroundAMerge_StillAnError()
    {
        var e = Should.Throw<InvalidInputException>(() => Read("a: 1\n<<: {b: 2}\na: 3\n"));

        e.Message.ShouldStartWith("m.yaml:3:1: not valid YAML: key 'a' is already defined");
    }

    [Fact]
    public void Read_RepeatedKey_IsAnErrorWithItsLine()
    {
        var e = Should.Throw<InvalidInputException>(() => Read("spec:\n  replicas: 1\n  replicas: 2\n"));

        e.Message.ShouldStartWith("m.yaml:3:");
        e.Message.ShouldContain("'replicas' is already defined");
    }

    /// <summary>The same broken texts as the policy's and the canary spec's tests: the three loaders word them alike.</summary>
    [Theory]
    [InlineData("metadata:\n  name: web\n  app: x: y\n", "3:9: not valid YAML: While scanning a plain scalar value, found invalid mapping")]
    [InlineData("metadata:\n  labels: {app: web\n", "3:1: not valid YAML: While parsing a flow mapping, did not find expected ',' or '}'")]
    [InlineData("metadata:\n  name: 'web\n", "2:9: not valid YAML: While scanning a quoted scalar, found unexpected end of stream")]
    [InlineData("metadata:\n  annotations:\n    owner: @payments\n", "3:12: not valid YAML: While scanning for the next token, found character that cannot start any token; a value starting with @ must be quoted ('@…')")]
    [InlineData("apiVersion: apps/v1\nkind: Deployment\nmetadata:\n\tname: t\n", "4:1: not valid YAML: a tab indents this line (YAML indents with spaces)")]
    [InlineData("kind: A\n---\nmetadata:\n  labels:\n\t  app: web\n", "5:1: not valid YAML: a tab indents this line (YAML indents with spaces)")]
    [InlineData("command: `date`\n", "1:10: not valid YAML: While scanning for the next token, found character that cannot start any token; a value starting with ` must be quoted ('`…')")]
    public void Read_BrokenYaml_OneLineNamingFileLineAndColumn(string yaml, string message)
    {
        var e = Should.Throw<InvalidInputException>(() => Read(yaml));

        e.Message.ShouldBe($"m.yaml:{message}");
    }

    [Fact]
    public void Read_BrokenSecondDocument_ItsOwnLine()
    {
        var e = Should.Throw<InvalidInputException>(() => Read("kind: A\nmetadata:\n  name: a\n---\nkind: B\nmetadata:\n  name: [unclosed\n"));

        e.Message.ShouldBe("m.yaml:8:1: not valid YAML: While parsing a flow sequence, did not find expected ',' or ']'");
    }

    [Fact]
    public void Read_NestedDeeperThanTheLimit_RefusedWithoutExhaustingTheStack()
    {
        var deep = new string('[', 100_000) + new string(']', 100_000);

        var e = Should.Throw<InvalidInputException>(() => Read("v: " + deep));

        e.Message.ShouldContain($"nested deeper than {YamlDocuments.MaxDepth} levels");
        e.Message.ShouldStartWith("m.yaml:1:");
    }

    [Fact]
    public void Read_AliasBomb_RefusedBeforeExpanding()
    {
        var lines = new List<string> { "a0: &a0 [x, x, x, x, x, x, x, x, x, x]" };
        for (var i = 1; i < 10; i++)
        {
            lines.Add($"a{i}: &a{i} [" + string.Join(", ", Enumerable.Repeat($"*a{i - 1}", 10)) + "]");
        }

        var e = Should.Throw<InvalidInputException>(() => Read(string.Join("\n", lines)));

        e.Message.ShouldContain("aliases expanded");
    }

    [Fact]
    public void Read_AliasesNestedThroughEachOther_CopiedWithoutExhaustingTheStack()
    {
        // Each anchor holds the one before it 250 lists deeper: the copies nest far deeper than the text does.
        var text = new System.Text.StringBuilder("a0: &a0 1\n");
        for (var i = 1; i <= 40; i++)
        {
            text.Append($"a{i}: &a{i} {new string('[', 250)}*a{i - 1}{new string(']', 250)}\n");
        }

        var root = Read(text.ToString())[0].Root!;

        var depth = 0;
        for (var node = root["a40"]; node is System.Text.Json.Nodes.JsonArray list; node = list[0])
        {
            depth++;
        }

        depth.ShouldBe(40 * 250);
    }

    [Fact]
    public void Read_UndefinedAlias_IsAnError()
    {
        Should.Throw<InvalidInputException>(() => Read("a: *nowhere\n")).Message.ShouldContain("not valid YAML");
    }
}
