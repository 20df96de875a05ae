using FsCheck;
using FsCheck.Fluent;
using MLOps.Data;

namespace MLOps.Abstractions.Tests.Data;

public sealed class BitmapProperties
{
    private static Gen<(bool[] Bits, int Offset, int Length)> BitsWithRange() =>
        from bits in Gen.ArrayOf(Gen.Elements(true, false)).Select(b => b)
        from offset in Gen.Choose(0, bits.Length)
        from length in Gen.Choose(0, bits.Length - offset)
        select (bits, offset, length);

    [Fact]
    public void CountSet_counts_only_the_range()
    {
        Prop.ForAll(Arb.From(BitsWithRange().Resize(300)), t =>
        {
            byte[] packed = Pack(t.Bits);
            int expected = t.Bits.Skip(t.Offset).Take(t.Length).Count(b => b);
            Assert.Equal(expected, Bitmap.CountSet(packed, t.Offset, t.Length));
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Copy_moves_bits_between_any_offsets_and_leaves_the_rest()
    {
        var gen =
            from t in BitsWithRange().Resize(300)
            from destinationOffset in Gen.Choose(0, 17)
            from background in Gen.Elements((byte)0x00, (byte)0xFF, (byte)0xA5)
            select (t.Bits, t.Offset, t.Length, destinationOffset, background);
        Prop.ForAll(Arb.From(gen), t =>
        {
            byte[] source = Pack(t.Bits);
            byte[] destination = Enumerable.Repeat(t.background, Bitmap.ByteCount(t.destinationOffset + t.Length) + 1).ToArray();
            byte[] before = [.. destination];
            Bitmap.Copy(source, t.Offset, destination, t.destinationOffset, t.Length);
            for (int i = 0; i < destination.Length * 8; i++)
            {
                bool inRange = i >= t.destinationOffset && i < t.destinationOffset + t.Length;
                bool expected = inRange ? t.Bits[t.Offset + i - t.destinationOffset] : Bitmap.Get(before, i);
                Assert.Equal(expected, Bitmap.Get(destination, i));
            }
        }).QuickCheckThrowOnFailure();
    }

    private static byte[] Pack(bool[] bits)
    {
        // Garbage in the unused high bits of the last byte must not be counted.
        byte[] packed = Enumerable.Repeat((byte)0xFF, Bitmap.ByteCount(bits.Length) + 1).ToArray();
        for (int i = 0; i < bits.Length; i++)
        {
            Bitmap.Set(packed, i, bits[i]);
        }

        return packed;
    }
}
