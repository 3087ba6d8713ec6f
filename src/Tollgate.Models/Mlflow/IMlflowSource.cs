using System.Text.Json;

namespace Tollgate.Models.Mlflow;

/// <summary>
/// Where MLflow's registry is read from: a server's REST API 2.0 (<see cref="MlflowHttpSource"/>) or an export of its
/// answers on disk (<see cref="MlflowExportSource"/>). One call: GET an endpoint under <c>/api/2.0/mlflow/</c>.
/// </summary>
public interface IMlflowSource
{
    Task<JsonDocument> GetAsync(string endpoint, IReadOnlyList<KeyValuePair<string, string>> query, CancellationToken cancellationToken);
}
