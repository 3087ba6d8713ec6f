using System.Text.Json;
using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace Tollgate.Server.Tests.Support;

/// <summary>
/// What Argo Rollouts' web provider does with one answer, for the shipped AnalysisTemplate: non-2xx is an Error; the
/// template's <c>jsonPath</c> (Kubernetes JSONPath, here the <c>{$.a.b}</c> form the template uses) picks
/// <c>result</c>; <c>failureCondition</c> true is Failed, <c>successCondition</c> true Successful, neither Inconclusive.
/// The conditions are read from the template and evaluated in the one form it uses (<c>result == "text"</c>); any other
/// form fails the test rather than being guessed at.
/// </summary>
public sealed partial class ArgoMeasurement(YamlMappingNode metric)
{
    public static ArgoMeasurement FromTemplate(string path)
    {
        var yaml = new YamlStream();
        yaml.Load(new StringReader(File.ReadAllText(path)));
        var root = (YamlMappingNode)yaml.Documents[0].RootNode;
        ((YamlScalarNode)root["kind"]).Value.ShouldBe("AnalysisTemplate");
        var metrics = (YamlSequenceNode)((YamlMappingNode)root["spec"])["metrics"];
        return new ArgoMeasurement((YamlMappingNode)metrics[0]);
    }

    private YamlMappingNode Web => (YamlMappingNode)((YamlMappingNode)metric["provider"])["web"];

    public string Url => Scalar(Web, "url");

    public string Method => Scalar(Web, "method");

    /// <summary>One of the metric's integer fields (<c>count</c>, <c>failureLimit</c>, …), or null when the template leaves it out.</summary>
    public int? Integer(string key) =>
        metric.Children.TryGetValue(new YamlScalarNode(key), out var node) ? int.Parse(((YamlScalarNode)node).Value!, System.Globalization.CultureInfo.InvariantCulture) : null;

    /// <summary>The template's <c>jsonBody</c> with its <c>{{args.x}}</c> resolved as Argo does when it creates the run.</summary>
    public string Body(IReadOnlyDictionary<string, string> args)
    {
        var body = (YamlMappingNode)Web["jsonBody"];
        var resolved = body.Children.ToDictionary(
            kv => ((YamlScalarNode)kv.Key).Value!,
            kv => ArgPattern().Replace(((YamlScalarNode)kv.Value).Value!, m => args[m.Groups[1].Value]));
        return JsonSerializer.Serialize(resolved);
    }

    public string Phase(int status, string body)
    {
        if (status is < 200 or > 299)
        {
            return "Error";
        }

        var result = Select(JsonDocument.Parse(body).RootElement, Scalar(Web, "jsonPath"));
        if (result is null)
        {
            return "Error";
        }

        if (Holds(Scalar(metric, "failureCondition"), result.Value))
        {
            return "Failed";
        }

        return Holds(Scalar(metric, "successCondition"), result.Value) ? "Successful" : "Inconclusive";
    }

    private static JsonElement? Select(JsonElement root, string jsonPath)
    {
        var match = JsonPathPattern().Match(jsonPath);
        match.Success.ShouldBeTrue($"jsonPath {jsonPath} is not of the {{$.a.b}} form this test evaluates");
        var current = root;
        foreach (var name in match.Groups[1].Value.Split('.', StringSplitOptions.RemoveEmptyEntries))
        {
            if (current.ValueKind != JsonValueKind.Object || !current.TryGetProperty(name, out current))
            {
                return null;
            }
        }

        return current;
    }

    private static bool Holds(string condition, JsonElement result)
    {
        var match = ConditionPattern().Match(condition);
        match.Success.ShouldBeTrue($"condition {condition} is not of the result == \"text\" form this test evaluates");
        return result.ValueKind == JsonValueKind.String && result.GetString() == match.Groups[1].Value;
    }

    private static string Scalar(YamlMappingNode node, string key) => ((YamlScalarNode)node[key]).Value!;

    [GeneratedRegex(@"\{\{args\.([A-Za-z0-9_-]+)\}\}")]
    private static partial Regex ArgPattern();

    [GeneratedRegex(@"^\{\$((?:\.[A-Za-z0-9_]+)*)\}$")]
    private static partial Regex JsonPathPattern();

    [GeneratedRegex("^result == \"([a-z]+)\"$")]
    private static partial Regex ConditionPattern();
}
