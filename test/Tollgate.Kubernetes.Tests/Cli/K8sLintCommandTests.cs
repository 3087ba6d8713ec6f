using Tollgate.Ledger;

namespace Tollgate.Kubernetes.Tests.Cli;

/// <summary><c>tollgate k8s lint</c> through the real command line: the same formats, policy, ledger and exit codes as <c>plan</c>.</summary>
public sealed class K8sLintCommandTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("tollgate-k8s-cli-").FullName;

    private string Ledger => Path.Combine(_directory, "ledger.db");

    private Task<CliRun> Run(params string[] args) => CliRun.RunAsync(_directory, null, [.. args, "--ledger", Ledger]);

    /// <summary>
    /// The JSON findings of a lint of <paramref name="fixture"/> with each edit made (every one must apply), which must
    /// fail with three k8s/invalid-manifest findings.
    /// </summary>
    private async Task<List<System.Text.Json.JsonElement>> InvalidManifestFindingsAsync(string fixture, params (string From, string To)[] edits)
    {
        var text = await File.ReadAllTextAsync(Lint.Fixture(fixture));
        foreach (var (from, to) in edits)
        {
            text.ShouldContain(from, Case.Sensitive);
            text = text.Replace(from, to, StringComparison.Ordinal);
        }

        var manifest = Path.Combine(_directory, fixture);
        await File.WriteAllTextAsync(manifest, text);

        var run = await Run("k8s", "lint", manifest, "--format", "json");

        run.ExitCode.ShouldBe(1, run.Out + run.Error);
        var findings = run.Json().GetProperty("findings").EnumerateArray().ToList();
        findings.Select(f => f.GetProperty("rule").GetString()).ShouldBe(["k8s/invalid-manifest", "k8s/invalid-manifest", "k8s/invalid-manifest"]);
        return findings;
    }

    [Fact]
    public async Task Lint_UnsafeExamples_FailsWithEveryFinding()
    {
        var run = await Run("k8s", "lint", Lint.Example("unsafe"), "--format", "json");

        run.ExitCode.ShouldBe(1, run.Error);
        var json = run.Json();
        json.GetProperty("kind").GetString().ShouldBe("k8s-lint");
        json.GetProperty("verdict").GetString().ShouldBe("fail");
        json.GetProperty("findings").GetArrayLength().ShouldBe(15);
        json.GetProperty("summary").GetProperty("workloads").GetInt32().ShouldBe(4);
    }

    [Fact]
    public async Task Lint_SafeExamples_Passes()
    {
        var run = await Run("k8s", "lint", Lint.Example("safe"));

        run.ExitCode.ShouldBe(0, run.Out + run.Error);
        run.Out.ShouldStartWith("PASS  k8s-lint");
    }

    [Fact]
    public async Task Lint_JobsAlone_PassOrFailOnTheirFindings()
    {
        // A release's migration Job and report CronJob, linted on their own: judged, so no hold.
        var passing = await Run("k8s", "lint", Lint.Fixture("jobs.yaml"));
        var broken = Path.Combine(_directory, "jobs.yaml");
        await File.WriteAllTextAsync(broken, (await File.ReadAllTextAsync(Lint.Fixture("jobs.yaml"))).Replace("restartPolicy: Never", "restartPolicy: Always", StringComparison.Ordinal));
        var failing = await Run("k8s", "lint", broken, "--format", "json");

        passing.ExitCode.ShouldBe(0, passing.Out + passing.Error);
        passing.Out.ShouldStartWith("PASS  k8s-lint");
        passing.Out.ShouldContain("0 Flagger Canaries, 1 CronJob, 1 Job; 0 other objects in 1 file; 0 findings");
        failing.ExitCode.ShouldBe(1, failing.Out + failing.Error);
        var finding = failing.Json().GetProperty("findings").EnumerateArray().ShouldHaveSingleItem();
        finding.GetProperty("address").GetString().ShouldBe("Job/shop/migrate-orders");
        finding.GetProperty("evidence").GetProperty("restartPolicy").GetString().ShouldBe("Always");
    }

    [Fact]
    public async Task Lint_ValuesKubernetesRefuses_FailsWithOneFindingEachNotAnInternalError()
    {
        // memory: 1GB stopped the lint with "internal error: unable to parse quantity's suffix" (exit 3), and a quoted
        // minReadySeconds with "must be an integer" (exit 3); each is now a finding at its line, read as meant.
        var findings = await InvalidManifestFindingsAsync(
            "web-deployment.yaml",
            ("imagePullPolicy: IfNotPresent", "imagePullPolicy: always"),
            ("  minReadySeconds: 10", "  minReadySeconds: \"10\""),
            ("memory: 1Gi", "memory: 1GB"));

        findings.Select(f => f.GetProperty("evidence").GetProperty("field").GetString()).ShouldBe(
            ["spec.minReadySeconds", "spec.template.spec.containers[0].imagePullPolicy", "spec.template.spec.containers[0].resources.limits.memory"]);
        findings.Select(f => f.GetProperty("evidence").GetProperty("near").GetString()).ShouldBe(["10", "Always", "1G"]);
    }

    [Fact]
    public async Task Lint_QuotedBooleansAndAProbedInitContainer_FailWithAFindingEach()
    {
        // automountServiceAccountToken: "false" stopped the lint with "must be a boolean" (exit 3); an unquoted yes is a
        // boolean to kubectl and passes; an init container probed without restartPolicy: Always is refused.
        var findings = await InvalidManifestFindingsAsync(
            "sidecars.yaml",
            ("shareProcessNamespace: false", "shareProcessNamespace: \"false\"\n      automountServiceAccountToken: no"),
            ("readOnlyRootFilesystem: true", "readOnlyRootFilesystem: yes"),
            ("          restartPolicy: Always\n          ports:", "          ports:"));

        findings.Select(f => f.GetProperty("evidence").GetProperty("field").GetString()).ShouldBe(
            ["spec.template.spec.shareProcessNamespace", "spec.template.spec.initContainers[1].startupProbe", "spec.template.spec.initContainers[1].readinessProbe"]);
    }

    [Fact]
    public async Task Lint_NumbersAndBooleansWhereStringsBelong_FailWithTheTextToQuote()
    {
        // kubectl apply refuses each (cannot unmarshal number into Go struct field EnvVar...value of type string); the
        // finding names the text as written, 1.0 and not 1, and yes and not true, quoted; the int-or-string maxSurge takes 1.
        var findings = await InvalidManifestFindingsAsync(
            "web-deployment.yaml",
            ("          imagePullPolicy: IfNotPresent", "          imagePullPolicy: IfNotPresent\n          env:\n            - name: PORT\n              value: 8080"),
            ("      labels:\n        app.kubernetes.io/name: storefront\n    spec:", "      labels:\n        app.kubernetes.io/name: storefront\n        version: 1.0\n        canary: yes\n    spec:"),
            ("maxSurge: 25%", "maxSurge: 1"));

        findings.Select(f => f.GetProperty("severity").GetString()).ShouldAllBe(s => s == "critical");
        findings.Select(f => f.GetProperty("suggestion").GetString()).ShouldBe(
        [
            "set spec.template.metadata.labels.version to \"1.0\", quoted",
            "set spec.template.metadata.labels.canary to \"yes\", quoted",
            "set spec.template.spec.containers[0].env[0].value to \"8080\", quoted",
        ]);
    }

    [Fact]
    public async Task Lint_CanaryStepsArgoRefuses_FailWithAFindingEachNotAPass()
    {
        // setWeight: 150 and a pause of -5 seconds passed with no finding, and duration: abc stopped the lint (exit 3);
        // the Argo Rollouts controller refuses each (InvalidSpec) and never rolls the Rollout out.
        var findings = await InvalidManifestFindingsAsync(
            "argo-rollout-canary.yaml",
            ("- setWeight: 10", "- setWeight: 150"),
            ("{duration: 5m}", "{duration: -5}"),
            ("{duration: 10m}", "{duration: abc}"));

        findings.Select(f => f.GetProperty("evidence").GetProperty("field").GetString()).ShouldBe(
            ["spec.strategy.canary.steps[0].setWeight", "spec.strategy.canary.steps[1].pause.duration", "spec.strategy.canary.steps[3].pause.duration"]);
        findings.Select(f => f.GetProperty("evidence").GetProperty("invalidSpec").GetString()).ShouldBe(
            ["SetWeight needs to be between 0 and 100", "Duration needs to be greater than 0", "Duration needs to be greater than 0"]);
    }

    [Fact]
    public async Task Lint_StandardInput_ReadsDashWithItsLines()
    {
        var yaml = await File.ReadAllTextAsync(Lint.Fixture("kubectl-get.yaml"));

        var run = await CliRun.RunAsync(_directory, yaml, "k8s", "lint", "-", "--format", "json", "--ledger", Ledger);

        run.ExitCode.ShouldBe(1, run.Error);
        var finding = run.Json().GetProperty("findings").EnumerateArray().First(f => f.GetProperty("rule").GetString() == "k8s/pdb-blocks-eviction");
        finding.GetProperty("address").GetString().ShouldBe("PodDisruptionBudget/shop/cart");
    }

    [Fact]
    public async Task Lint_Sarif_PointsAtFileAndLine()
    {
        var run = await Run("k8s", "lint", Lint.Fixture("kubectl-get.yaml"), "--format", "sarif");

        var results = run.Json().GetProperty("runs")[0].GetProperty("results");
        var pdb = results.EnumerateArray().First(r => r.GetProperty("ruleId").GetString() == "k8s/pdb-blocks-eviction");
        var location = pdb.GetProperty("locations")[0].GetProperty("physicalLocation");
        location.GetProperty("artifactLocation").GetProperty("uri").GetString()!.ShouldEndWith("kubectl-get.yaml");
        location.GetProperty("region").GetProperty("startLine").GetInt32().ShouldBe(67);
    }

    [Fact]
    public async Task Lint_BrokenYaml_Exit3WithFileAndLine()
    {
        var file = Write("broken.yaml", "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n  labels: {app: web\n");

        var run = await Run("k8s", "lint", file);

        run.ExitCode.ShouldBe(3);
        run.Error.ShouldMatch(@"^tollgate: error: .*broken\.yaml:\d+:\d+: not valid YAML: ");
        run.Error.Trim().Split('\n').Length.ShouldBe(1);
        run.Out.ShouldBeEmpty();
    }

    [Fact]
    public async Task Lint_OnlyNonKubernetesYaml_HoldsWithANote()
    {
        Write("charts/values.yaml", "replicaCount: 3\n");

        var run = await Run("k8s", "lint", Path.Combine(_directory, "charts"), "--format", "json");

        run.ExitCode.ShouldBe(2, run.Error);
        var json = run.Json();
        json.GetProperty("verdict").GetString().ShouldBe("hold");
        json.GetProperty("notes")[0].GetString()!.ShouldContain("values.yaml:1: a document without apiVersion and kind is not a Kubernetes object; ignored");
    }

    [Fact]
    public async Task Lint_ManifestTheApiServerRefuses_FailsExit1()
    {
        var web = Manifests.Manifests.Deployment("web", replicas: 1).Replace("  name: web", "  labels: {app: web}", StringComparison.Ordinal);

        var run = await Run("k8s", "lint", Write("web.yaml", web));

        run.ExitCode.ShouldBe(1, run.Out + run.Error);
        run.Out.ShouldStartWith("FAIL  k8s-lint");
        run.Out.ShouldContain("k8s/invalid-manifest on Deployment/default/(unnamed)");
    }

    [Theory]
    [InlineData("chart", "chart")]
    [InlineData(".", "charts/web")]
    public async Task Lint_HelmChart_Exit3SayingToRenderIt(string given, string chart)
    {
        Write("k8s/web.yaml", Manifests.Manifests.Deployment("web"));
        Write($"{chart}/Chart.yaml", "apiVersion: v2\nname: web\nversion: 0.1.0\n");
        Write($"{chart}/templates/deployment.yaml", "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {{ .Release.Name }}\n");

        var run = await Run("k8s", "lint", given);

        run.ExitCode.ShouldBe(3);
        run.Error.ShouldBe($"tollgate: error: {chart} is a Helm chart (Chart.yaml): its templates are manifests only once rendered; lint what it renders: helm template {chart} | tollgate k8s lint -\n");
        (await Run("k8s", "lint", "k8s")).ExitCode.ShouldBeLessThan(3, "the manifests beside the chart read");
    }

    [Theory]
    [InlineData("deploy/overlays/prod", "deploy/overlays/prod")]
    [InlineData("deploy", "deploy/base")]
    public async Task Lint_Kustomization_Exit3SayingToBuildIt(string given, string kustomization)
    {
        Write("deploy/base/kustomization.yaml", "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources: [deployment.yaml]\n");
        Write("deploy/base/deployment.yaml", Manifests.Manifests.Deployment("web"));
        Write("deploy/overlays/prod/kustomization.yaml", "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nnamespace: prod\nresources: [../../base]\npatches: [{path: replicas.yaml}]\n");
        Write("deploy/overlays/prod/replicas.yaml", "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec: {replicas: 5}\n");

        var run = await Run("k8s", "lint", given);

        run.ExitCode.ShouldBe(3, run.Out);
        run.Error.ShouldBe($"tollgate: error: {kustomization} is a kustomization (kustomization.yaml): its bases and patches are manifests only once built; lint what it builds: kubectl kustomize {kustomization} | tollgate k8s lint -\n");
        run.Out.ShouldBeEmpty();
    }

    [Fact]
    public async Task Lint_HelmStreamWithRemovedApis_FailsNamingEachAtItsTemplate()
    {
        var rendered = """
            ---
            # Source: shop/templates/deployment.yaml
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: shop}
            spec:
              replicas: 3
              minReadySeconds: 10
              selector: {matchLabels: {app: shop}}
              template:
                metadata: {labels: {app: shop}}
                spec:
                  containers:
                    - name: shop
                      image: nginx:1.27
                      readinessProbe: {httpGet: {path: /healthz, port: 80}}
            ---
            # Source: shop/templates/pdb.yaml
            apiVersion: policy/v1beta1
            kind: PodDisruptionBudget
            metadata: {name: shop}
            spec: {maxUnavailable: 1, selector: {matchLabels: {app: shop}}}
            ---
            # Source: shop/templates/hpa.yaml
            apiVersion: autoscaling/v2beta1
            kind: HorizontalPodAutoscaler
            metadata: {name: shop}
            spec:
              scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: shop}
              minReplicas: 3
              maxReplicas: 10
              metrics: [{type: Resource, resource: {name: cpu, targetAverageUtilization: 80}}]

            """;

        var run = await CliRun.RunAsync(_directory, rendered, "k8s", "lint", "-", "--format", "json", "--ledger", Ledger);

        run.ExitCode.ShouldBe(1, run.Out + run.Error);
        var findings = run.Json().GetProperty("findings").EnumerateArray().ToList();
        findings.Select(f => f.GetProperty("rule").GetString()).ShouldBe(["k8s/invalid-manifest", "k8s/invalid-manifest"]);
        findings.Select(f => f.GetProperty("evidence").GetProperty("helmSource").GetString()).ShouldBe(["shop/templates/hpa.yaml", "shop/templates/pdb.yaml"], ignoreOrder: true);
        findings.Select(f => f.GetProperty("evidence").GetProperty("removedIn").GetString()).ShouldBe(["1.25", "1.25"]);
    }

    [Fact]
    public async Task Lint_CharacterDevice_Exit3WithoutReadingIt()
    {
        var run = await Run("k8s", "lint", "/dev/zero");

        run.ExitCode.ShouldBe(3);
        run.Error.ShouldContain("/dev/zero is a character device, not a regular file");
    }

    [Fact]
    public async Task Lint_FileOverTheLimit_Exit3NamingTheLimit()
    {
        var big = Path.Combine(_directory, "big.yaml");
        using (var file = File.Create(big))
        {
            file.SetLength(Lint.MaxBytes + 1);
        }

        var run = await Run("k8s", "lint", big);

        run.ExitCode.ShouldBe(3);
        run.Error.ShouldContain("read up to 32 MB");
    }

    [Fact]
    public async Task Lint_DirectoryWithoutManifests_Exit3()
    {
        Directory.CreateDirectory(Path.Combine(_directory, "empty"));

        var run = await Run("k8s", "lint", Path.Combine(_directory, "empty"));

        run.ExitCode.ShouldBe(3);
        run.Error.ShouldContain("holds no .yaml, .yml or .json file");
    }

    [Fact]
    public async Task Lint_PolicySeverityOverridesAndExceptions_AppliedAsForPlans()
    {
        var policy = Write("tollgate.yaml", """
            rules:
              k8s/readiness-probe: { severity: medium }
            exceptions:
              - rule: k8s/pdb-blocks-eviction
                address: "PodDisruptionBudget/shop/*"
                reason: "cart runs one pod per zone; drains go through the runbook, OPS-31"
                owner: shop-team
                expires: 2027-03-31
            """);

        var run = await Run("k8s", "lint", Lint.Fixture("kubectl-get.yaml"), "--policy", policy, "--format", "json");

        run.ExitCode.ShouldBe(0, run.Out + run.Error);
        var findings = run.Json().GetProperty("findings").EnumerateArray().ToList();
        findings.First(f => f.GetProperty("rule").GetString() == "k8s/readiness-probe").GetProperty("severity").GetString().ShouldBe("medium");
        run.Json().GetProperty("facts").GetProperty("policy").GetString()!.ShouldEndWith("tollgate.yaml");
    }

    [Fact]
    public async Task Lint_ReviewOnARule_ApprovedByDigestThenPasses()
    {
        var policy = Write("review.yaml", "reviewOn: [k8s/pdb-missing]\n");
        var manifests = Write("web.yaml", Manifests.Manifests.Deployment("web"));

        var first = await Run("k8s", "lint", manifests, "--policy", policy, "--format", "json");
        var digest = first.Json().GetProperty("digest").GetString()!;
        var approve = await Run("approve", "--digest", digest, "--by", "alice", "--reason", "single zone on purpose", "--policy", policy);
        var second = await Run("k8s", "lint", manifests, "--policy", policy);

        first.ExitCode.ShouldBe(2, first.Out);
        first.Json().GetProperty("verdict").GetString().ShouldBe("review");
        approve.ExitCode.ShouldBe(0, approve.Error);
        second.ExitCode.ShouldBe(0, second.Out);
        second.Out.ShouldContain("approved by alice");
    }

    [Fact]
    public async Task Lint_EveryVerdict_GoesToTheLedger()
    {
        await Run("k8s", "lint", Lint.Example("unsafe"));
        await Run("k8s", "lint", Lint.Example("safe"));

        await using var ledger = await LedgerLocation.OpenAsync(Ledger, _directory, TimeProvider.System);
        var entries = await ledger.RecentAsync("k8s-lint", 10);
        entries.Select(e => e.Verdict).Order(StringComparer.Ordinal).ShouldBe(["fail", "pass"]);
    }

    [Fact]
    public async Task Lint_OutputOverAnInput_Refused()
    {
        var manifests = Write("web.yaml", Manifests.Manifests.Deployment("web"));

        var run = await Run("k8s", "lint", manifests, "--output", manifests);

        run.ExitCode.ShouldBe(3);
        File.ReadAllText(manifests).ShouldContain("kind: Deployment");
    }

    private string Write(string name, string text)
    {
        var path = Path.Combine(_directory, name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
        return path;
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
