using System.Text;
using System.Text.Json;
using Tollgate.Domain;
using Tollgate.Terraform.Plan;

namespace Tollgate.Terraform.Tests.Plan;

public sealed class PlanReaderTests
{
    private static string Fixture(string name) => Path.Combine(AppContext.BaseDirectory, "Fixtures", "plans", name);

    [Theory]
    [InlineData("empty.json", "is empty")]
    [InlineData("truncated.json", "truncated")]
    [InlineData("malformed.json", "is not valid JSON")]
    [InlineData("wrong-major.json", "format_version 2.0")]
    [InlineData("state-not-plan.json", "is not a Terraform plan")]
    public void ReadFile_BadInput_ClearOneLineError(string fixture, string expected)
    {
        var error = Should.Throw<InvalidInputException>(() => PlanReader.ReadFile(Fixture(fixture)));

        error.Message.ShouldContain(expected);
        error.Message.ShouldContain(fixture);
        error.Message.ShouldNotContain("\n");
    }

    [Theory]
    [InlineData("""{"format_version":"1.2","resource_changes":[1.e]}""", "line 1, column 47, in resource_changes[0]: a number is not well-formed")]
    [InlineData("""{"format_version":"1.2","resource_changes":[tru]}""", "line 1, column 48, in resource_changes[0]: a bare word that is not true, false or null")]
    public void Read_MalformedValueInAWholeDocument_SaysWhereAndWhatNotTruncated(string json, string expected)
    {
        var error = Should.Throw<InvalidInputException>(() => Read(json));

        error.Message.ShouldBe("inline.json is not valid JSON: " + expected);
    }

    [Fact]
    public void ReadFile_MissingFormatVersion_IsRejected()
    {
        var error = Should.Throw<InvalidInputException>(() => Read("""{"resource_changes": []}"""));

        error.Message.ShouldContain("no format_version");
    }

    [Fact]
    public void ReadFile_FutureMinorWithUnknownFields_IsRead_UnknownActionIsRefused()
    {
        var text = File.ReadAllText(Fixture("future-minor.json"));
        var withoutUnknownAction = text.Replace("\"actions\": [\"archive\"]", "\"actions\": [\"no-op\"]", StringComparison.Ordinal);

        var error = Should.Throw<InvalidInputException>(() => PlanReader.ReadFile(Fixture("future-minor.json")));
        var plan = Read(withoutUnknownAction);

        error.Message.ShouldContain("resource_changes[8] change.actions is not an action list terraform writes");
        plan.FormatVersion.ShouldBe("1.9");
        plan.Summary.Replace.ShouldBe(2);
    }

    [Theory]
    [InlineData("format-0.1.json", "0.1")]
    [InlineData("format-0.2.json", "0.2")]
    public void ReadFile_PreReleaseFormats_AreReadWithTheirDeleteAndReplace(string fixture, string version)
    {
        var plan = PlanReader.ReadFile(Fixture(fixture));

        plan.FormatVersion.ShouldBe(version);
        plan.Summary.ShouldBe(new PlanSummary(Create: 0, Update: 0, Delete: 1, Replace: 1, Forget: 0, Read: 0, NoOp: 1));
        plan.Changes.Single(c => c.Actions.IsPureDelete).Address.ShouldBe("null_resource.old");
        PlanFormat.IsPreRelease(plan.FormatVersion).ShouldBeTrue();
    }

    [Theory]
    [InlineData("0.3")]
    [InlineData("2.0")]
    [InlineData("0.1.1")]
    public void Read_OtherFormatVersions_AreRefused(string version)
    {
        var json = File.ReadAllText(Fixture("format-0.1.json")).Replace("\"format_version\": \"0.1\"", $"\"format_version\": \"{version}\"", StringComparison.Ordinal);

        var error = Should.Throw<InvalidInputException>(() => Read(json));

        error.Message.ShouldContain("reads formats 0.1, 0.2 and 1.x");
    }

    [Fact]
    public void ReadFile_RealPlan_KeepsChangesConfigurationAndPriorDependsOn()
    {
        var plan = PlanReader.ReadFile(Fixture("mixed.json"));

        plan.TerraformVersion.ShouldBe("1.11.4");
        plan.Summary.ShouldBe(new PlanSummary(Create: 3, Update: 0, Delete: 3, Replace: 2, Forget: 0, Read: 0, NoOp: 0));
        plan.Changes.Count.ShouldBe(8);
        plan.PriorDependsOn["terraform_data.b"].ShouldBe(["terraform_data.a"]);
        plan.Configuration.Find("terraform_data.b")!.References["triggers_replace"].ShouldContain("terraform_data.a");
        plan.OutputChanges.ShouldHaveSingleItem().Sensitive.ShouldBeTrue();
        plan.Changes.Single(c => c.Address == "terraform_data.a").ReplacePaths.ShouldHaveSingleItem().ShouldBe(["triggers_replace"]);
    }

    [Theory]
    [InlineData(16)]
    [InlineData(64)]
    [InlineData(1000)]
    public void Read_TinyBuffers_SameResultAsOneBuffer(int bufferSize)
    {
        var bytes = File.ReadAllBytes(Fixture("mixed.json"));
        var whole = PlanReader.ReadFile(Fixture("mixed.json"));

        var chunked = PlanReader.Read(new MemoryStream(bytes), "mixed.json", bufferSize);

        chunked.Digest.ShouldBe(whole.Digest);
        chunked.Summary.ShouldBe(whole.Summary);
        chunked.Changes.Select(c => c.Address).ShouldBe(whole.Changes.Select(c => c.Address));
        chunked.PriorDependsOn.Count.ShouldBe(whole.PriorDependsOn.Count);
    }

    [Fact]
    public void Read_OneChangeLargerThanBuffer_BufferGrows()
    {
        var big = new string('x', 200_000);
        var json = "{\"format_version\":\"1.2\",\"planned_values\":{},\"resource_changes\":[" +
            "{\"address\":\"terraform_data.big\",\"mode\":\"managed\",\"type\":\"terraform_data\",\"name\":\"big\"," +
            "\"change\":{\"actions\":[\"update\"],\"before\":{\"input\":\"a\"},\"after\":{\"input\":\"" + big + "\"}}}]}";

        var plan = PlanReader.Read(new MemoryStream(Encoding.UTF8.GetBytes(json)), "big.json", 1024);

        plan.Changes.ShouldHaveSingleItem().After.GetProperty("input").GetString()!.Length.ShouldBe(200_000);
    }

    [Fact]
    public void Digest_Reformatted_IsUnchanged()
    {
        var original = PlanReader.ReadFile(Fixture("mixed.json"));
        using var doc = JsonDocument.Parse(File.ReadAllBytes(Fixture("mixed.json")));
        var pretty = JsonSerializer.Serialize(doc.RootElement, new JsonSerializerOptions { WriteIndented = true });

        var reformatted = Read(pretty);

        reformatted.Digest.ShouldBe(original.Digest);
        original.Digest.ShouldStartWith("sha256:");
    }

    /// <summary>
    /// Approvals are bound to these digests: a new version of the reader must give the same ones. The values were
    /// computed by the release before changes were kept as bytes and canonicalised from them (main 577525f);
    /// digest-text.json has non-ASCII and escaped names and strings, whose UTF-8 and UTF-16 orders differ.
    /// </summary>
    [Theory]
    [InlineData("mixed.json", "sha256:313a18d4f0e67deb4cb7fa426ec201125f12f3a0cf9302fe50a3ba01b12d2be6")]
    [InlineData("deposed.json", "sha256:c32c893a4e56d0da9097eba1292dff30078e0bfcfb9bf10a7f98732c7de9a28f")]
    [InlineData("format-0.1.json", "sha256:7635c320c6ec8778095f52445a3fad0b00227ebc0bc416f9190f516fb2ea73d2")]
    [InlineData("format-0.2.json", "sha256:b23a5087a3debae5cabed4e16832779f4b3ba5665abf418632d36eea3cacb77b")]
    [InlineData("digest-text.json", "sha256:8c6820367bbed7d02b0c6cb27724a835b92e4a5a961e2d0e7512186010a8d8b4")]
    public void Digest_KnownPlans_StayTheDigestsApprovalsAreBoundTo(string fixture, string digest)
    {
        PlanReader.ReadFile(Fixture(fixture)).Digest.ShouldBe(digest);
    }

    [Fact]
    public void Read_ChangeValues_ReadFromTheKeptBytesWhenAsked()
    {
        var plan = PlanReader.ReadFile(Fixture("digest-text.json"));

        var updated = plan.Changes.Single(c => c.Address == "terraform_data.t\u00e9");
        updated.Before.GetProperty("input").GetProperty("\u00e9t\u00e9").GetString().ShouldBe("caf\u00e9");
        updated.After.GetProperty("input").GetProperty("zeta").GetString().ShouldBe("b");
        updated.AfterSensitive.GetProperty("input").GetProperty("zeta").GetBoolean().ShouldBeTrue();
        var gone = plan.Changes.Single(c => c.Address == "terraform_data.gone");
        gone.After.ValueKind.ShouldBe(JsonValueKind.Null);
        gone.AfterSensitive.ValueKind.ShouldBe(JsonValueKind.False);
        gone.Before.GetProperty("triggers_replace").GetProperty("a").GetArrayLength().ShouldBe(3);
    }

    [Fact]
    public void Evaluate_MasksMarkNothing_NoSensitiveFinding()
    {
        var plan = PlanReader.ReadFile(Fixture("digest-text.json"));

        var sensitive = new Analysis.PlanGate().Evaluate(plan).Where(f => f.Rule == "sensitive-change").ToList();

        sensitive.ShouldHaveSingleItem().Address.ShouldBe("terraform_data.t\u00e9");
        sensitive[0].Message.ShouldContain("input.zeta");
    }

    [Fact]
    public void Digest_AnyResourceChangeDiffers_Changes()
    {
        var text = File.ReadAllText(Fixture("mixed.json"));
        var original = Read(text);

        text.ShouldContain("\"timestamp\":\"");
        var edited = Read(text.Replace("\"a-v2\"", "\"a-v3\"", StringComparison.Ordinal));
        var retimed = Read(text.Replace("\"timestamp\":\"", "\"timestamp\":\"1999", StringComparison.Ordinal));

        edited.Digest.ShouldNotBe(original.Digest);
        retimed.Digest.ShouldBe(original.Digest);
    }

    [Fact]
    public void ReadFile_DeposedObject_IsKeptAsItsOwnDelete()
    {
        var plan = PlanReader.ReadFile(Fixture("deposed.json"));

        var deposed = plan.Changes.Single(c => c.Deposed is not null);
        deposed.Address.ShouldBe("terraform_data.a");
        deposed.Actions.IsPureDelete.ShouldBeTrue();
    }

    /// <summary>
    /// Plain no-ops are counted by the thread that reads the plan, moved ones by the thread that parses them: both used
    /// to add to one count, and a 122 MB plan reported 32399 no-ops of 32400 on one run of two. The moved ones fill
    /// several of the parsing thread's batches, so both threads count at once.
    /// </summary>
    [Fact]
    public void Read_MovedNoOpsAmongPlainOnes_EveryNoOpCounted()
    {
        var pad = new string('a', 300);
        var changes = Enumerable.Range(0, 20_000).Select(i =>
            $"{{\"address\":\"terraform_data.r{i}\",\"mode\":\"managed\",\"type\":\"terraform_data\",\"name\":\"r{i}\"," +
            (i % 2 == 0 ? $"\"previous_address\":\"terraform_data.d{i}\"," : "") +
            "\"change\":{\"actions\":[\"no-op\"],\"before\":{\"input\":\"" + pad + "\"},\"after\":{\"input\":\"" + pad + "\"}}}");
        var json = """{"format_version":"1.2","resource_changes":[""" + string.Join(",", changes) + "]}";

        for (var run = 0; run < 3; run++)
        {
            var plan = Read(json);

            plan.Summary.ShouldBe(new PlanSummary(Create: 0, Update: 0, Delete: 0, Replace: 0, Forget: 0, Read: 0, NoOp: 20_000) { Move = 10_000 });
            plan.Changes.Count.ShouldBe(10_000);
        }
    }

    private static TerraformPlan Read(string json) => PlanReader.Read(new MemoryStream(Encoding.UTF8.GetBytes(json)), "inline.json");
}
