namespace Tollgate.Kubernetes.Tests.Manifests;

/// <summary>Small, real-shaped manifests for rule tests; each helper sets only what a test varies.</summary>
internal static class Manifests
{
    public static string Deployment(string name, int replicas = 3, string extraSpec = "minReadySeconds: 10", string labels = "", string probes = Probes, string ns = "") => $"""
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: {name}
        {(ns.Length > 0 ? "  namespace: " + ns : "")}
        spec:
          replicas: {replicas}
          {extraSpec}
          selector:
            matchLabels:
              app: {name}
          template:
            metadata:
              labels:
                app: {name}
                {labels}
            spec:
              containers:
                - name: app
                  image: example/app:1
        {probes}

        """;

    public const string Probes = """
                  readinessProbe:
                    httpGet: {path: /ready, port: 8080}
                  livenessProbe:
                    httpGet: {path: /live, port: 8080}
        """;

    public static string Rollout(string name, int replicas, string steps, string canaryExtra = "") => $"""
        apiVersion: argoproj.io/v1alpha1
        kind: Rollout
        metadata:
          name: {name}
        spec:
          replicas: {replicas}
          minReadySeconds: 10
          selector:
            matchLabels:
              app: {name}
          template:
            metadata:
              labels:
                app: {name}
            spec:
              containers:
                - name: app
                  image: example/app:1
        {Probes}
          strategy:
            canary:
              {canaryExtra}
              steps:
                {steps.ReplaceLineEndings("\n        ")}

        """;

    public static string Pdb(string name, string selector, string bound = "maxUnavailable: 1", string apiVersion = "policy/v1") => $"""
        apiVersion: {apiVersion}
        kind: PodDisruptionBudget
        metadata:
          name: {name}
        spec:
          {bound}
          selector:
            {selector}

        """;

    public static string Hpa(string name, string kind, string target, int min, string behavior = "") => $"""
        apiVersion: autoscaling/v2
        kind: HorizontalPodAutoscaler
        metadata:
          name: {name}
        spec:
          scaleTargetRef:
            apiVersion: v1
            kind: {kind}
            name: {target}
          minReplicas: {min}
          maxReplicas: 20
          {behavior}

        """;

    public static string All(params string[] documents) => string.Join("---\n", documents);
}
