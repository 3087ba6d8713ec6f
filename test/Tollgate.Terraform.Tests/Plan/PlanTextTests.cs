using System.Text;
using Tollgate.Domain;
using Tollgate.Terraform.Plan;

namespace Tollgate.Terraform.Tests.Plan;

/// <summary>
/// A plan's text in its refusals: a <c>format_version</c> Tollgate does not read is named (escaped, cut at 40
/// characters) where it read "(not a version number)" alone.
/// </summary>
public sealed class PlanTextTests
{
    private const string Change = """{"address":"a.b","type":"a","name":"b","change":{"actions":["update"],"before":{"x":"s3cret"},"after":{}}}""";

    [Theory]
    [InlineData("1", "'1' (not a version number)")]
    [InlineData(" 1.2", "' 1.2' (not a version number)")]
    [InlineData("1.2.3.4", "'1.2.3.4' (not a version number)")]
    [InlineData("1.2\\u001b[2J\\nPASS", "'1.2\\u001b[2J\\nPASS' (not a version number)")]
    [InlineData("2.0", "2.0")]
    public void Read_FormatVersionNotRead_NamesTheValueOnOneLine(string version, string shown)
    {
        var error = Should.Throw<InvalidInputException>(() => PlanReader.Read(new MemoryStream(Encoding.UTF8.GetBytes(Plan(Change).Replace("\"1.2\"", $"\"{version}\"", StringComparison.Ordinal))), "plan.json"));

        error.Message.ShouldBe($"plan.json has plan format_version {shown}; Tollgate reads formats 0.1, 0.2 and 1.x (Terraform 0.12 and later)");
    }

    [Fact]
    public void Read_FormatVersionOfAnyLength_ShownByItsFirst40Characters()
    {
        var error = Should.Throw<InvalidInputException>(() => PlanReader.Read(new MemoryStream(Encoding.UTF8.GetBytes(Plan(Change).Replace("\"1.2\"", $"\"{new string('9', 100_000)}\"", StringComparison.Ordinal))), "plan.json"));

        error.Message.ShouldContain($"format_version '{new string('9', 40)}…' (not a version number)");
    }

    private static string Plan(string changes, string extra = "") =>
        $$"""{"format_version":"1.2",{{extra}}"resource_changes":[{{changes}}]}""";
}
