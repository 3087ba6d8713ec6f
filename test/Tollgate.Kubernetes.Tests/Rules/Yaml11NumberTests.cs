namespace Tollgate.Kubernetes.Tests.Rules;

/// <summary>
/// Numbers as the cluster reads them: kubectl reads YAML 1.1 through go-yaml v2, where an unquoted <c>010</c> is the
/// octal 8, <c>0x10</c> is 16 and <c>1_0</c> is 10, so the rules judge those values, not the decimals they look like.
/// </summary>
public sealed class Yaml11NumberTests
{
    private static string Deployment(string replicas, string maxUnavailable) => $"""
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: web
          namespace: shop
        spec:
          replicas: {replicas}
          minReadySeconds: 10
          selector:
            matchLabels: {"{"}app: web{"}"}
          strategy:
            rollingUpdate:
              maxUnavailable: {maxUnavailable}
              maxSurge: 0
          template:
            metadata:
              labels: {"{"}app: web{"}"}
            spec:
              containers:
                - name: web
                  image: registry.example.com/shop/web:1.0.0
                  readinessProbe:
                    httpGet: {"{"}path: /ready, port: 8080{"}"}
                  volumeMounts:
                    - name: config
                      mountPath: /etc/web
              volumes:
                - name: config
                  configMap:
                    name: web
                    defaultMode: 0644
        ---
        apiVersion: policy/v1
        kind: PodDisruptionBudget
        metadata:
          name: web
          namespace: shop
        spec:
          maxUnavailable: 1
          selector:
            matchLabels: {"{"}app: web{"}"}
        """;

    [Theory]
    [InlineData("010", "8", 8)]
    [InlineData("0x8", "8", 8)]
    [InlineData("8", "010", 8)]
    [InlineData("1_0", "0o12", 10)]
    public void MaxUnavailable_ReplicasOrBoundInGoNotation_JudgedAsTheClusterReadsThem(string replicas, string maxUnavailable, int pods)
    {
        var finding = Lint.Text(Deployment(replicas, maxUnavailable)).Findings.ShouldHaveSingleItem();

        finding.Rule.ShouldBe("k8s/max-unavailable");
        finding.Evidence["pods"].ShouldBe(pods);
        finding.Message.ShouldBe($"Deployment shop/web: maxUnavailable {pods} is {pods} of its {pods} pods: the rolling update may take every pod down before a new one is ready");
    }

    [Fact]
    public void Replicas_LeadingZero_NotTheDecimalItLooksLike()
    {
        // 010 is 8 pods to the cluster, which a maxUnavailable of 9 takes down at once; the decimal 10 it looks like keeps one up.
        Lint.Text(Deployment("010", "9")).Findings.ShouldHaveSingleItem().Evidence["pods"].ShouldBe(8);
        Lint.Text(Deployment("10", "9")).Findings.ShouldBeEmpty();
    }

    [Fact]
    public void DefaultMode_Octal_TheTreeTheRulesReadHoldsWhatTheClusterStores()
    {
        var lint = Lint.Text(Deployment("3", "1"));

        lint.Findings.ShouldBeEmpty();
        var volume = lint.Set.Objects.Single(o => o.Kind == "Deployment").Node["spec"]!["template"]!["spec"]!["volumes"]![0]!;
        volume["configMap"]!["defaultMode"]!.ToJsonString().ShouldBe("420");
    }
}
