using Tollgate.Domain.Findings;
using Tollgate.Kubernetes.Rules;

namespace Tollgate.Kubernetes.Tests.Rules;

/// <summary>
/// ConfigMaps and Secrets as teams write them (<c>Fixtures/config.yaml</c>): their <c>data</c>, <c>binaryData</c> and
/// <c>stringData</c> are maps of strings, and the API server's decoder refuses a number or a boolean there (<c>PORT:
/// 8080</c>: cannot unmarshal number into Go struct field ConfigMap.data of type string), the most common reason a
/// ConfigMap does not apply. Each is one critical <c>k8s/invalid-manifest</c> finding naming the text to quote; a
/// misspelt field (<c>datas</c>) and a quoted <c>immutable</c> are found as on any checked kind.
/// </summary>
public sealed class ConfigObjectTests
{
    [Fact]
    public void Config_AsWritten_NoFinding()
    {
        var lint = Lint.Text(FixtureText.Read("config.yaml"));

        lint.Findings.ShouldBeEmpty();
        lint.Set.Objects.Count.ShouldBe(2);
    }

    [Theory]
    [InlineData("  PORT: \"8080\"", "  PORT: 8080", "ConfigMap/shop/storefront-config", "data.PORT", "8080", "a number")]
    [InlineData("  FEATURE_NEW_CHECKOUT: \"true\"", "  FEATURE_NEW_CHECKOUT: true", "ConfigMap/shop/storefront-config", "data.FEATURE_NEW_CHECKOUT", "true", "a boolean")]
    [InlineData("  CACHE_TTL_SECONDS: \"300\"", "  CACHE_TTL_SECONDS: 300", "ConfigMap/shop/storefront-config", "data.CACHE_TTL_SECONDS", "300", "a number")]
    public void Config_ValueWrittenAsANumberOrABoolean_OneCriticalFindingNamingTheTextQuoted(string written, string wrong, string address, string path, string value, string what)
    {
        var text = FixtureText.Replaced("config.yaml", written, wrong);

        var finding = Lint.Text(text).Findings.ShouldHaveSingleItem();

        finding.Rule.ShouldBe("k8s/invalid-manifest");
        finding.Severity.ShouldBe(Severity.Critical);
        finding.Address.ShouldBe(address);
        finding.Message.ShouldEndWith($": {path} is {value}, {what} where a {address.Split('/')[0]} takes a string; did you mean \"{value}\"?: kubectl apply refuses it ({path} must be of type string, not {what}); linted as \"{value}\"");
        finding.Suggestion.ShouldBe($"set {path} to \"{value}\", quoted");
        finding.Location!.Line.ShouldBe(FixtureText.LineOf(text, wrong.Trim()));
    }

    [Theory]
    [InlineData("  DB_PORT: \"5432\"", "  DB_PORT: 5432", "stringData.DB_PORT", "a number")]
    [InlineData("  DB_USER: storefront", "  DB_USER: 740210", "stringData.DB_USER", "a number")]
    [InlineData("  DB_PASSWORD: c3VwZXItc2VjcmV0", "  DB_PASSWORD: 8317", "data.DB_PASSWORD", "a number")]
    [InlineData("  DB_USER: storefront", "  DB_USER: yes", "stringData.DB_USER", "a boolean")]
    public void Secret_ValueWrittenAsANumberOrABoolean_FoundWithoutShowingTheValue(string written, string wrong, string path, string what)
    {
        // A credential written unquoted (a PIN, a numeric password) is refused like any other string field, but the
        // finding goes into reports, CI logs and the ledger: it names the field and what to do, never the value.
        var text = FixtureText.Replaced("config.yaml", written, wrong);
        var secret = wrong.Split(": ")[1];

        var finding = Lint.Text(text).Findings.ShouldHaveSingleItem();

        finding.Rule.ShouldBe("k8s/invalid-manifest");
        finding.Severity.ShouldBe(Severity.Critical);
        finding.Message.ShouldBe($"Secret shop/storefront-db: {path} is {what} where a Secret takes a string (the value is not shown): kubectl apply refuses it ({path} must be of type string, not {what})");
        finding.Suggestion.ShouldBe($"quote the value of {path}");
        finding.Evidence["value"].ShouldBe("(secret)");
        string.Join("\n", finding.Message, finding.Suggestion, string.Join(",", finding.Evidence.Values)).ShouldNotContain(secret);
        finding.Location!.Line.ShouldBe(FixtureText.LineOf(text, wrong.Trim()));
    }

    [Fact]
    public void Secret_PlainTextUnderData_FoundWithoutShowingIt()
    {
        // A password written under data instead of stringData: the API server answers "illegal base64 data".
        var text = FixtureText.Replaced("config.yaml", "  DB_PASSWORD: c3VwZXItc2VjcmV0", "  DB_PASSWORD: super-secret");

        var finding = Lint.Text(text).Findings.ShouldHaveSingleItem();

        finding.Rule.ShouldBe("k8s/invalid-manifest");
        finding.Message.ShouldBe("Secret shop/storefront-db: data.DB_PASSWORD is not base64 (the value is not shown): kubectl apply refuses it (illegal base64 data); a Secret's data holds base64, its stringData plain text");
        finding.Suggestion.ShouldBe("move DB_PASSWORD under stringData to keep the text as written, or base64-encode it (base64 -w0)");
        finding.Evidence["value"].ShouldBe("(secret)");
        string.Join("\n", finding.Message, finding.Suggestion, string.Join(",", finding.Evidence.Values)).ShouldNotContain("super-secret");
        finding.Location!.Line.ShouldBe(FixtureText.LineOf(text, "DB_PASSWORD: super-secret"));
    }

    [Fact]
    public void Secret_Base64WrappedOverLines_NoFinding()
    {
        // base64 without -w0 wraps at 76 columns; written as a block scalar the line breaks are skipped, as Go skips them.
        var text = FixtureText.Replaced("config.yaml", "  DB_PASSWORD: c3VwZXItc2VjcmV0", "  DB_PASSWORD: |\n    c3VwZXIt\n    c2VjcmV0");

        Lint.Text(text).Findings.ShouldBeEmpty();
    }

    /// <summary>
    /// kubectl's YAML reader decodes a !!binary scalar and sends its bytes (sigs.k8s.io/yaml through go-yaml v2), where
    /// a Secret's data takes base64: the API server refuses them, or decodes them a second time where they spell base64.
    /// </summary>
    [Theory]
    [InlineData("!!binary c3VwZXItc2VjcmV0", "and refuses them (illegal base64 data)")]
    [InlineData("!!binary |\n    c3VwZXIt\n    c2VjcmV0", "and refuses them (illegal base64 data)")]
    [InlineData("!!binary YzNWd1pYSXQ=", "and decodes them a second time")]
    public void Secret_Base64UnderBinaryTag_FoundWithoutShowingIt(string written, string then)
    {
        var text = FixtureText.Replaced("config.yaml", "  DB_PASSWORD: c3VwZXItc2VjcmV0", "  DB_PASSWORD: " + written);

        var finding = Lint.Text(text).Findings.ShouldHaveSingleItem();

        finding.Rule.ShouldBe("k8s/invalid-manifest");
        finding.Message.ShouldBe($"Secret shop/storefront-db: data.DB_PASSWORD is written under !!binary, which kubectl decodes before it sends the Secret (the value is not shown): the API server gets the bytes where it takes base64, {then}");
        finding.Suggestion.ShouldBe("drop the !!binary tag from data.DB_PASSWORD: a Secret's data holds the base64 text itself");
        finding.Evidence["value"].ShouldBe("(secret)");
        string.Join("\n", finding.Message, finding.Suggestion, string.Join(",", finding.Evidence.Values)).ShouldNotContain("super");
        finding.Location!.Line.ShouldBe(FixtureText.LineOf(text, "DB_PASSWORD: !!binary"));
    }

    [Fact]
    public void ConfigMap_BinaryData_Base64AsASecretsData()
    {
        // binaryData is bytes too: plain text there is refused; base64 is not a finding; !!binary under data is its text.
        var text = FixtureText.Replaced("config.yaml", "immutable: false", "binaryData:\n  logo.png: iVBORw0KGgo=\n  notes.txt: plain notes\nimmutable: false")
            .Replace("  LOG_LEVEL: info", "  LOG_LEVEL: !!binary aW5mbw==", StringComparison.Ordinal);

        var lint = Lint.Text(text);

        var finding = lint.Findings.ShouldHaveSingleItem();
        finding.Message.ShouldBe("ConfigMap shop/storefront-config: binaryData.notes.txt is not base64 (the value is not shown): kubectl apply refuses it (illegal base64 data); a ConfigMap's binaryData holds base64, its data plain text");
        finding.Suggestion.ShouldBe("move notes.txt under data to keep the text as written, or base64-encode it (base64 -w0)");
        lint.Set.Objects.Single(o => o.Kind == "ConfigMap").Node["data"]!["LOG_LEVEL"]!.GetValue<string>().ShouldBe("info");
    }

    /// <summary>
    /// kubectl sends !!binary bytes as a JSON string, each byte that is not UTF-8 as U+FFFD: under a ConfigMap's data or
    /// a Secret's stringData, which take text, the object is applied holding other bytes. One high finding naming the key.
    /// </summary>
    [Theory]
    [InlineData("ConfigMap", "  LOG_LEVEL: info", "  LOG_LEVEL: !!binary //5hYg==", "data.LOG_LEVEL", "2 of its 4 bytes", "binaryData", "LOG_LEVEL")]
    [InlineData("ConfigMap", "  LOG_LEVEL: info", "  LOG_LEVEL: !!binary |\n    H4sIAAAA\n    AAA=", "data.LOG_LEVEL", "1 of its 8 bytes", "binaryData", "LOG_LEVEL")]
    [InlineData("Secret", "  DB_USER: storefront", "  DB_USER: !!binary //5hYg==", "stringData.DB_USER", "2 of its 4 bytes", "data", "DB_USER")]
    public void TextField_BinaryBytesNotUtf8_HighFindingSayingWhatTheClusterGets(string kind, string written, string binary, string field, string count, string bytes, string key)
    {
        var text = FixtureText.Replaced("config.yaml", written, binary);

        var finding = Lint.Text(text).Findings.ShouldHaveSingleItem();

        finding.Rule.ShouldBe("k8s/invalid-manifest");
        finding.Severity.ShouldBe(Severity.High);
        var name = kind == "Secret" ? "shop/storefront-db" : "shop/storefront-config";
        finding.Message.ShouldBe($"{kind} {name}: {field} is written under !!binary and {count} are not UTF-8 (the value is not shown): kubectl sends a {kind}'s {field.Split('.')[0]} as text, each such byte as U+FFFD (\uFFFD), so the cluster's {kind} holds other bytes than these, with no error");
        finding.Suggestion.ShouldBe($"move {key} under {bytes} and drop the !!binary tag: a {kind}'s {bytes} holds the base64 text itself and keeps every byte");
        finding.Evidence["value"].ShouldBe("(secret)");
        finding.Location!.Line.ShouldBe(FixtureText.LineOf(text, key + ": !!binary"));
    }

    [Theory]
    [InlineData("  LOG_LEVEL: info", "  LOG_LEVEL: !!binary Y2Fmw6k=")]
    [InlineData("  DB_USER: storefront", "  DB_USER: !!binary Y2Fmw6k=")]
    [InlineData("  LOG_LEVEL: info", "  LOG_LEVEL: !!binary 77+9")]
    public void TextField_BinaryBytesThatAreUtf8_NoFinding(string written, string binary)
    {
        // "café", and a U+FFFD written as its own UTF-8 bytes: the cluster gets the bytes written.
        Lint.Text(FixtureText.Replaced("config.yaml", written, binary)).Findings.ShouldBeEmpty();
    }

    [Theory]
    [InlineData("", true)]
    [InlineData("YQ==", true)]
    [InlineData("YWI=", true)]
    [InlineData("YWJj", true)]
    [InlineData("c3Vw\nZXIt\r\nc2VjcmV0\n", true)]
    [InlineData("+/+/", true)]
    [InlineData("YR==", true)]
    [InlineData("YQ=\n=", true)]
    [InlineData("====", false)]
    [InlineData("YQ===", false)]
    [InlineData("YQ==\t", false)]
    [InlineData("YQ=", false)]
    [InlineData("YQ", false)]
    [InlineData("Y===", false)]
    [InlineData("YWJj=", false)]
    [InlineData("YQ==YQ==", false)]
    [InlineData("YQ=a", false)]
    [InlineData("c3Vw ZXIt", false)]
    [InlineData("-_-_", false)]
    [InlineData("super-secret", false)]
    public void IsBase64_AsGosStdEncodingReadsIt(string text, bool expected)
    {
        Base64Data.IsBase64(text).ShouldBe(expected);
    }

    [Fact]
    public void Config_MisspeltDataAndQuotedImmutable_AFindingEach()
    {
        // "datas:" is dropped by an API server that applies without validation: the secret's password would be gone.
        var text = FixtureText.Replaced("config.yaml", "data:\n  DB_PASSWORD", "datas:\n  DB_PASSWORD")
            .Replace("immutable: false", "immutable: \"false\"", StringComparison.Ordinal);

        var findings = Lint.Text(text).Findings;

        findings.Select(f => (f.Address, f.Evidence["field"])).ShouldBe(
            [("ConfigMap/shop/storefront-config", "immutable"), ("Secret/shop/storefront-db", "datas")]);
        findings.ShouldAllBe(f => f.Rule == "k8s/invalid-manifest");
        findings[1].Suggestion.ShouldBe("rename datas to data");
    }
}
