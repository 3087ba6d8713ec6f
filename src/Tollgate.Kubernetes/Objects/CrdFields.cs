using System.Reflection;
using System.Text.Json.Nodes;

namespace Tollgate.Kubernetes.Objects;

/// <summary>
/// The field names a custom resource's schema declares, path by path (<c>spec.strategy.canary</c>: <c>steps</c>,
/// <c>maxSurge</c>, …; <c>[]</c> for a list's items), from a table generated out of the project's own CRD
/// (<c>rollout-fields.txt</c>, by <c>eng/k8s/rollout-fields.py</c>). A key it does not declare is one
/// <c>kubectl apply</c> refuses (strict field validation, its default: <c>strict decoding error: unknown field</c>)
/// and that an apply without validation silently drops (the API server prunes what a structural schema lacks), so a
/// mistyped <c>steps</c> would roll out with no canary steps at all. Paths the table does not list (maps such as
/// <c>labels</c>, int-or-string values, <c>spec.template</c>, which <see cref="ApiFields"/> reads as the pod
/// template it is) are not walked, nor
/// those where the CRD keeps unknown fields (<c>*</c>: plugin configuration). The value of a misspelt key is walked as
/// the field it means.
/// </summary>
public sealed class CrdFields
{
    private readonly Dictionary<string, string[]?> _byPath;

    private CrdFields(Dictionary<string, string[]?> byPath) => _byPath = byPath;

    /// <summary>An <c>argoproj.io/v1alpha1</c> Rollout's, from Argo Rollouts' <c>manifests/crds/rollout-crd.yaml</c>.</summary>
    public static CrdFields Rollout { get; } = Load("rollout-fields.txt");

    /// <summary>The fields declared at <paramref name="path"/>, or null when it is open or not walked.</summary>
    public IReadOnlyList<string>? At(string path) => _byPath.GetValueOrDefault(path);

    /// <summary>Every undeclared key under <paramref name="node"/> (the object's <c>spec</c>, read at <paramref name="path"/>), in document order.</summary>
    public IReadOnlyList<UnknownField> Unknown(JsonNode? node, string path = "spec")
    {
        var found = new List<UnknownField>();
        Walk(node, path, path, path, found);
        return found;
    }

    /// <summary>Walks <paramref name="node"/> at <paramref name="schemaPath"/>, shown at <paramref name="shownPath"/> as written and at <paramref name="meantPath"/> as meant.</summary>
    private void Walk(JsonNode? node, string schemaPath, string shownPath, string meantPath, List<UnknownField> found)
    {
        switch (node)
        {
            case JsonArray items:
                for (var i = 0; i < items.Count; i++)
                {
                    Walk(items[i], schemaPath + "[]", $"{shownPath}[{i}]", $"{meantPath}[{i}]", found);
                }

                break;
            case JsonObject mapping when _byPath.TryGetValue(schemaPath, out var fields) && fields is not null:
                foreach (var (key, value) in mapping)
                {
                    var field = key;
                    if (Array.BinarySearch(fields, key, StringComparer.Ordinal) < 0)
                    {
                        // A misspelt key's value is walked as the field it means, so what is misspelt inside it is found in the same run.
                        var near = Yaml.KeySuggestion.For(key, fields);
                        found.Add(new UnknownField($"{shownPath}.{key}", shownPath, meantPath, key, fields, near, mapping));
                        if (near is null)
                        {
                            continue;
                        }

                        field = near;
                    }

                    if (!(schemaPath == "spec" && field == "template"))
                    {
                        Walk(value, $"{schemaPath}.{field}", $"{shownPath}.{key}", $"{meantPath}.{field}", found);
                    }
                }

                break;
        }
    }

    private static CrdFields Load(string resource)
    {
        var name = $"Tollgate.Kubernetes.Objects.{resource}";
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"the field table {name} is not embedded");
        using var reader = new StreamReader(stream);
        var byPath = new Dictionary<string, string[]?>(StringComparer.Ordinal);
        while (reader.ReadLine() is { } line)
        {
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            var colon = line.IndexOf(": ", StringComparison.Ordinal);
            var fields = line[(colon + 2)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            Array.Sort(fields, StringComparer.Ordinal);
            byPath[line[..colon]] = fields is ["*"] ? null : fields;
        }

        return new CrdFields(byPath);
    }
}
