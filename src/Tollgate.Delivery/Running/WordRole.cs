namespace Tollgate.Delivery.Running;

/// <summary>
/// What a word of a command is to the shell, as far as a placeholder in it is concerned (<see cref="CommandLevel.Word"/>):
/// <paramref name="Evaluated"/> when bash evaluates the whole word as arithmetic (an argument of <c>let</c>, an operand of
/// <c>-eq</c> in <c>[[ … ]]</c>, a value for an integer variable), <paramref name="LookAhead"/> when that depends on the
/// word after it (a <c>[[ … ]]</c> operand before its operator), <paramref name="Element"/> for an element of an array
/// being assigned (<c>a=([i]=v)</c>), whose leading <c>[…]</c> is an index.
/// </summary>
internal readonly record struct WordRole(PlaceholderSite? Evaluated = null, bool LookAhead = false, bool Element = false);
