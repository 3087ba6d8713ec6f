using System.CommandLine;
using Tollgate.Cli.Hosting;
using Tollgate.Domain;
using Tollgate.Kubernetes.Lint;
using Tollgate.Kubernetes.Objects;

namespace Tollgate.Cli.Commands;

/// <summary><c>tollgate k8s lint FILE|DIR|-…</c>: binds the options to a <see cref="K8sLintRequest"/> and runs the <see cref="K8sLintGate"/>.</summary>
public static class K8sLintCommand
{
    public static Command Create(CliHost host)
    {
        var paths = new Argument<string[]>("manifests")
        {
            Description = "Manifest files or directories (.yaml, .yml, .json; multi-document, Helm or Kustomize output, kubectl get -o yaml); - reads standard input",
            Arity = ArgumentArity.OneOrMore,
        }.WhenEmpty("give manifest files or directories, or - for standard input");
        var space = new Option<string>("--namespace", "-n")
        {
            Description = "Namespace of objects that name none (default: default)",
            DefaultValueFactory = _ => "default",
        }.WhenEmpty("give a namespace, or leave --namespace out for default");
        var common = new CommonOptions();
        var command = new Command("lint", "Rollout safety of Deployments, StatefulSets, Argo Rollouts and Flagger Canaries: PDBs, minReadySeconds, probes, canary steps, HPA pace, maxUnavailable");
        command.Arguments.Add(paths);
        command.Options.Add(space);
        common.AddTo(command);
        command.SetAction((parse, cancellationToken) =>
        {
            var request = new K8sLintRequest(parse.GetValue(paths) ?? [])
            {
                Namespace = Namespace(RecordOptions.NonEmpty(parse.GetValue(space), "--namespace")),
                StandardInput = host.OpenInput,
            };
            return common.RunGateAsync(parse, host, request.Paths, context => new K8sLintGate().RunAsync(request, context), null, cancellationToken);
        });
        return command;
    }

    /// <summary>A namespace the API server takes (an RFC 1123 label): objects put in any other could not be applied.</summary>
    private static string Namespace(string name) =>
        NameRules.Namespace(name) is { } says ? throw new InvalidInputException($"--namespace '{name}' is not a namespace Kubernetes takes: {says}") : name;
}
