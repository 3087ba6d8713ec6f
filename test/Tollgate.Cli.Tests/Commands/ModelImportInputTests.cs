namespace Tollgate.Cli.Tests.Commands;

/// <summary>
/// <c>tollgate model import</c> on an export it cannot record, or with an empty <c>--name "$MODEL"</c>: one line, exit
/// 3, and no ledger made; not "internal error: ArgumentOutOfRangeException", nor an import of no model recorded as a pass.
/// </summary>
public sealed class ModelImportInputTests
{
    private const string Export = """
        {"registered_models":[{"name":"churn","aliases":[]}],
         "model_versions":[{"name":"churn","version":"4","creation_timestamp":CREATED,"current_stage":"Production","source":"runs:/r9/model","run_id":"r9"}],
         "runs":[{"info":{"run_id":"r9"},"data":{},"inputs":{"dataset_inputs":[{"dataset":{"name":"crm","digest":"0badc0de","source":"crm.csv"}}]}}]}
        """;

    [Theory]
    [InlineData("99999999999999999", new[] { "--mlflow", "export.json" }, "tollgate: error: MLflow model-versions/search: churn@4 has creation_timestamp 99999999999999999: expected whole milliseconds since 1970, up to year 9999\n")]
    [InlineData("1700000000000", new[] { "--mlflow", "export.json", "--name", "" }, "tollgate: error: --name is empty (an unset variable?): name the registered model to import, or leave --name out to import every one\n")]
    [InlineData("1700000000000", new[] { "--mlflow", "export.json", "--timeout", "0" }, "tollgate: error: --timeout 0 is out of range: from 1s to 1d (a whole number is seconds, 1 to 86400)\n")]
    [InlineData("1700000000000", new[] { "--mlflow", "export.json", "--name", "chrun" }, "tollgate: error: MLflow has no registered model 'chrun' (did you mean 'churn'?); give a name it has, or leave --name out to import every one\n")]
    [InlineData("1700000000000", new[] { "--mlflow", "export.json", "--name", "fraud" }, "tollgate: error: MLflow has no registered model 'fraud' (it has 'churn'); give a name it has, or leave --name out to import every one\n")]
    public async Task Import_Refused_Exit3WithOneLine_NoLedgerMade(string created, string[] args, string error)
    {
        var directory = Tollgate.Testing.TestScratch.CreateSubdirectory("tollgate-import-").FullName;
        File.WriteAllText(Path.Combine(directory, "export.json"), Export.Replace("CREATED", created, StringComparison.Ordinal));

        var run = await CliRun.RunAsync(directory, ["model", "import", .. args]);

        run.ExitCode.ShouldBe(3, run.Out + run.Error);
        run.Out.ShouldBeEmpty();
        run.Error.ShouldBe(error);
        Directory.Exists(Path.Combine(directory, ".tollgate")).ShouldBeFalse();
    }

    [Fact]
    public async Task Import_NameGiven_ImportsThatModel()
    {
        var directory = Tollgate.Testing.TestScratch.CreateSubdirectory("tollgate-import-").FullName;
        File.WriteAllText(Path.Combine(directory, "export.json"), Export.Replace("CREATED", "1700000000000", StringComparison.Ordinal));

        var run = await CliRun.RunAsync(directory, "model", "import", "--mlflow", "export.json", "--name", "churn");

        run.ExitCode.ShouldBe(0, run.Error);
        run.Out.ShouldContain("imported 1 model from MLflow (export.json): 1 new version");
    }
}
