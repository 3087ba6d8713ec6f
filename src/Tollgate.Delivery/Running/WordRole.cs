namespace Tollgate.Delivery.Running;

/// <summary>
/// What a word of a command is to the shell, as far as a placeholder in it is concerned (<see cref="CommandLevel.Word"/>):
/// <paramref name="Evaluated"/> when bash reads the word as more than data (arithmetic: an argument of <c>let</c>, an
/// operand of <c>-eq</c> in <c>[[ … ]]</c>, a value for an integer variable; a variable's name; shell code),
/// <paramref name="LookAhead"/> when that depends on the word after it (a <c>[[ … ]]</c> operand before its operator),
/// <paramref name="Element"/> for an element of an array being assigned (<c>a=([i]=v)</c>), whose leading <c>[…]</c> is
/// an index, <paramref name="Indexed"/> for a word whose leading <c>a[…]</c> is an array element bash evaluates the index
/// of: an assignment (<c>a[i]=v</c>) or a name a builtin takes (<c>unset 'a[i]'</c>). Anywhere else <c>a[…]</c> is data:
/// an argument's glob pattern (<c>echo x[i]</c>), text in quotes, a redirection's file.
/// </summary>
internal readonly record struct WordRole(PlaceholderSite? Evaluated = null, bool LookAhead = false, bool Element = false, bool Indexed = false);
