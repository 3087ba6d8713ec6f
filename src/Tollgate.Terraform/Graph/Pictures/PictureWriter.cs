namespace Tollgate.Terraform.Graph.Pictures;

/// <summary>
/// How the host writes a picture file the user named (<c>graph --dot|--svg|--html</c>): <paramref name="write"/> fills
/// the file's contents; <paramref name="what"/> names it in errors ("the SVG picture"). The command line supplies its
/// one writer of named files, which replaces a regular file whole or not at all, so a failed or cancelled
/// <paramref name="write"/> (a full disk, graphviz failing, SIGTERM) leaves the previous picture as it was. A failure
/// is an <see cref="Domain.InvalidInputException"/> naming the file, or the exception <paramref name="write"/> threw.
/// </summary>
public delegate Task PictureWriter(string path, string what, Func<Stream, CancellationToken, Task> write, CancellationToken cancellationToken);
