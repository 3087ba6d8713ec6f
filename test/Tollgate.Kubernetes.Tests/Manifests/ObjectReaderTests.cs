using Tollgate.Kubernetes.Lint;
using Tollgate.Kubernetes.Manifests;

namespace Tollgate.Kubernetes.Tests.Manifests;

public sealed class ObjectReaderTests
{
    [Fact]
    public void Read_KubectlGetList_EveryItemIsAnObjectWithItsOwnLine()
    {
        var text = new ManifestText("get.yaml", File.ReadAllText(Lint.Fixture("kubectl-get.yaml")));

        var set = ManifestLint.Read([text]);

        set.Objects.Select(o => o.Address).ShouldBe(["Deployment/shop/cart", "PodDisruptionBudget/shop/cart", "Service/shop/cart"]);
        set.Objects.Select(o => o.Location.Line).ShouldBe([3, 67, 87]);
        set.Ignored.ShouldBe(1);
        set.Notes.ShouldBeEmpty();
    }

    [Fact]
    public void Read_KubectlGetList_StatusAndManagedFieldsDoNotGetInTheWay()
    {
        var result = ManifestLint.Lint([new ManifestText("get.yaml", File.ReadAllText(Lint.Fixture("kubectl-get.yaml")))]);

        result.Findings.Select(f => (f.Rule, f.Address)).OrderBy(x => x.Rule).ShouldBe(
        [
            ("k8s/min-ready-seconds", "Deployment/shop/cart"),
            ("k8s/pdb-blocks-eviction", "PodDisruptionBudget/shop/cart"),
            ("k8s/readiness-probe", "Deployment/shop/cart"),
        ]);
    }

    [Theory]
    [InlineData("nl.json", "{\"apiVersion\":\"v1\",\"items\":null,\"kind\":\"List\",\"metadata\":{\"resourceVersion\":\"\"}}")]
    [InlineData("noitems.yaml", "apiVersion: v1\nkind: List\n")]
    [InlineData("deployments.yaml", "apiVersion: apps/v1\nkind: DeploymentList\nitems: null\n")]
    public void Read_ListWithNullOrNoItems_AnEmptyListNotAnObject(string file, string text)
    {
        // Go's encoding/json writes a nil Items slice as "items": null (the field has no omitempty).
        var set = ManifestLint.Read([new ManifestText(file, text)]);

        set.Objects.ShouldBeEmpty();
        set.Notes.ShouldBeEmpty();
        ManifestLint.Lint([new ManifestText(file, text)]).Findings.ShouldBeEmpty();
    }

    [Theory]
    [InlineData("metadata: {labels: {app: web}}\n")]
    [InlineData("")]
    public void Read_ObjectWithoutName_LintedAsUnnamed(string metadata)
    {
        var set = ManifestLint.Read([new ManifestText("web.yaml", $"apiVersion: apps/v1\nkind: Deployment\n{metadata}spec:\n  replicas: 3\n")]);

        set.Workloads.ShouldHaveSingleItem().Address.ShouldBe("Deployment/default/(unnamed)");
        ManifestLint.Read([new ManifestText("job.yaml", "apiVersion: batch/v1\nkind: Job\nmetadata: {generateName: migrate-}\n")]).Objects.ShouldHaveSingleItem().Name.ShouldBe("migrate-*");
    }

    [Fact]
    public void Read_NotKubernetesYaml_IgnoredWithANote()
    {
        var set = ManifestLint.Read([new ManifestText("values.yaml", "replicaCount: 3\nimage:\n  tag: 1.2\n---\n- a\n- b\n")]);

        set.Objects.ShouldBeEmpty();
        set.Notes.Count.ShouldBe(2);
        set.Notes[0].ShouldStartWith("values.yaml:1: a document without apiVersion and kind");
        set.Notes[1].ShouldStartWith("values.yaml:5:");
    }

    [Fact]
    public void Read_Kustomization_IgnoredWithANoteNotLintedAsAnObject()
    {
        var lint = Lint.Text("apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources: [deployment.yaml]\n", "kustomization.yaml");

        lint.Set.Objects.ShouldBeEmpty();
        lint.Findings.ShouldBeEmpty();
        lint.Set.Notes.ShouldHaveSingleItem().ShouldBe("kustomization.yaml:1: a Kustomization (kustomize.config.k8s.io/v1beta1) is kustomize's, not a Kubernetes object; ignored (lint what it builds: kubectl kustomize DIR | tollgate k8s lint -)");
    }

    [Fact]
    public void Read_NoNamespace_TakesTheDefaultGiven()
    {
        var set = ManifestLint.Read([new ManifestText("a.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n")], "staging");

        set.Objects.Single().Address.ShouldBe("ConfigMap/staging/c");
    }

    [Fact]
    public void Read_NumberUnderAStringField_ReadAsItsText()
    {
        var set = ManifestLint.Read([new ManifestText("a.yaml", Manifests.Deployment("web", labels: "version: 1.4\n        build: 20261126"))]);

        set.Workloads.Single().PodLabels["version"].ShouldBe("1.4");
        set.Workloads.Single().PodLabels["build"].ShouldBe("20261126");
    }

    [Fact]
    public void Read_WrongTypeInATypedField_NamesObjectFieldAndLine()
    {
        var yaml = Manifests.Deployment("web").Replace("replicas: 3", "replicas: three", StringComparison.Ordinal);

        var e = Should.Throw<Domain.InvalidInputException>(() => ManifestLint.Read([new ManifestText("a.yaml", yaml)]));

        e.Message.ShouldBe("a.yaml:7: Deployment default/web: spec.replicas must be an integer, not 'three'");
    }

    [Fact]
    public void Read_WrongTypeInARollout_NamesTheField()
    {
        var yaml = Manifests.Rollout("r", replicas: 4, steps: "- setWeight: ten");

        var e = Should.Throw<Domain.InvalidInputException>(() => ManifestLint.Read([new ManifestText("r.yaml", yaml)]));

        e.Message.ShouldContain("Rollout default/r: spec.strategy.canary.steps[0].setWeight must be a number, not 'ten'");
    }

    [Fact]
    public void Read_BooleanOfYaml11InARollout_ShownAsWritten()
    {
        // `on` is the boolean true to kubectl; the line shows what was written beside what it reads as.
        var yaml = Manifests.Rollout("r", replicas: 4, steps: "- setWeight: on");

        var e = Should.Throw<Domain.InvalidInputException>(() => ManifestLint.Read([new ManifestText("r.yaml", yaml)]));

        e.Message.ShouldContain("Rollout default/r: spec.strategy.canary.steps[0].setWeight must be a number, not on (kubectl reads it as the boolean true)");
    }
}
