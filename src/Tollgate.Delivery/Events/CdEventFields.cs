namespace Tollgate.Delivery.Events;

/// <summary>The fields of one CDEvent that delivery facts are made of, as <see cref="CdEventLine"/> reads them in one pass.</summary>
internal sealed class CdEventFields
{
    public bool HasContext { get; set; }

    public bool HasSubject { get; set; }

    public bool HasSpecVersion { get; set; }

    public string? Id { get; set; }

    public string? Type { get; set; }

    public string? Timestamp { get; set; }

    public string? CausedBy { get; set; }

    public string? SubjectId { get; set; }

    public bool HasEnvironment { get; set; }

    public string? EnvironmentId { get; set; }

    public string? ArtifactId { get; set; }

    public string? ServiceId { get; set; }

    public string? Intent { get; set; }

    public string? Version { get; set; }

    public string? Result { get; set; }

    public string? CommitSha { get; set; }

    public string? CustomId { get; set; }

    public string? CommittedAt { get; set; }

    /// <summary>customData.changes: (id, committedAt) per item; a string item has no time.</summary>
    public List<(string? Id, string? CommittedAt, bool IsText)> Changes { get; } = [];
}
