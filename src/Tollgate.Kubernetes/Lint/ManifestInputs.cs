using Tollgate.Domain;
using Tollgate.Domain.Gates;
using Tollgate.Domain.Inputs;
using Tollgate.Kubernetes.Manifests;

namespace Tollgate.Kubernetes.Lint;

/// <summary>
/// The texts a lint request names: files as given, directories walked for <c>.yaml</c>, <c>.yml</c> and
/// <c>.json</c> files (sorted, hidden directories and links to directories skipped), <c>-</c> from standard input;
/// every one read within <see cref="MaxBytes"/> as strict UTF-8 (<see cref="InputFile"/>). Standard input or a file
/// named on the command line with nothing in it is an error; an empty file met in a walk is one file of no objects.
/// </summary>
public static class ManifestInputs
{
    public const long MaxBytes = 32L << 20;

    private static readonly string[] Extensions = [".yaml", ".yml", ".json"];

    /// <summary>The names kustomize reads a kustomization from.</summary>
    private static readonly string[] Kustomizations = ["kustomization.yaml", "kustomization.yml", "Kustomization"];

    public static List<ManifestText> Load(K8sLintRequest request, GateContext context)
    {
        // Standard input comes once: a second - would read it empty and blame the command before the pipe.
        if (request.Paths.Count(p => p == "-") is > 1 and var dashes)
        {
            throw new InvalidInputException($"- is given {(dashes == 2 ? "twice" : $"{dashes} times")}: standard input is read once");
        }

        var texts = new List<ManifestText>();
        foreach (var path in request.Paths)
        {
            if (path == "-")
            {
                texts.Add(new ManifestText("-", ReadStandardInput(request.StandardInput ?? Console.OpenStandardInput)));
                continue;
            }

            var resolved = context.Resolve(path);
            if (Directory.Exists(resolved))
            {
                var files = Walk(resolved, context.Shown).ToList();
                if (files.Count == 0)
                {
                    throw new InvalidInputException($"{path} holds no .yaml, .yml or .json file");
                }

                texts.AddRange(files.Select(f => new ManifestText(context.Shown(f), InputFile.ReadText(f, context.Shown(f), MaxBytes))));
                continue;
            }

            // A file named on the command line with nothing in it is what a failed render writes
            // (helm template … > out.yaml): an input that never came, as on standard input, not a stream to hold on.
            var text = InputFile.ReadText(resolved, path, MaxBytes);
            texts.Add(string.IsNullOrWhiteSpace(text)
                ? throw new InvalidInputException($"{path} is empty: no manifest to lint (did the command that wrote it fail?)")
                : new ManifestText(path, text));
        }

        return texts;
    }

    /// <summary>
    /// The manifest files under <paramref name="directory"/>. A Helm chart (a directory with a <c>Chart.yaml</c>) holds Go
    /// templates, not manifests: refused with the command that renders it, instead of a YAML error at its first <c>{{</c>.
    /// A kustomization (a directory with a <c>kustomization.yaml</c>) is refused the same way: its files are bases and
    /// patches that only <c>kustomize build</c> turns into manifests (a patch is a partial object, its <c>namespace</c>,
    /// name prefixes and labels are not yet applied), so linting them as written reports objects no one applies.
    /// </summary>
    private static IEnumerable<string> Walk(string directory, Func<string, string> shown)
    {
        if (File.Exists(Path.Combine(directory, "Chart.yaml")))
        {
            throw new InvalidInputException($"{shown(directory)} is a Helm chart (Chart.yaml): its templates are manifests only once rendered; lint what it renders: helm template {shown(directory)} | tollgate k8s lint -");
        }

        if (Kustomizations.FirstOrDefault(k => File.Exists(Path.Combine(directory, k))) is { } kustomization)
        {
            throw new InvalidInputException($"{shown(directory)} is a kustomization ({kustomization}): its bases and patches are manifests only once built; lint what it builds: kubectl kustomize {shown(directory)} | tollgate k8s lint -");
        }

        var entries = new DirectoryInfo(directory).EnumerateFileSystemInfos().OrderBy(e => e.Name, StringComparer.Ordinal).ToList();
        foreach (var file in entries.OfType<FileInfo>().Where(f => Extensions.Contains(f.Extension, StringComparer.OrdinalIgnoreCase) && !f.Name.StartsWith('.')))
        {
            yield return file.FullName;
        }

        foreach (var sub in entries.OfType<DirectoryInfo>().Where(d => !d.Name.StartsWith('.') && d.LinkTarget is null))
        {
            foreach (var file in Walk(sub.FullName, shown))
            {
                yield return file;
            }
        }
    }

    private static string ReadStandardInput(Func<Stream> open)
    {
        using var input = open();
        using var buffer = new MemoryStream();
        var chunk = new byte[1 << 16];
        int read;
        while ((read = input.Read(chunk)) > 0)
        {
            buffer.Write(chunk, 0, read);
            if (buffer.Length > MaxBytes)
            {
                throw new InvalidInputException($"standard input is larger than {MaxBytes >> 20} MB; manifests are read up to that size");
            }
        }

        var text = InputFile.Decode(buffer.GetBuffer().AsSpan(0, (int)buffer.Length), "standard input");
        // Nothing at all is what a failed command before the pipe writes (helm template with an error): not a stream
        // without workloads to hold on, but an input that never came.
        return string.IsNullOrWhiteSpace(text)
            ? throw new InvalidInputException("standard input is empty: no manifest to lint (did the command before the pipe fail?)")
            : text;
    }
}
