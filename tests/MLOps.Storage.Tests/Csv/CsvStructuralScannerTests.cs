using FsCheck;
using FsCheck.Fluent;
using MLOps.Storage.Csv;

namespace MLOps.Storage.Tests.Csv;

public sealed class CsvStructuralScannerTests
{
    private static Gen<byte[]> Blocks =>
        Gen.ArrayOf(Gen.Frequency((3, Gen.Elements((byte)',', (byte)'\n', (byte)'\r', (byte)';', (byte)'"')), (7, Gen.Choose(0, 255).Select(b => (byte)b))), 64);

    [Fact]
    public void Every_vector_width_finds_the_same_bytes_as_the_scalar_loop()
    {
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(500), Prop.ForAll(Arb.From(Blocks), block =>
        {
            ulong expected = CsvStructuralScanner.MaskScalar(block, (byte)',');
            Assert.Equal(expected, CsvStructuralScanner.MaskVector128(ref block[0], (byte)','));
            Assert.Equal(expected, CsvStructuralScanner.MaskVector256(ref block[0], (byte)','));
            Assert.Equal(expected, CsvStructuralScanner.MaskVector512(ref block[0], (byte)','));
            Assert.Equal(expected, CsvStructuralScanner.ComputeMask(block, (byte)','));
        }));
    }

    [Fact]
    public void Find_agrees_with_index_of_any_from_every_position()
    {
        var cases = from length in Gen.Choose(0, 300)
                    from bytes in Gen.ArrayOf(Gen.Elements((byte)'a', (byte)'b', (byte)',', (byte)'\n', (byte)'\r'), length)
                    select bytes;

        Check.One(Config.QuickThrowOnFailure.WithMaxTest(200), Prop.ForAll(Arb.From(cases), bytes =>
        {
            // Garbage past the end of the data must be ignored.
            byte[] data = new byte[((bytes.Length / 64) + 1) * 64];
            data.AsSpan().Fill((byte)',');
            bytes.CopyTo(data, 0);
            var scanner = new CsvStructuralScanner((byte)',');
            for (int position = 0; position <= bytes.Length; position++)
            {
                int expected = bytes.AsSpan(position).IndexOfAny((byte)',', (byte)'\n', (byte)'\r');
                Assert.Equal(expected < 0 ? -1 : expected + position, scanner.Find(data, position, bytes.Length));
            }
        }));
    }
}
