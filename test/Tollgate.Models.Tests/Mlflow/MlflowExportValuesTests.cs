using Tollgate.Models.Mlflow;

namespace Tollgate.Models.Tests.Mlflow;

/// <summary>
/// Values in MLflow's answers that Tollgate cannot record as they are: a name or version that commands could never name
/// again as NAME@VERSION (empty, with an '@', a space or a control character), and a creation time that is not whole
/// milliseconds from 1970 to year 9999 (one past it was an ArgumentOutOfRangeException, <c>true</c> a JSON type error,
/// both "internal error"; 1.5 was silently 1970). Each is a malformed answer: one line naming it, read before any
/// ledger is opened, so nothing is recorded.
/// </summary>
public sealed class MlflowExportValuesTests
{
    private static string Export(string name, string version, string created) => $$$"""
        {"registered_models":[{"name":{{{name}}},"aliases":[]}],
         "model_versions":[{"name":{{{name}}},"version":{{{version}}},"creation_timestamp":{{{created}}},"current_stage":"Production","source":"runs:/r9/model","run_id":"r9"}],
         "runs":[{"info":{"run_id":"r9"},"data":{},"inputs":{"dataset_inputs":[{"dataset":{"name":"crm","digest":"0badc0de","source":"crm.csv"}}]}}]}
        """;

    private static Task<IReadOnlyList<MlflowModel>> ReadAsync(TempDirectory dir, string export)
    {
        File.WriteAllText(dir.File("export.json"), export);
        return new MlflowReader(new MlflowExportSource(dir.File("export.json"), "export.json")).ReadAsync(null, CancellationToken.None);
    }

    [Theory]
    [InlineData("\"churn\"", "\"4\"", "99999999999999999", "MLflow model-versions/search: churn@4 has creation_timestamp 99999999999999999: expected whole milliseconds since 1970, up to year 9999")]
    [InlineData("\"churn\"", "\"4\"", "true", "MLflow model-versions/search: churn@4 has creation_timestamp true: expected whole milliseconds since 1970, up to year 9999")]
    [InlineData("\"churn\"", "\"4\"", "1.5", "churn@4 has creation_timestamp 1.5: expected whole milliseconds")]
    [InlineData("\"churn\"", "\"4\"", "-5", "churn@4 has creation_timestamp -5: expected whole milliseconds")]
    [InlineData("\"churn\"", "\"4\"", "\"soon\"", "churn@4 has creation_timestamp \"soon\": expected whole milliseconds")]
    [InlineData("\"churn\"", "\"1@2\"", "1700000000000", "MLflow model-versions/search: version '1@2' of churn has an '@': a version has no spaces, control characters or '@'")]
    [InlineData("\"churn\"", "\"\"", "1700000000000", "MLflow model-versions/search: version '' of churn is empty")]
    [InlineData("\"ch@rn\"", "\"4\"", "1700000000000", "MLflow registered-models/search: model name 'ch@rn' has an '@': Tollgate names a model NAME@VERSION")]
    [InlineData("\"\"", "\"4\"", "1700000000000", "MLflow registered-models/search: model name '' is empty")]
    [InlineData("\"churn\\nrisk\"", "\"4\"", "1700000000000", "MLflow registered-models/search: model name 'churn\\nrisk' has a control character")]
    public async Task Read_ValueThatCannotBeRecorded_IsAnInputErrorInOneLine(string name, string version, string created, string error)
    {
        using var dir = new TempDirectory();

        var thrown = await Should.ThrowAsync<Domain.InvalidInputException>(() => ReadAsync(dir, Export(name, version, created)));

        thrown.Message.ShouldContain(error);
        thrown.Message.ShouldNotContain('\n');
    }

    [Theory]
    [InlineData("1700000000000", "2023-11-14T22:13:20.0000000+00:00")]
    [InlineData("\"1700000000000\"", "2023-11-14T22:13:20.0000000+00:00")]
    [InlineData("253402300799999", "9999-12-31T23:59:59.9990000+00:00")]
    [InlineData("0", "1970-01-01T00:00:00.0000000+00:00")]
    [InlineData("null", null)] // unknown, no longer stored as 1970 (which made a version really sent with 0 read unknown too)
    public async Task Read_CreationTime_AsMlflowWroteIt(string created, string? registered)
    {
        using var dir = new TempDirectory();

        var models = await ReadAsync(dir, Export("\"churn\"", "\"4\"", created));

        (models.ShouldHaveSingleItem().Versions.ShouldHaveSingleItem().Version.RegisteredAt?.ToString("o")).ShouldBe(registered);
    }

    [Theory]
    [InlineData("\"creation_timestamp\":null,")]
    [InlineData("")]
    public async Task Lineage_VersionImportedWithoutCreationTime_RegisteredDateUnknownNot1970(string created)
    {
        using var dir = new TempDirectory();
        var export = $$$"""
            {"registered_models":[{"name":"churn"}],
             "model_versions":[{"name":"churn","version":"3",{{{created}}}"current_stage":"Production","source":"s3://b/churn/3","run_id":"r3"}],
             "runs":[{"info":{"run_id":"r3"},"data":{},"inputs":{}}]}
            """;
        await using var m = await ModelLedger.OpenAsync();
        (await m.Registry.RegisterAsync((await ReadAsync(dir, export)).ShouldHaveSingleItem().Versions.ShouldHaveSingleItem().Version)).ShouldBeTrue();
        var recorded = (await m.Registry.FindAsync("churn", "3"))!;

        var text = Tollgate.Models.Registry.LineageView.Text([recorded], []);
        var json = System.Text.Json.JsonDocument.Parse(Tollgate.Models.Registry.LineageView.Json([recorded], []));

        text.ShouldStartWith("churn@3  registered date unknown (mlflow)\n");
        text.ShouldNotContain("1970");
        json.RootElement.GetProperty("versions")[0].GetProperty("registeredAt").ValueKind.ShouldBe(System.Text.Json.JsonValueKind.Null);
        recorded.RegisteredAt.ShouldBeNull();
    }

    [Fact]
    public async Task Lineage_VersionImportedWithCreationTimeZero_Registered1970NotUnknown()
    {
        // Before: 0 and a missing time were both stored as 1970, and both read "registered date unknown".
        using var dir = new TempDirectory();
        await using var m = await ModelLedger.OpenAsync();
        (await m.Registry.RegisterAsync((await ReadAsync(dir, Export("\"churn\"", "\"3\"", "0"))).ShouldHaveSingleItem().Versions.ShouldHaveSingleItem().Version)).ShouldBeTrue();
        var recorded = (await m.Registry.FindAsync("churn", "3"))!;

        var text = Tollgate.Models.Registry.LineageView.Text([recorded], []);
        var json = System.Text.Json.JsonDocument.Parse(Tollgate.Models.Registry.LineageView.Json([recorded], []));

        text.ShouldStartWith("churn@3  registered 1970-01-01T00:00:00.000Z (mlflow)\n");
        json.RootElement.GetProperty("versions")[0].GetProperty("registeredAt").GetString().ShouldBe("1970-01-01T00:00:00.000Z");
    }
}
