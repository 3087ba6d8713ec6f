using Tollgate.Domain.Delivery;

namespace Tollgate.Domain.Dora;

/// <summary>An incident with the deploy that caused it and the deploy that remediated it, when they could be found.</summary>
public sealed record LinkedIncident(Incident Incident, Deploy? Cause, Deploy? Remediation, string LinkedBy);
