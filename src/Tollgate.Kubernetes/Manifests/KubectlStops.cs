namespace Tollgate.Kubernetes.Manifests;

/// <summary>
/// What <c>kubectl apply -f</c> does with a document sigs.k8s.io/yaml cannot turn into JSON (a tag its text does not
/// fit, <c>.inf</c>, a null key), in the one phrasing every such exit-3 line uses: it applies the documents above it in
/// the file, not it nor any below it, and fails. It does not refuse the whole file:
/// <list type="bullet">
/// <item>the stream decoder converts one document at a time (<c>YAMLToJSONDecoder.Decode</c>,
/// <see href="https://github.com/kubernetes/apimachinery/blob/eed236ceee2c19c2753a3d93ac0631dc20750454/pkg/util/yaml/decoder.go#L125-L139"/>),
/// and <c>StreamVisitor.Visit</c> returns at the first document that fails, after handing on those before it
/// (<see href="https://github.com/kubernetes/cli-runtime/blob/69e8693b2560484b0b950d56006157200ab67947/pkg/resource/visitor.go#L589-L618"/>:
/// <c>error parsing FILE: error converting YAML to JSON: …</c>);</item>
/// <item>apply builds with <c>ContinueOnError</c>, so files are visited by an <c>EagerVisitorList</c> that goes on to
/// the next file (<see href="https://github.com/kubernetes/cli-runtime/blob/69e8693b2560484b0b950d56006157200ab67947/pkg/resource/builder.go#L1137-L1139"/>),
/// and <c>Result.Infos</c> returns the objects read along with the error
/// (<see href="https://github.com/kubernetes/cli-runtime/blob/69e8693b2560484b0b950d56006157200ab67947/pkg/resource/result.go#L113-L133"/>);</item>
/// <item><c>ApplyOptions.Run</c> keeps that error, applies every object read, then fails with it
/// (<see href="https://github.com/kubernetes/kubectl/blob/dee3483a3d6a64c07fdf746caf80af446dee99ac/pkg/cmd/apply/apply.go#L466-L543"/>).</item>
/// </list>
/// So a file with such a document is half applied; the lint stops on it (exit 3) rather than judge a part.
/// </summary>
internal static class KubectlStops
{
    /// <summary>
    /// <c>kubectl apply stops at this document and applies only those above it in the file (error converting YAML to
    /// JSON: <paramref name="reason"/>)</c>: <paramref name="reason"/> is sigs.k8s.io/yaml's or go-yaml's own words.
    /// </summary>
    public static string AtThisDocument(string reason) =>
        $"kubectl apply stops at this document and applies only those above it in the file (error converting YAML to JSON: {reason})";
}
