using System.Text.Json.Nodes;
using Tollgate.Kubernetes.Lint;
using Tollgate.Kubernetes.Manifests;

namespace Tollgate.Kubernetes.Tests.Manifests;

/// <summary>
/// JSON as kubectl reads it: a typed list from the API server, whose items carry no apiVersion or kind, and a stream
/// of JSON objects one after another (jq -c).
/// </summary>
public sealed class JsonInputTests
{
    private static JsonObject Deployment(string name) => JsonNode.Parse("""
        {"metadata":{"name":"NAME","namespace":"shop","resourceVersion":"7"},
         "spec":{"replicas":3,"minReadySeconds":0,"selector":{"matchLabels":{"app":"NAME"}},
          "template":{"metadata":{"labels":{"app":"NAME"}},"spec":{"containers":[{"name":"web","image":"nginx",
           "readinessProbe":{"httpGet":{"path":"/ready","port":8080}}}]}}}}
        """.Replace("NAME", name, StringComparison.Ordinal))!.AsObject();

    [Fact]
    public void Read_TypedListItemsWithoutKind_ReadAsTheListsKind()
    {
        var list = new JsonObject { ["apiVersion"] = "apps/v1", ["kind"] = "DeploymentList", ["items"] = new JsonArray(Deployment("web")) };

        var result = ManifestLint.Lint([new ManifestText("deployments.json", list.ToJsonString(new() { WriteIndented = true }))]);

        result.Set.Workloads.ShouldHaveSingleItem().Address.ShouldBe("Deployment/shop/web");
        result.Set.Notes.ShouldBeEmpty();
        result.Findings.Select(f => f.Rule).ShouldBe(["k8s/min-ready-seconds", "k8s/pdb-missing"], ignoreOrder: true);
    }

    [Fact]
    public void Read_PlainListItemWithoutKind_StillIgnoredWithANote()
    {
        var list = new JsonObject { ["apiVersion"] = "v1", ["kind"] = "List", ["items"] = new JsonArray(Deployment("web")) };

        var set = ManifestLint.Read([new ManifestText("list.json", list.ToJsonString())]);

        set.Objects.ShouldBeEmpty();
        set.Notes.ShouldHaveSingleItem().ShouldContain("a list item without apiVersion and kind is not a Kubernetes object; ignored");
    }

    [Fact]
    public void Read_StreamOfJsonObjects_EachOneAnObjectOnItsLine()
    {
        static string Line(string name)
        {
            var o = Deployment(name);
            o.Insert(0, "kind", "Deployment");
            o.Insert(0, "apiVersion", "apps/v1");
            return o.ToJsonString();
        }

        var text = Line("web") + "\n" + Line("web2") + "\n\n" + Line("web3") + "\n";

        var set = ManifestLint.Read([new ManifestText("concat.json", text)]);

        set.Workloads.Select(w => w.Address).ShouldBe(["Deployment/shop/web", "Deployment/shop/web2", "Deployment/shop/web3"]);
        set.Workloads.Select(w => w.Source.Location.Line).ShouldBe([1, 2, 4]);
        set.Workloads.Select(w => w.Source.Location.EndColumn).ShouldBe([Line("web").Length + 1, Line("web2").Length + 1, Line("web3").Length + 1]);
    }

    [Theory]
    [InlineData("")]
    [InlineData(" ")]
    public void Read_StreamOfJsonObjectsOnOneLine_EachOneAnObjectAtItsColumn(string between)
    {
        // kubectl apply -f reads {…}{…} and {…} {…} as two objects too (its JSON decoder reads one value after another).
        static string Object(string name)
        {
            var o = Deployment(name);
            o.Insert(0, "kind", "Deployment");
            o.Insert(0, "apiVersion", "apps/v1");
            return o.ToJsonString();
        }

        var text = Object("web") + between + Object("web2") + "\n" + Object("web3") + "\n";

        var set = ManifestLint.Read([new ManifestText("min.json", text)]);

        set.Workloads.Select(w => w.Address).ShouldBe(["Deployment/shop/web", "Deployment/shop/web2", "Deployment/shop/web3"]);
        set.Workloads.Select(w => w.Source.Location.ToString()).ShouldBe(["min.json:1:1", $"min.json:1:{Object("web").Length + between.Length + 1}", "min.json:2:1"]);
        set.Workloads[1].Source.Location.EndColumn.ShouldBe(Object("web").Length + between.Length + Object("web2").Length + 1);
    }

    [Fact]
    public void Read_SyntaxErrorInTheSecondObjectOfAStream_ItsOwnLineAndColumn()
    {
        var error = Should.Throw<Domain.InvalidInputException>(() => ManifestLint.Read([new ManifestText("bad.json", "{\"a\": 1}\n{\"b\": @}\n")]));

        error.Message.ShouldStartWith("bad.json:2:7: not valid YAML");
        error.Message.ShouldEndWith("; a value starting with @ must be quoted ('@…')");
    }

    [Fact]
    public void Read_SyntaxErrorInAnObjectAfterAnotherOnItsLine_ItsOwnLineAndColumn()
    {
        var error = Should.Throw<Domain.InvalidInputException>(() => ManifestLint.Read([new ManifestText("bad.json", "{\"a\": 1} {\"b\": @}\n")]));

        error.Message.ShouldStartWith("bad.json:1:16: not valid YAML");
    }

    [Fact]
    public void Read_StreamWhoseSecondObjectNeverCloses_BadInputAtItsLine()
    {
        var error = Should.Throw<Domain.InvalidInputException>(() => ManifestLint.Read([new ManifestText("bad.json", "{\"a\": 1}\n{\"b\": 2\n")]));

        error.Message.ShouldStartWith("bad.json:");
        error.Message.ShouldNotStartWith("bad.json:1:");
    }
}
