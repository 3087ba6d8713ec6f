using System.Text;
using Tollgate.Terraform.Analysis;
using Tollgate.Terraform.Plan;

namespace Tollgate.Terraform.Tests.Rules;

/// <summary>Many identical or near-identical deletes and creates: the same pairs as sorting every candidate pair.</summary>
public sealed class RenameDetectorScaleTests
{
    [Fact]
    public void Find_TwoThousandIdenticalDeletesAndCreates_PairsInAddressOrderLikeTheFullSort()
    {
        var deletes = Enumerable.Range(0, 2000).Select(i => Change($"terraform_data.old[{i}]", "", "old", i, "delete", """{"input":"same","tags":"shared"}"""));
        var creates = Enumerable.Range(0, 2000).Select(i => Change($"terraform_data.new[{i}]", "", "new", i, "create", """{"input":"same","tags":"shared"}"""));

        var matches = RenameDetector.Find(Plan([.. deletes, .. creates]));

        // Every pair scores 1 with the same name score: the tie goes by delete address, then create address (ordinal).
        var froms = Enumerable.Range(0, 2000).Select(i => $"terraform_data.old[{i}]").Order(StringComparer.Ordinal).ToList();
        var tos = Enumerable.Range(0, 2000).Select(i => $"terraform_data.new[{i}]").Order(StringComparer.Ordinal).ToList();
        matches.Count.ShouldBe(2000);
        matches.Select(m => (m.From, m.To)).ShouldBe(froms.Zip(tos));
        matches.ShouldAllBe(m => m.Similarity == 1.0 && m.ComparedAttributes == 2 && m.MatchingAttributes.Count == 2);
    }

    [Fact]
    public void Find_NearIdenticalAcrossModulesAndNames_SamePairsAsSortingEveryPair()
    {
        var random = new Random(7);
        var changes = new List<string>();
        var reference = new List<(string Address, string Module, string Name, bool Delete, string Values)>();
        for (var i = 0; i < 300; i++)
        {
            var delete = i % 2 == 0;
            var module = random.Next(3) switch { 0 => "", var m => $"module.m{m}" };
            var name = random.Next(2) == 0 ? "a" : "b";
            var index = random.Next(40);
            var address = (module == "" ? "" : module + ".") + $"terraform_data.{name}[{index}]";
            if (reference.Any(r => r.Address == address))
            {
                continue;
            }

            // Five attributes, a few values each: many exact ties, some 4/5 matches, some below the threshold.
            var values = "{" + string.Join(",", Enumerable.Range(0, 5).Select(k => $"\"k{k}\":\"v{(k < 3 ? 0 : random.Next(2))}\"")) + "}";
            reference.Add((address, module, name, delete, values));
            changes.Add(Change(address, module, name, index, delete ? "delete" : "create", values));
        }

        var plan = Plan(changes);
        var matches = RenameDetector.Find(plan);

        matches.Select(m => (m.From, m.To)).ShouldBe(FullSort(plan));
        matches.Count.ShouldBeGreaterThan(20);
    }

    [Fact]
    public void Find_SharedTagsAndEqualValuesWrittenDifferently_SamePairsAsSortingEveryPair()
    {
        // Every object has the same tags map; equal values are written in several ways JSON deems equal (member
        // order, 1 / 1.0 / 10e-1, escaped letters), so a filter on the written text would miss pairs that match.
        var random = new Random(11);
        string Pick(params string[] forms) => forms[random.Next(forms.Length)];
        var changes = new List<string>();
        for (var i = 0; i < 400; i++)
        {
            var name = random.Next(2) == 0 ? "a" : "b";
            var size = random.Next(3) == 0 ? Pick("2", "2.0", "0.2e1") : Pick("1", "1.0", "10e-1", "100E-2");
            var input = random.Next(8);
            var label = random.Next(3);
            var values = "{"
                + "\"tags\":" + Pick("""{"env":"prod","team":"core"}""", """{"team":"core","env":"prod"}""", """{"env":"pro\u0064","team":"core"}""")
                + ",\"size\":" + size
                + ",\"input\":" + Pick($"\"v{input}\"", $"\"\\u0076{input}\"")
                + ",\"label\":" + Pick($"\"l{label}\"", $"\"\\u006c{label}\"")
                + ",\"count\":" + Pick("[1,2]", "[1.0,2e0]") + "}";
            changes.Add(Change($"terraform_data.{name}[{i}]", "", name, i, i % 2 == 0 ? "delete" : "create", values));
        }

        var plan = Plan(changes);
        var matches = RenameDetector.Find(plan);

        matches.Select(m => (m.From, m.To)).ShouldBe(FullSort(plan));
        matches.Count.ShouldBeGreaterThan(50);
    }

    [Fact]
    public void Find_ThousandRenamesSharingFourOfFiveInputs_ScoresAboutOncePerDeleteNotPerPair()
    {
        // Every delete scores 4/5 with every create (the fifth input differs everywhere): 1,000,000 candidate pairs.
        var changes = Enumerable.Range(0, 1000).SelectMany(i => new[]
        {
            Change($"terraform_data.old[{i}]", "", "old", i, "delete", $$"""{"a":1,"b":2,"c":3,"d":4,"e":"m{{i}}"}"""),
            Change($"terraform_data.new[{i}]", "", "new", i, "create", $$"""{"a":1,"b":2,"c":3,"d":4,"e":"n{{i}}"}"""),
        });
        var plan = Plan(changes);
        var matches = RenameDetector.Find(plan, out var comparisons);

        // Every pair ties (score 0.8, name score 0.5): the full sort takes them by delete address, then create address.
        var froms = Enumerable.Range(0, 1000).Select(i => $"terraform_data.old[{i}]").Order(StringComparer.Ordinal);
        var tos = Enumerable.Range(0, 1000).Select(i => $"terraform_data.new[{i}]").Order(StringComparer.Ordinal);
        matches.Select(m => (m.From, m.To)).ShouldBe(froms.Zip(tos));
        matches.ShouldAllBe(m => m.Similarity == 0.8 && m.ComparedAttributes == 5);
        comparisons.ShouldBeLessThanOrEqualTo(2 * 1000, "one score per delete for the class of creates, not one per create");
    }

    [Fact]
    public void Find_SharedInputsWithRareMatchesNullsAndModules_SamePairsAsSortingEveryPair()
    {
        // Skewed shared values (classes of many creates), unique values that sometimes equal a delete's, nulls and
        // unknowns: members scored as a class, rare matches on their own, in every name-score tier.
        var random = new Random(23);
        var changes = new List<string>();
        var addresses = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < 600; i++)
        {
            var delete = random.Next(2) == 0;
            var module = random.Next(3) switch { 0 => "", var m => $"module.m{m}" };
            var name = random.Next(3) switch { 0 => "a", 1 => "b", _ => "c" };
            var index = random.Next(60);
            var address = (module == "" ? "" : module + ".") + $"terraform_data.{name}[{index}]";
            if (!addresses.Add(address))
            {
                continue;
            }

            string Skewed(int k) => random.Next(10) < 8 ? $"\"s{k}\"" : $"\"t{random.Next(3)}\"";
            var unique = random.Next(4) == 0 ? $"\"u{random.Next(30)}\"" : $"\"x{i}\"";
            var last = random.Next(6) == 0 ? "null" : unique;
            var values = $$"""{"a":{{Skewed(0)}},"b":{{Skewed(1)}},"c":{{Skewed(2)}},"d":{{Skewed(3)}},"e":{{last}},"f":{{(random.Next(5) == 0 ? "null" : "\"f\"")}}}""";
            changes.Add(Change(address, module, name, index, delete ? "delete" : "create", values));
        }

        var plan = Plan(changes);
        var matches = RenameDetector.Find(plan);

        matches.Select(m => (m.From, m.To)).ShouldBe(FullSort(plan));
        matches.Count.ShouldBeGreaterThan(50);
    }

    [Theory]
    [InlineData("0", "-0")]
    [InlineData("1e9999999999999999999", "2e9999999999999999999")]
    public void Find_ValuesOnceJoinedByTheirText_SamePairsAsSortingEveryPair(string first, string second)
    {
        // Values the canonical text once joined (an exponent beyond a long) must not put two creates in one class when
        // they differ: new[1] would be scored as new[0] is (3 of 5) and miss the delete it matches 4 of 5. Zeros of
        // either sign are equal to DeepEquals, so there the pair goes by address like any tie.
        var plan = Plan(
        [
            Change("terraform_data.new[0]", "", "new", 0, "create", $$"""{"a":"x","b":"y","c":"z","d":{{first}},"e":"u1"}"""),
            Change("terraform_data.new[1]", "", "new", 1, "create", $$"""{"a":"x","b":"y","c":"z","d":{{second}},"e":"u2"}"""),
            Change("terraform_data.old[0]", "", "old", 0, "delete", $$"""{"a":"x","b":"y","c":"z","d":{{second}},"e":"w"}"""),
        ]);

        var matches = RenameDetector.Find(plan);

        matches.Select(m => (m.From, m.To)).ShouldBe(FullSort(plan));
        matches.Select(m => (m.From, m.To)).ShouldBe([("terraform_data.old[0]", first == "0" ? "terraform_data.new[0]" : "terraform_data.new[1]")]);
    }

    /// <summary>The former algorithm: every pair at or above the threshold, sorted, taken greedily.</summary>
    private static List<(string, string)> FullSort(TerraformPlan plan)
    {
        var deletes = plan.Changes.Where(c => c.Actions.IsPureDelete).ToList();
        var creates = plan.Changes.Where(c => c.Actions.IsPureCreate).ToList();
        var pairs = new List<(ResourceChange From, ResourceChange To, double Score, double NameScore)>();
        foreach (var d in deletes)
        {
            foreach (var c in creates)
            {
                var (matching, compared) = RenameDetector.Compare(d, c, null);
                var score = compared == 0 ? 0.0 : (double)matching / compared;
                if (score >= RenameDetector.Threshold)
                {
                    pairs.Add((d, c, score, RenameDetector.NameScore(d, c)));
                }
            }
        }

        var used = new HashSet<string>(StringComparer.Ordinal);
        var chosen = new List<(string, string)>();
        foreach (var p in pairs
            .OrderByDescending(p => p.Score)
            .ThenByDescending(p => p.NameScore)
            .ThenBy(p => p.From.Address, StringComparer.Ordinal)
            .ThenBy(p => p.To.Address, StringComparer.Ordinal))
        {
            if (!used.Contains("f:" + p.From.Address) && !used.Contains("t:" + p.To.Address))
            {
                used.Add("f:" + p.From.Address);
                used.Add("t:" + p.To.Address);
                chosen.Add((p.From.Address, p.To.Address));
            }
        }

        return [.. chosen.OrderBy(p => p.Item1, StringComparer.Ordinal)];
    }

    internal static string Change(string address, string module, string name, int index, string action, string values)
    {
        var moduleField = module == "" ? "" : $"\"module_address\":\"{module}\",";
        var before = action == "delete" ? values : "null";
        var after = action == "create" ? values : "null";
        var unknown = action == "create" ? "{\"id\":true}" : "{}";
        return "{\"address\":\"" + address + "\"," + moduleField + "\"mode\":\"managed\",\"type\":\"terraform_data\",\"name\":\"" + name
            + "\",\"index\":" + index + ",\"provider_name\":\"registry.terraform.io/hashicorp/terraform\",\"change\":{\"actions\":[\"" + action
            + "\"],\"before\":" + before + ",\"after\":" + after + ",\"after_unknown\":" + unknown + "}}";
    }

    internal static TerraformPlan Plan(IEnumerable<string> changes)
    {
        var json = $$"""{"format_version":"1.2","terraform_version":"1.11.4","resource_changes":[{{string.Join(",", changes)}}]}""";
        return PlanReader.Read(new MemoryStream(Encoding.UTF8.GetBytes(json)), "scale.json");
    }
}
