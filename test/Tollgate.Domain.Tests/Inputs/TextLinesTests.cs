using System.Text;
using Tollgate.Domain.Inputs;

namespace Tollgate.Domain.Tests.Inputs;

/// <summary>
/// A place in a text named by line and column the same way whether the text is held whole, counted in pieces as it
/// goes by (a pipe read once) or read again from a stream a piece at a time (a file of any size).
/// </summary>
public sealed class TextLinesTests
{
    private static readonly byte[] Text = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Range(0, 40_000).Select(i => $"{{\"n\": {i}}}\n")) + "{\"x\": \"\\ud800\"}\n");

    private static int Escape => Text.AsSpan().IndexOf("\\ud800"u8);

    [Fact]
    public void LineAndColumn_HeldWhole_LineAndColumnOfTheByte()
    {
        IllFormedText.LineAndColumn(Text, Escape).ShouldBe("line 40001, column 8");
        IllFormedText.LineAndColumn(Text, 0).ShouldBe("line 1, column 1");
        IllFormedText.LineAndColumn("a\nb"u8, 2).ShouldBe("line 2, column 1");
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(65_536)]
    public void After_CountedInPieces_SameAsHeldWhole(int piece)
    {
        var counted = default(TextLines);
        while (counted.Offset + piece <= Escape)
        {
            counted = counted.After(Text.AsSpan((int)counted.Offset, piece));
        }

        counted.LineAndColumn(Escape, Text.AsSpan((int)counted.Offset)).ShouldBe("line 40001, column 8");
    }

    [Fact]
    public void LineAndColumn_StreamReadAgain_SameAsHeldWholeReadingUpToThePlaceOnly()
    {
        using var stream = new MemoryStream(Text);

        var place = TextLines.LineAndColumn(stream, Escape);

        place.ShouldBe("line 40001, column 8");
        stream.Position.ShouldBe(Escape);
    }

    [Fact]
    public void LineAndColumn_StreamEndsBeforeThePlace_Null()
    {
        using var stream = new MemoryStream(Text);

        TextLines.LineAndColumn(stream, Text.Length + 1).ShouldBeNull();
    }
}
