namespace Tollgate.Models.Mlflow;

/// <summary>
/// An import's transaction refused because another run (a <c>model register</c>, another import) registered versions
/// the import had found absent, between its look and its transaction: nothing was recorded. Thrown only to roll the
/// transaction back; <see cref="MlflowImport.RecordAsync"/> catches it and looks again, and after its last look says
/// <see cref="Exception.Message"/> as the one line of an input error.
/// </summary>
internal sealed class ImportRaced(string message) : Exception(message);
