using System.Text.Json;
using System.Text.Json.Nodes;
using Tollgate.Kubernetes.Manifests;

namespace Tollgate.Kubernetes.Objects;

/// <summary>
/// Documents to Kubernetes objects: a document with an <c>apiVersion</c> and a <c>kind</c> is an object, a
/// <c>kind: List</c> (or <c>DeploymentList</c>, …, as <c>kubectl get -o yaml</c> writes) is its items (none when
/// <c>items</c> is null, or a <c>List</c> has none), and an item of a typed list without its own <c>apiVersion</c> and
/// <c>kind</c> (as the API server returns them: <c>kubectl get --raw</c>) is the list's kind less <c>List</c> in the
/// list's <c>apiVersion</c>, as kubectl reads it (apimachinery's <c>UnstructuredList.UnmarshalJSON</c>: "For typed
/// lists, e.g., a PodList, API server doesn't set each item's APIVersion and Kind"); anything
/// else (a values file, a kustomization, whose <c>kustomize.config.k8s.io</c> apiVersion and kind no cluster serves)
/// is not a manifest and is set aside with a note. Each object is read as meant (<see cref="MeantFields"/>): a misspelt
/// field as the one it means.
/// </summary>
public static class ObjectReader
{
    public static (IReadOnlyList<KubeObject> Objects, IReadOnlyList<string> Notes) Read(IEnumerable<ManifestDocument> documents, string defaultNamespace)
    {
        var objects = new List<KubeObject>();
        var notes = new List<string>();
        foreach (var document in documents)
        {
            Add(document, document.Root, objects, notes, defaultNamespace, list: null);
        }

        return (objects, notes);
    }

    /// <summary>Adds <paramref name="node"/>'s object (or a list's items); <paramref name="list"/> is the list it is an item of.</summary>
    private static void Add(ManifestDocument document, JsonNode? node, List<KubeObject> objects, List<string> notes, string defaultNamespace, (string ApiVersion, string Kind)? list)
    {
        var line = document.LineOf(node) ?? document.Line;
        if (node is JsonObject bare && list is var (listVersion, listKind) && listKind != "List"
            && !bare.ContainsKey("apiVersion") && !bare.ContainsKey("kind"))
        {
            (bare["apiVersion"], bare["kind"]) = (listVersion, listKind[..^"List".Length]);
        }

        if (node is not JsonObject mapping || Str(mapping, "apiVersion") is not { Length: > 0 } apiVersion || Str(mapping, "kind") is not { Length: > 0 } kind)
        {
            notes.Add($"{document.File}:{line}: {(list is not null ? "a list item" : "a document")} without apiVersion and kind is not a Kubernetes object; ignored");
            return;
        }

        if (apiVersion.StartsWith("kustomize.config.k8s.io/", StringComparison.Ordinal))
        {
            notes.Add($"{document.File}:{line}: a {kind} ({apiVersion}) is kustomize's, not a Kubernetes object; ignored (lint what it builds: kubectl kustomize DIR | tollgate k8s lint -)");
            return;
        }

        if (kind.EndsWith("List", StringComparison.Ordinal) && ListItems(mapping, kind) is { } items)
        {
            foreach (var item in items)
            {
                Add(document, item, objects, notes, defaultNamespace, (apiVersion, kind));
            }

            return;
        }

        objects.Add(MeantFields.Read(Identify(mapping), Identify));

        KubeObject Identify(JsonObject tree)
        {
            var metadata = tree["metadata"] as JsonObject;
            var name = metadata is null ? "(unnamed)"
                : Str(metadata, "name") is { Length: > 0 } named ? named
                : Str(metadata, "generateName") is { Length: > 0 } prefix ? prefix + "*" : "(unnamed)";
            var space = (metadata is null ? null : Str(metadata, "namespace")) is { Length: > 0 } ns ? ns : defaultNamespace;
            // An object without a name is linted all the same (as "(unnamed)"), and found by k8s/invalid-manifest.
            return new KubeObject(apiVersion, kind, name, space, tree, document);
        }
    }

    /// <summary>
    /// A list's items: <c>items: null</c> (as Go's encoding/json writes a nil <c>Items</c> slice, which has no
    /// <c>omitempty</c>) and a <c>kind: List</c> without <c>items</c> are empty lists, never an object: the API server
    /// stores no List. Null when <paramref name="mapping"/> is not read as a list.
    /// </summary>
    private static IEnumerable<JsonNode?>? ListItems(JsonObject mapping, string kind) =>
        mapping.TryGetPropertyValue("items", out var items)
            ? items switch
            {
                JsonArray array => array,
                null => [],
                _ => null,
            }
            : kind == "List" ? [] : null;

    private static string? Str(JsonObject o, string key) =>
        o.TryGetPropertyValue(key, out var value) && value is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null;
}
