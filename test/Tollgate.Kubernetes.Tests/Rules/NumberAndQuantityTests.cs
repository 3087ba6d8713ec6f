using Tollgate.Domain;
using Tollgate.Kubernetes.Objects;

namespace Tollgate.Kubernetes.Tests.Rules;

/// <summary>
/// Scalars of the wrong shape in manifests as teams write them: a string where a field holds an integer or a number
/// (<c>minReadySeconds: "30"</c>, a duration where it counts seconds, <c>30s</c>), which the API server refuses (a
/// Deployment's JSON decoder and a CRD's schema alike), and a resource quantity it cannot parse (<c>cpu: 500mi</c>,
/// <c>memory: 1GB</c>; <c>1G</c> and <c>1Gi</c> are quantities). Each is one <c>k8s/invalid-manifest</c> finding with the
/// value meant, and the object is linted as meant: a quoted <c>minReadySeconds</c> is not also "minReadySeconds unset",
/// and a bad quantity is no longer an internal error.
/// </summary>
public sealed class NumberAndQuantityTests
{
    [Theory]
    [InlineData("web-deployment.yaml", "  minReadySeconds: 10", "  minReadySeconds: \"10\"", "10", "Deployment shop/storefront", "spec.minReadySeconds", "an integer of seconds", "10")]
    [InlineData("web-deployment.yaml", "  minReadySeconds: 10", "  minReadySeconds: 10s", "10s", "Deployment shop/storefront", "spec.minReadySeconds", "an integer of seconds", "10")]
    [InlineData("web-deployment.yaml", "  progressDeadlineSeconds: 600", "  progressDeadlineSeconds: 10m", "10m", "Deployment shop/storefront", "spec.progressDeadlineSeconds", "an integer of seconds", "600")]
    [InlineData("web-deployment.yaml", "  replicas: 4", "  replicas: \"4\"", "4", "Deployment shop/storefront", "spec.replicas", "an integer", "4")]
    [InlineData("web-deployment.yaml", "            initialDelaySeconds: 20", "            initialDelaySeconds: \"20\"", "20", "Deployment shop/storefront", "spec.template.spec.containers[0].livenessProbe.initialDelaySeconds", "an integer of seconds", "20")]
    [InlineData("web-deployment.yaml", "  maxReplicas: 20", "  maxReplicas: \"20\"", "20", "HorizontalPodAutoscaler shop/storefront", "spec.maxReplicas", "an integer", "20")]
    [InlineData("stateful.yaml", "  minReadySeconds: 20", "  minReadySeconds: 20s", "20s", "StatefulSet shop/queue", "spec.minReadySeconds", "an integer of seconds", "20")]
    [InlineData("argo-rollout-canary.yaml", "  minReadySeconds: 15", "  minReadySeconds: \"15\"", "15", "Rollout shop/checkout", "spec.minReadySeconds", "an integer of seconds", "15")]
    [InlineData("argo-rollout-canary.yaml", "        - setWeight: 30", "        - setWeight: \"30\"", "30", "Rollout shop/checkout", "spec.strategy.canary.steps[2].setWeight", "an integer", "30")]
    [InlineData("flagger-canary.yaml", "    stepWeight: 10", "    stepWeight: \"10\"", "10", "Canary test/podinfo", "spec.analysis.stepWeight", "a number", "10")]
    [InlineData("flagger-canary.yaml", "  progressDeadlineSeconds: 60\n  skipAnalysis", "  progressDeadlineSeconds: 1m\n  skipAnalysis", "1m", "Canary test/podinfo", "spec.progressDeadlineSeconds", "a number of seconds", "60")]
    [InlineData("jobs.yaml", "  activeDeadlineSeconds: 900", "  activeDeadlineSeconds: 15m", "15m", "Job shop/migrate-orders", "spec.activeDeadlineSeconds", "an integer of seconds", "900")]
    [InlineData("jobs.yaml", "  successfulJobsHistoryLimit: 3", "  successfulJobsHistoryLimit: \"3\"", "3", "CronJob shop/nightly-report", "spec.successfulJobsHistoryLimit", "an integer", "3")]
    public void Number_WrittenAsAString_OneFindingAndLintedAsTheNumber(string fixture, string written, string wrong, string value, string address, string path, string takes, string meant)
    {
        var text = FixtureText.Replaced(fixture, written, wrong);

        var lint = Lint.Text(text, fixture);

        // Linted as meant: the Rollout's minReadySeconds is still 15 (no k8s/min-ready-seconds), the Canary still steps
        // 10, 20, … 50, and a Deployment's typed read no longer stops the lint (exit 3) at the quoted number.
        var finding = lint.Findings.ShouldHaveSingleItem();
        finding.Rule.ShouldBe("k8s/invalid-manifest");
        var type = takes.StartsWith("an integer", StringComparison.Ordinal) ? "integer" : "number";
        finding.Message.ShouldBe($"{address}: {path} is \"{value}\", a string where a {address.Split(' ')[0]} takes {takes}; did you mean {meant}?: kubectl apply refuses it ({path} must be of type {type}, not a string); linted as {meant}");
        finding.Suggestion.ShouldBe($"set {path} to {meant}, unquoted");
        finding.Location!.Line.ShouldBe(FixtureText.LineOf(text, wrong.Split('\n')[0].Trim()));
        if (fixture == "flagger-canary.yaml")
        {
            lint.Set.Canaries.ShouldHaveSingleItem().Weights.ShouldBe([10, 20, 30, 40, 50]);
        }
    }

    [Fact]
    public void Number_NothingItSpells_FoundWhereNothingReadsIt()
    {
        // Flagger reads progressDeadlineSeconds, the lint does not: the Canary is linted, and the value found.
        var text = FixtureText.Replaced("flagger-canary.yaml", "  progressDeadlineSeconds: 60\n  skipAnalysis", "  progressDeadlineSeconds: a minute\n  skipAnalysis");

        var finding = Lint.Text(text).Findings.ShouldHaveSingleItem();

        finding.Message.ShouldBe("Canary test/podinfo: spec.progressDeadlineSeconds is \"a minute\", a string where a Canary takes a number of seconds: kubectl apply refuses it (spec.progressDeadlineSeconds must be of type number, not a string)");
        finding.Suggestion.ShouldBe("set spec.progressDeadlineSeconds to a number, unquoted");
    }

    [Fact]
    public void Number_NothingItSpellsWhereTheLintReadsIt_BadInputAsBefore()
    {
        // The lint cannot judge a rollout without its replicas: bad input (exit 3), one line, as it was.
        var text = FixtureText.Replaced("web-deployment.yaml", "  replicas: 4", "  replicas: four");

        var e = Should.Throw<InvalidInputException>(() => Lint.Text(text, "web.yaml"));

        e.Message.ShouldBe("web.yaml:11: Deployment shop/storefront: spec.replicas must be an integer, not 'four'");
    }

    [Theory]
    [InlineData("  replicas: 4", "  replicas: 2147483648", "web.yaml:11: Deployment shop/storefront: spec.replicas must be an integer of at most 2147483647 (Kubernetes holds it in 32 bits), not 2147483648")]
    [InlineData("  replicas: 4", "  replicas: 9223372036854775807", "web.yaml:11: Deployment shop/storefront: spec.replicas must be an integer of at most 2147483647 (Kubernetes holds it in 32 bits), not 9223372036854775807")]
    [InlineData("  replicas: 4", "  replicas: -5", "web.yaml:11: Deployment shop/storefront: spec.replicas must be 0 or more, not -5 (the API server refuses a negative count)")]
    [InlineData("  minReadySeconds: 10", "  minReadySeconds: -1", "web.yaml:12: Deployment shop/storefront: spec.minReadySeconds must be 0 or more, not -1 (the API server refuses a negative count)")]
    public void Number_AnIntegerNoDeploymentHolds_BadInputSayingWhichItTakes(string written, string wrong, string message) =>
        Refused("web-deployment.yaml", written, wrong, message);

    [Theory]
    [InlineData("  replicas: 5", "  replicas: 2147483648", "web.yaml:11: Rollout shop/checkout: spec.replicas must be an integer of at most 2147483647 (Kubernetes holds it in 32 bits), not 2147483648")]
    [InlineData("  replicas: 5", "  replicas: four", "web.yaml:11: Rollout shop/checkout: spec.replicas must be a number, not 'four'")] // said 'replicas', where a Deployment's says 'spec.replicas'
    [InlineData("  replicas: 5", "  replicas: -3", "web.yaml:11: Rollout shop/checkout: spec.replicas must be 0 or more, not -3 (a negative count)")]
    [InlineData("{duration: 5m}", "{duration: 1.5}", "web.yaml:61: Rollout shop/checkout: spec.strategy.canary.steps[1].pause.duration must be an integer, not 1.5")] // the CRD takes an integer or a string
    [InlineData("{duration: 5m}", "{duration: true}", "web.yaml:61: Rollout shop/checkout: spec.strategy.canary.steps[1].pause.duration must be a duration like 30s, 5m or 1h30m, or a whole number of seconds, not true")]
    public void Number_AnIntegerNoRolloutHolds_BadInputSayingWhichItTakes(string written, string wrong, string message) =>
        Refused("argo-rollout-canary.yaml", written, wrong, message);

    private static void Refused(string fixture, string written, string wrong, string message)
    {
        // Before: "must be an integer, not 2147483648", false of an integer; and -5 was linted as five pods fewer than
        // none ("maxUnavailable 25% is -2 of its -5 pods").
        var text = FixtureText.Replaced(fixture, written, wrong);

        var e = Should.Throw<InvalidInputException>(() => Lint.Text(text, "web.yaml"));

        e.Message.ShouldBe(message);
    }

    [Theory]
    [InlineData("web-deployment.yaml", "      maxSurge: 25%", "      maxSurge: \"-5%\"", "Deployment shop/storefront: spec.strategy.rollingUpdate.maxSurge must be a count of 0 or more (unquoted) or a percentage like 25%, not '-5%' (the API server refuses it)")]
    [InlineData("web-deployment.yaml", "      maxSurge: 25%", "      maxSurge: abc", "Deployment shop/storefront: spec.strategy.rollingUpdate.maxSurge must be a count of 0 or more (unquoted) or a percentage like 25%, not 'abc' (the API server refuses it)")]
    [InlineData("web-deployment.yaml", "      maxSurge: 25%", "      maxSurge: \"\"", "Deployment shop/storefront: spec.strategy.rollingUpdate.maxSurge must be a count of 0 or more (unquoted) or a percentage like 25%, not '' (the API server refuses it)")]
    [InlineData("web-deployment.yaml", "      maxSurge: 25%", "      maxSurge: -1", "Deployment shop/storefront: spec.strategy.rollingUpdate.maxSurge must be 0 or more, not -1 (the API server refuses it)")]
    [InlineData("web-deployment.yaml", "      maxSurge: 25%", "      maxSurge: 3000000000", "Deployment shop/storefront: spec.strategy.rollingUpdate.maxSurge must be a count of at most 2147483647 (Kubernetes holds it in 32 bits), not 3000000000 (the API server refuses it)")]
    [InlineData("web-deployment.yaml", "      maxUnavailable: 1", "      maxUnavailable: 200%", "Deployment shop/storefront: spec.strategy.rollingUpdate.maxUnavailable must be at most 100%, not 200% (the API server refuses it)")]
    [InlineData("web-deployment.yaml", "      maxUnavailable: 1", "      maxUnavailable: \"1\"", "Deployment shop/storefront: spec.strategy.rollingUpdate.maxUnavailable must be a count of 0 or more (unquoted) or a percentage like 25%, not '1' (the API server refuses it)")]
    [InlineData("stateful.yaml", "      maxUnavailable: 1\n", "      maxUnavailable: 150%\n", "StatefulSet shop/queue: spec.updateStrategy.rollingUpdate.maxUnavailable must be at most 100%, not 150% (the API server refuses it)")]
    [InlineData("argo-rollout-canary.yaml", "      maxSurge: \"25%\"", "      maxSurge: \"-25%\"", "Rollout shop/checkout: spec.strategy.canary.maxSurge must be a count of 0 or more (unquoted) or a percentage like 25%, not '-25%' (Argo Rollouts cannot scale it)")]
    public void RollingBound_NotACountOrPercentageKubernetesTakes_BadInputAtItsLine(string fixture, string written, string wrong, string message)
    {
        // Before: maxSurge "-5%", abc, "", -1 and 3000000000 passed unread (the API server refuses each), and
        // maxUnavailable 200% was linted as "6 of its 3 pods" where kubectl apply refuses the Deployment.
        var text = FixtureText.Replaced(fixture, written, wrong);

        var e = Should.Throw<InvalidInputException>(() => Lint.Text(text, "m.yaml"));

        e.Message.ShouldBe($"m.yaml:{FixtureText.LineOf(text, wrong.Trim())}: {message}");
    }

    [Theory]
    [InlineData("web-deployment.yaml", "      maxSurge: 25%", "      maxSurge: 0", "      maxUnavailable: 1", "      maxUnavailable: 0", "Deployment shop/storefront: spec.strategy.rollingUpdate.maxUnavailable may not be 0 when maxSurge is 0: the update could replace no pod (the API server refuses it)")]
    [InlineData("web-deployment.yaml", "      maxSurge: 25%", "      maxSurge: 0%", "      maxUnavailable: 1", "      maxUnavailable: \"0%\"", "Deployment shop/storefront: spec.strategy.rollingUpdate.maxUnavailable may not be 0 when maxSurge is 0: the update could replace no pod (the API server refuses it)")]
    public void RollingBounds_BothZero_BadInputAtMaxUnavailable(string fixture, string surge, string zeroSurge, string unavailable, string zeroUnavailable, string message)
    {
        var text = FixtureText.Replaced(fixture, surge, zeroSurge).Replace(unavailable, zeroUnavailable, StringComparison.Ordinal);

        var e = Should.Throw<InvalidInputException>(() => Lint.Text(text, "m.yaml"));

        e.Message.ShouldBe($"m.yaml:{FixtureText.LineOf(text, zeroUnavailable.Trim())}: {message}");
    }

    [Fact]
    public void RollingBounds_OneOfThemZero_Linted()
    {
        var text = FixtureText.Replaced("web-deployment.yaml", "      maxSurge: 25%", "      maxSurge: 0");

        Should.NotThrow(() => Lint.Text(text, "m.yaml"));
    }

    [Theory]
    [InlineData("yes", "yes (kubectl reads it as the boolean true)")]
    [InlineData("Off", "Off (kubectl reads it as the boolean false)")]
    [InlineData("4.5", "4.5")]
    [InlineData("[4]", "a list")]
    public void Number_WrittenAsWhatKubectlReadsOtherwise_TheErrorShowsItAsWritten(string written, string shown)
    {
        // The one line names the value as the manifest has it, and what kubectl reads it as where that differs: an
        // unquoted yes is the boolean true to kubectl (YAML 1.1), which "not true" alone would hide.
        var text = FixtureText.Replaced("web-deployment.yaml", "  replicas: 4", "  replicas: " + written);

        var e = Should.Throw<InvalidInputException>(() => Lint.Text(text, "web.yaml"));

        e.Message.ShouldBe($"web.yaml:11: Deployment shop/storefront: spec.replicas must be an integer, not {shown}");
    }

    [Theory]
    [InlineData("              cpu: 250m", "              cpu: 250mi", "250mi", "requests.cpu", "250m", Quantities.SuffixWrong, "set {0} to 250m")]
    [InlineData("              memory: 1Gi", "              memory: 1GB", "1GB", "limits.memory", "1G", Quantities.FormatWrong, "set {0} to 1G (or 1Gi: Ki, Mi, Gi count in powers of 1024)")]
    [InlineData("              memory: 512Mi", "              memory: 512MiB", "512MiB", "requests.memory", "512Mi", Quantities.FormatWrong, "set {0} to 512Mi")]
    [InlineData("              memory: 1Gi", "              memory: 1gi", "1gi", "limits.memory", "1Gi", Quantities.FormatWrong, "set {0} to 1Gi")]
    [InlineData("              ephemeral-storage: 2G", "              ephemeral-storage: 2 GB", "2 GB", "limits.ephemeral-storage", "2G", Quantities.FormatWrong, "set {0} to 2G (or 2Gi: Ki, Mi, Gi count in powers of 1024)")]
    public void Quantity_NotOneKubernetesParses_OneFindingWithTheQuantityMeant(string written, string wrong, string value, string under, string meant, string why, string suggestion)
    {
        var text = FixtureText.Replaced("web-deployment.yaml", written, wrong);
        var path = "spec.template.spec.containers[0].resources." + under;

        var finding = Lint.Text(text).Findings.ShouldHaveSingleItem();

        finding.Rule.ShouldBe("k8s/invalid-manifest");
        finding.Message.ShouldBe($"Deployment shop/storefront: {path} is \"{value}\", which is not a Kubernetes quantity; did you mean {meant}?: kubectl apply refuses it ({why}); linted as {meant}");
        finding.Suggestion.ShouldBe(string.Format(System.Globalization.CultureInfo.InvariantCulture, suggestion, path));
        finding.Evidence["expected"].ShouldBe("quantity");
        finding.Location!.Line.ShouldBe(FixtureText.LineOf(text, wrong.Trim()));
    }

    [Fact]
    public void Quantity_NothingNear_FoundAndLintedWithoutIt()
    {
        var text = FixtureText.Replaced("web-deployment.yaml", "              memory: 1Gi", "              memory: plenty");

        var finding = Lint.Text(text).Findings.ShouldHaveSingleItem();

        finding.Message.ShouldBe($"Deployment shop/storefront: spec.template.spec.containers[0].resources.limits.memory is \"plenty\", which is not a Kubernetes quantity: kubectl apply refuses it ({Quantities.FormatWrong}); linted without it");
        finding.Suggestion.ShouldStartWith("set spec.template.spec.containers[0].resources.limits.memory to a quantity: a number and a suffix");
    }

    [Theory]
    [InlineData("1G")]
    [InlineData("1000M")]
    [InlineData("0.5")]
    [InlineData("1e9")]
    public void Quantity_OneKubernetesParses_NoFinding(string memory)
    {
        var text = FixtureText.Replaced("web-deployment.yaml", "              memory: 1Gi", $"              memory: {memory}");

        Lint.Text(text).Findings.ShouldBeEmpty();
    }

    [Fact]
    public void Quantity_InAnObjectTheTablesDoNotCheck_BadInputNotAnInternalError()
    {
        // A removed API version is not field-checked (its old schema is not the table's); its typed read still refuses
        // the quantity, as one line naming the object.
        var text = FixtureText.Replaced("web-deployment.yaml", "apiVersion: apps/v1\nkind: Deployment", "apiVersion: extensions/v1beta1\nkind: Deployment")
            .Replace("memory: 1Gi", "memory: 1GB", StringComparison.Ordinal);

        var e = Should.Throw<InvalidInputException>(() => Lint.Text(text, "web.yaml"));

        e.Message.ShouldBe("web.yaml:3: Deployment shop/storefront: holds a value that is not a Kubernetes quantity (unable to parse quantity's suffix)");
    }
}
