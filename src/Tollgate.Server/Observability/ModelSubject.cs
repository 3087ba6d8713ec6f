using Tollgate.Domain.Ledger;

namespace Tollgate.Server.Observability;

/// <summary>
/// One subject's reports on <c>/metrics</c>: its <see cref="Newest"/> (whose verdict is exported, a hold too) and its
/// newest <see cref="Judged"/> one, not a hold, whose figures and findings are exported; null when every listed report
/// of the subject held.
/// </summary>
public sealed record ModelSubject(LedgerEntry Newest, LedgerEntry? Judged);
